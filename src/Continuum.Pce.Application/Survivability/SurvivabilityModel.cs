using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Survivability;

/// <summary>
/// A lightpath as the survivability analysis sees it: who owns it, how urgently it is restored (a lower
/// <paramref name="Priority"/>, 0 to 7, is restored first; ties in id order), its end ROADMs, its rate, and where it runs now
/// (ROADM path, A→Z fibres, slots held on them and on their reverses, end-to-end latency in µs).
/// </summary>
public sealed record SurvivabilityLightpath(
    string Id,
    string Tenant,
    int Priority,
    NodeId Source,
    NodeId Destination,
    int RateGbps,
    ImmutableArray<NodeId> Nodes,
    ImmutableArray<FiberId> Fibers,
    SlotRange Slots,
    double LatencyUs)
{
    /// <summary>
    /// A 1+1 lightpath's protection leg (ROADM path and A→Z fibres, on the same slots; empty when unprotected): a failure
    /// of one leg only switches the service onto the other, nothing is re-routed.
    /// </summary>
    public ImmutableArray<NodeId> ProtectionNodes { get; init; } = [];

    public ImmutableArray<FiberId> ProtectionFibers { get; init; } = [];

    public double ProtectionLatencyUs { get; init; }

    public bool IsProtected => !ProtectionFibers.IsDefaultOrEmpty;
}

/// <summary>What fails in a scenario.</summary>
public enum FailureKind
{
    /// <summary>One duplex fibre pair (a cable cut takes both directions).</summary>
    Fiber,

    /// <summary>Every fibre of a shared-risk link group.</summary>
    Srlg,

    /// <summary>A ROADM and every fibre into or out of it.</summary>
    Node,
}

/// <summary>Which kinds of single failure an analysis enumerates.</summary>
[Flags]
public enum FailureKinds
{
    None = 0,
    Fibers = 1,
    Srlgs = 2,
    Nodes = 4,
    All = Fibers | Srlgs | Nodes,
}

/// <summary>
/// One single failure: its kind and id (a fibre pair by its pair key, an SRLG id, a ROADM id), the directed fibres that
/// go dark, the failed ROADM for a node failure, and what restoration must avoid (the failed fibres and their SRLGs,
/// or the failed node), as path constraints for the engine's own path computation.
/// </summary>
public sealed record FailureScenario(FailureKind Kind, string Id, ImmutableArray<FiberId> FailedFibers, NodeId? FailedNode, PathConstraints Avoid)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Id}";
}

/// <summary>
/// A lightpath a failure hit: restored on <see cref="Restoration"/> (a path the engine found with its QoT margin, on
/// spectrum free in the failure's spectrum state), or lost with <see cref="Reason"/>.
/// </summary>
public sealed record LightpathImpact(SurvivabilityLightpath Lightpath, PathCandidate? Restoration, Blocked? Reason)
{
    /// <summary>
    /// A 1+1 lightpath of which the failure took one leg: its protection switches carried it onto the other leg
    /// (<see cref="Restoration"/> is that leg), with no re-route and no spectrum taken.
    /// </summary>
    public bool Switched { get; init; }

    public bool Restored => Restoration is not null;

    /// <summary>Latency added by the restoration path (µs; may be negative when the old path was not the shortest); 0 when lost.</summary>
    public double ExtraLatencyUs => Restoration is { } r ? r.LatencyUs - Lightpath.LatencyUs : 0;
}

/// <summary>The outcome of one failure: every lightpath it hit, in the order restoration tried them (priority first).</summary>
public sealed record FailureImpact(FailureScenario Failure, ImmutableArray<LightpathImpact> Hit)
{
    public int HitCount => Hit.Length;

    public int RestoredCount => Hit.Count(h => h.Restored);

    public int LostCount => Hit.Length - RestoredCount;

    public int HitGbps => Hit.Sum(h => h.Lightpath.RateGbps);

