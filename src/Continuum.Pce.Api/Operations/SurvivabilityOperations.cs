using Continuum.Pce.Api.Auth;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Reports;
using Continuum.Pce.Application.Survivability;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Operations;

/// <summary>One failure's outcome for the caller: its lightpaths hit, restored and lost, and (when asked) each one's fate.</summary>
public sealed record FailureImpactDto(
    string Kind,
    string Id,
    IReadOnlyList<string> FailedFibers,
    int Hit,
    int Restored,
    int Lost,
    int LostGbps,
    IReadOnlyDictionary<string, int> LostGbpsByTenant,
    double? MeanExtraLatencyUs,
    double? MaxExtraLatencyUs,
    double? MinMarginDb,
    IReadOnlyList<LightpathImpactDto>? Lightpaths);

/// <summary>A hit lightpath: restored on a path (fibres, slots, extra latency, QoT margin), or lost with the block reason.</summary>
public sealed record LightpathImpactDto(
    string Id,
    string Tenant,
    int Priority,
    int RateGbps,
    bool Restored,
    double? ExtraLatencyUs,
    double? MarginDb,
    IReadOnlyList<string>? Fibers,
    int? SlotStart,
    int? SlotCount,
    string? BlockReason,
    string? BlockDetail)
{
    /// <summary>A 1+1 lightpath that lost one leg: its protection switches carried it onto the other (fibres), nothing was re-routed.</summary>
    public bool Switched { get; init; }
}

public sealed record TenantExposureDto(string Tenant, int Lightpaths, int CarriedGbps, int WorstLostGbps, string? WorstFailure, int FailuresWithLoss);

/// <summary>The survivability report as JSON: per failure, and per tenant the worst single failure.</summary>
public sealed record SurvivabilityDto(
    string Network,
    int Lightpaths,
    int CarriedGbps,
    int FailuresAnalysed,
    int FailuresWithLoss,
    int LightpathsAtRisk,
    IReadOnlyList<TenantExposureDto> Tenants,
    IReadOnlyList<FailureImpactDto> Failures);

/// <summary>
/// The what-if survivability analysis on the live network: every Active or Degraded lightpath (of every tenant: they
/// all compete for spectrum when restored) on the fibre grains' current occupancy and up/down state, every single
/// fibre-pair, SRLG and ROADM failure; the caller sees only its own tenant's lightpaths (admins: all).
/// </summary>
public sealed class SurvivabilityOperations(IGrainFactory grains, INetworkCatalog catalog, LightpathDirectory directory)
{
    public async Task<Outcome<(SurvivabilityResult Result, ReportDocument Document)>> AnalyseAsync(Caller caller, string? failures, CancellationToken cancellationToken)
    {
        if (!TryKinds(failures, out var kinds))
        {
            return ApiError.Invalid("failures", $"expected a comma-separated list of fiber, srlg and node, got '{failures}'");
        }

        if (catalog.Current is not { } snapshot)
        {
            return ApiError.NoTopology();
        }

        var network = snapshot.Network;
        var lightpaths = new List<SurvivabilityLightpath>();
        await foreach (var lp in directory.AllAsync(null, null, cancellationToken))
        {
            if (lp.State is LightpathState.Active or LightpathState.Degraded && lp.Nodes.Length >= 2 && lp.Fibers.Length > 0 && lp.SlotCount is > 0 &&
                lp.Fibers.All(f => network.TryGetFiber(new FiberId(f), out _)))
            {
                lightpaths.Add(new SurvivabilityLightpath(
                    lp.Id, lp.Tenant, lp.RestorationPriority, new NodeId(lp.Nodes[0]), new NodeId(lp.Nodes[^1]), lp.BitRateGbps, [.. lp.Nodes.Select(n => new NodeId(n))],
                    [.. lp.Fibers.Select(f => new FiberId(f))], new SlotRange(lp.SlotStart ?? 0, lp.SlotCount.Value), lp.LatencyUs ?? 0)
                {
                    ProtectionNodes = lp.Protection is { } p ? [.. p.Nodes.Select(n => new NodeId(n))] : [],
                    ProtectionFibers = lp.Protection is { } q && q.Fibers.All(f => network.TryGetFiber(new FiberId(f), out _)) ? [.. q.Fibers.Select(f => new FiberId(f))] : [],
                    ProtectionLatencyUs = lp.Protection?.LatencyUs ?? 0,
                });
            }
        }

        // The fibre grains decide what is taken (holds of lightpaths being set up included) and what is down.
        var spectra = await Task.WhenAll(network.Fibers.Select(f => grains.GetGrain<IFiberGrain>(f.Id.Value).GetSpectrum()));
        var claims = new List<FiberClaim>();
        var down = new List<FiberId>();
        for (var i = 0; i < spectra.Length; i++)
        {
            var id = network.Fibers[i].Id;
            claims.AddRange(spectra[i].Claims.Select(c => new FiberClaim(id, new SlotRange(c.SlotStart, Math.Max(1, c.SlotCount)))));
            if (!spectra[i].IsUp)
            {
                down.Add(id);
            }
        }

        var result = SurvivabilityAnalysis.Run(snapshot, lightpaths, new SurvivabilityOptions { Kinds = kinds }, claims, down);
        if (!caller.SeesAllTenants)
        {
            // Another tenant's lightpaths competed for spectrum, but what they are and what they lose stays theirs.
            result = result.ForTenant(caller.Tenant);
        }

        var scope = caller.SeesAllTenants ? "every tenant's" : $"tenant {caller.Tenant}'s";
        return (result, SurvivabilityReport.Document(result, $"Live network: {scope} Active and Degraded lightpaths on the fibres' current occupancy, each with its own restoration priority."));
    }

