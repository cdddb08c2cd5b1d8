using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Planning.Defrag;

/// <summary>
/// One lightpath of the live network as the defragmentation snapshot reads it: its key ("tenant/id", the owner of its
/// spectrum claims), state, every fibre it holds slots on (both directions), its slots, whether both end transponders'
/// types retune hitlessly (equipment library <c>hitlessRetune</c>), and what may keep it in place.
/// </summary>
public sealed record LiveLightpath(
    string Key,
    string Tenant,
    LightpathState State,
    ImmutableArray<FiberId> ReservedFibers,
    SlotRange? Slots,
    bool HitlessRetune,
    bool Protected = false,
    bool OwesCleanup = false);

/// <summary>One claim on one fibre as the fibre's ledger lists it: who holds which slots.</summary>
public sealed record LiveClaim(FiberId Fiber, string Holder, SlotRange Slots);

/// <summary>Which lightpaths a plan may move: a tenant's (null: every tenant's) and those crossing a fibre (null: anywhere).</summary>
public sealed record DefragScope(string? Tenant = null, FiberId? Fiber = null)
{
    public static DefragScope Everything { get; } = new();
}

/// <summary>
/// Maps the live network (lightpaths and fibre claims) onto the planner's <see cref="NetworkSnapshot"/>. Movable: an
/// Active, unprotected lightpath in scope that owes no device cleanup, crosses no fibre with a guard band, and whose
/// claims are exactly its own slots on exactly its fibres (nothing in flight). Everything else that holds spectrum
/// stays where it is: its claims become <see cref="FixedClaim"/>s, so the plan moves around them.
/// </summary>
public static class LiveSnapshot
{
    public static NetworkSnapshot Build(
        int slotCount,
        IEnumerable<LiveLightpath> lightpaths,
        IEnumerable<LiveClaim> claims,
        DefragScope scope,
        IReadOnlySet<FiberId> guardBanded)
    {
        ArgumentNullException.ThrowIfNull(lightpaths);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(guardBanded);
        var byHolder = claims.GroupBy(c => c.Holder, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var movable = ImmutableArray.CreateBuilder<SnapshotLightpath>();
        var moving = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lp in lightpaths.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!IsMovable(lp, scope, guardBanded) || !byHolder.TryGetValue(lp.Key, out var own) || !ClaimsMatch(lp, own))
            {
                continue;
            }

            movable.Add(new SnapshotLightpath(lp.Key, [.. lp.ReservedFibers.Distinct().OrderBy(f => f.Value, StringComparer.Ordinal)], lp.Slots!.Value, lp.HitlessRetune));
            moving.Add(lp.Key);
        }

        var fixedClaims = byHolder.Where(kv => !moving.Contains(kv.Key)).SelectMany(kv => kv.Value)
            .OrderBy(c => c.Fiber.Value, StringComparer.Ordinal).ThenBy(c => c.Slots.Start)
            .Select(c => new FixedClaim(c.Fiber, c.Slots, c.Holder));
        return new NetworkSnapshot(slotCount, movable.ToImmutable()) { Fixed = [.. fixedClaims] };
    }

    private static bool IsMovable(LiveLightpath lp, DefragScope scope, IReadOnlySet<FiberId> guardBanded) =>
        lp.State == LightpathState.Active && lp.Slots is not null && !lp.Protected && !lp.OwesCleanup && !lp.ReservedFibers.IsDefaultOrEmpty
        && (scope.Tenant is null || scope.Tenant == lp.Tenant)
        && (scope.Fiber is not { } fiber || lp.ReservedFibers.Contains(fiber))
        && !lp.ReservedFibers.Any(guardBanded.Contains);

    /// <summary>One claim per fibre of the lightpath, each on its own slots, and none elsewhere.</summary>
    private static bool ClaimsMatch(LiveLightpath lp, List<LiveClaim> own)
    {
        var fibres = lp.ReservedFibers.ToHashSet();
        return own.Count == fibres.Count && own.All(c => c.Slots == lp.Slots && fibres.Contains(c.Fiber)) && own.Select(c => c.Fiber).Distinct().Count() == own.Count;
    }
}