    /// <summary>Capacity not restorable: the rate of every lost lightpath.</summary>
    public int LostGbps => Hit.Where(h => !h.Restored).Sum(h => h.Lightpath.RateGbps);

    /// <summary>Capacity not restorable per tenant (only tenants that lose something), tenant in ordinal order.</summary>
    public ImmutableSortedDictionary<string, int> LostGbpsByTenant =>
        Hit.Where(h => !h.Restored).GroupBy(h => h.Lightpath.Tenant, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(g => g.Key, g => g.Sum(h => h.Lightpath.RateGbps), StringComparer.Ordinal);

    public double? MeanExtraLatencyUs => RestoredCount == 0 ? null : Hit.Where(h => h.Restored).Average(h => h.ExtraLatencyUs);

    public double? MaxExtraLatencyUs => RestoredCount == 0 ? null : Hit.Where(h => h.Restored).Max(h => h.ExtraLatencyUs);

    /// <summary>The smallest QoT margin (dB) among the restoration paths, when the engine reported margins.</summary>
    public double? MinMarginDb => Hit.Select(h => h.Restoration?.MarginDb).Where(m => m is not null).Min();

    /// <summary>The same outcome seen by one tenant: only its own lightpaths.</summary>
    public FailureImpact ForTenant(string tenant) => this with { Hit = [.. Hit.Where(h => h.Lightpath.Tenant == tenant)] };
}

/// <summary>Every single failure analysed over one network and one set of lightpaths.</summary>
public sealed record SurvivabilityResult(string Network, ImmutableArray<SurvivabilityLightpath> Lightpaths, ImmutableArray<FailureImpact> Failures)
{
    public int FailuresWithLoss => Failures.Count(f => f.LostCount > 0);

    /// <summary>
    /// Lightpaths that some single failure other than of their own end ROADM leaves unrestored (no re-route survives the
    /// loss of an end ROADM, so every lightpath would otherwise count).
    /// </summary>
    public int LightpathsAtRisk => Failures
        .SelectMany(f => f.Hit.Where(h => !h.Restored && !EndsAt(h.Lightpath, f.Failure.FailedNode)))
        .Select(h => h.Lightpath.Id).Distinct(StringComparer.Ordinal).Count();

    private static bool EndsAt(SurvivabilityLightpath lightpath, NodeId? node) => node is { } n && (lightpath.Source == n || lightpath.Destination == n);

    /// <summary>
    /// Per tenant: lightpaths and Gb/s carried, and the worst single failure for it (most Gb/s not restorable, ties
    /// broken by failure order), tenant in ordinal order.
    /// </summary>
    public ImmutableArray<TenantExposure> Tenants =>
    [
        .. Lightpaths.GroupBy(l => l.Tenant, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var worst = Failures.Select(f => (Failure: f, Lost: f.LostGbpsByTenant.GetValueOrDefault(g.Key))).Where(x => x.Lost > 0)
                .DefaultIfEmpty().MaxBy(x => x.Lost); // a tenant no failure costs anything: no worst failure (MaxBy of no tuples throws)
            return new TenantExposure(g.Key, g.Count(), g.Sum(l => l.RateGbps), worst.Lost, worst.Failure?.Failure,
                Failures.Count(f => f.LostGbpsByTenant.ContainsKey(g.Key)));
        }),
    ];

    /// <summary>The same analysis seen by one tenant: its own lightpaths and, per failure, only its own hit lightpaths.</summary>
    public SurvivabilityResult ForTenant(string tenant) =>
        this with { Lightpaths = [.. Lightpaths.Where(l => l.Tenant == tenant)], Failures = [.. Failures.Select(f => f.ForTenant(tenant))] };
}

/// <summary>A tenant's exposure: what it carries, and the single failure that costs it most (null when none costs it anything).</summary>
public sealed record TenantExposure(string Tenant, int Lightpaths, int CarriedGbps, int WorstLostGbps, FailureScenario? WorstFailure, int FailuresWithLoss);