    public static SurvivabilityDto ToDto(SurvivabilityResult result, bool withLightpaths) => new(
        result.Network,
        result.Lightpaths.Length,
        result.Lightpaths.Sum(l => l.RateGbps),
        result.Failures.Length,
        result.FailuresWithLoss,
        result.LightpathsAtRisk,
        [.. result.Tenants.Select(t => new TenantExposureDto(t.Tenant, t.Lightpaths, t.CarriedGbps, t.WorstLostGbps, t.WorstFailure?.ToString(), t.FailuresWithLoss))],
        [.. result.Failures.Select(f => new FailureImpactDto(
            f.Failure.Kind.ToString().ToLowerInvariant(),
            f.Failure.Id,
            [.. f.Failure.FailedFibers.Select(x => x.Value)],
            f.HitCount,
            f.RestoredCount,
            f.LostCount,
            f.LostGbps,
            f.LostGbpsByTenant,
            Round(f.MeanExtraLatencyUs, 3),
            Round(f.MaxExtraLatencyUs, 3),
            Round(f.MinMarginDb, 2),
            withLightpaths ? [.. f.Hit.Select(Lightpath)] : null))]);

    private static LightpathImpactDto Lightpath(LightpathImpact h) => new(
        h.Lightpath.Id,
        h.Lightpath.Tenant,
        h.Lightpath.Priority,
        h.Lightpath.RateGbps,
        h.Restored,
        h.Restored ? Math.Round(h.ExtraLatencyUs, 3) : null,
        Round(h.Restoration?.MarginDb, 2),
        h.Restoration is { } r ? [.. r.Fibers.Select(x => x.Value)] : null,
        h.Restoration?.Slots.Start,
        h.Restoration?.Slots.Count,
        h.Reason?.Reason.ToString(),
        h.Reason?.Detail)
    {
        Switched = h.Switched,
    };

    private static double? Round(double? value, int decimals) => value is { } v ? Math.Round(v, decimals) : null;

    private static bool TryKinds(string? text, out FailureKinds kinds)
    {
        kinds = FailureKinds.None;
        if (string.IsNullOrWhiteSpace(text))
        {
            kinds = FailureKinds.All;
            return true;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            switch (part)
            {
                case "fiber":
                    kinds |= FailureKinds.Fibers;
                    break;
                case "srlg":
                    kinds |= FailureKinds.Srlgs;
                    break;
                case "node":
                    kinds |= FailureKinds.Nodes;
                    break;
                default:
                    return false;
            }
        }

        return kinds != FailureKinds.None;
    }
}
