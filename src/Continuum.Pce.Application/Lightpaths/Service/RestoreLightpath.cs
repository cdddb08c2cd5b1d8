using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>
/// A restoration: the fibres reported down, the ROADMs reported unreachable, and why (recorded in the history).
/// </summary>
public sealed record RestoreLightpathRequest(ImmutableArray<FiberId> DownFibers, string Cause)
{
    /// <summary>ROADMs whose management is lost: the new path avoids them, and their part of the old path is cleared when they return.</summary>
    public ImmutableArray<NodeId> DownNodes { get; init; } = [];

    /// <summary>A path a restoration batch planned for this lightpath (tried first; if the fibres refuse it, the search runs as usual).</summary>
    public PathCandidate? Planned { get; init; }
}

/// <summary>
/// Automatic restoration after a failure: the lightpath is re-routed around the failed fibres, both directions of each,
/// and every fibre sharing a risk group with them, with the QoT of the new path checked against the channels lit there
/// (the path computation's own rule). The spectrum moves make-before-break; the devices old-out then new-in, as in any
/// reroute (the old path carries no light anyway). A revertive lightpath remembers the path it left. When no path is
/// left the lightpath stays on its failed path (Degraded, its claims and devices kept so a repair brings it back) with
/// the reason in <see cref="LightpathData.RestorationFailure"/>, which its caller alarms and retries.
/// An unreachable ROADM that the path transits (not an end: the service cannot avoid its own ends) is avoided as a
/// node; the old path's channels are removed from every device that answers and left stranded on the unreachable one,
/// its spectrum claims kept, until it answers again and is cleared (<see cref="ReconcileLightpath"/>).
/// </summary>
public static class RestoreLightpath
{
    public static async Task<RerouteOutcome> ExecuteAsync(LightpathContext lp, RestoreLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        if (lp.Record?.Path?.Protection is not null)
        {
            // 1+1: the devices have switched to the surviving leg already; the failed leg is restored on its own.
            return await ProtectLightpath.RestoreLegAsync(lp, request);
        }

        if (lp.Record is not { State: LightpathState.Active or LightpathState.Degraded, Path: { } path } record)
        {
            return new RerouteOutcome(lp.Record, "InvalidState", "only an Active or Degraded lightpath is restored");
        }

        if (SearchFor(lp, record, path, request) is not { } found)
        {
            return new RerouteOutcome(record, "NotAffected", "the path crosses none of the failed fibres");
        }

        var (search, downNodes) = found;
        var home = lp.Data.HomePath;
        if (record.Spec.Restoration == RestorationPolicy.RestoreRevertive && home is null)
        {
            lp.Data.HomePath = path;
        }

        var outcome = await RerouteLightpath.ExecuteAsync(lp, new RerouteLightpathRequest(search, $"restoration: {request.Cause}")
        {
            SearchOnly = true,
            Unreachable = [.. downNodes],
            Planned = request.Planned is { } planned ? [planned] : default,
        });
        if (outcome.Moved)
        {
            lp.Data.RestorationFailure = null;
            return outcome;
        }

        lp.Data.HomePath = home;
        lp.Data.RestorationFailure = $"{request.Cause}; not restorable: {outcome.Detail ?? outcome.Refusal}";
        if (lp.Record is { } current)
        {
            await lp.SaveAsync(current);
        }

        return outcome;
    }

    /// <summary>
    /// The restoration's search: the lightpath's spec with the failed fibres (both directions), their shared-risk groups
    /// and the unreachable ROADMs it transits excluded, and those ROADMs; null when the path crosses none of them.
    /// </summary>
    public static (LightpathSpec Search, ImmutableArray<NodeId> DownNodes)? SearchFor(LightpathContext lp, LightpathRecord record, PathCandidate path, RestoreLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(request);
        var failed = lp.Topology.BothWays(request.DownFibers.IsDefault ? [] : request.DownFibers);
        var downNodes = Transited(path, request.DownNodes);
        if (!lp.Topology.BothWays(path.Fibers).Any(failed.Contains) && downNodes.IsEmpty)
        {
            return null;
        }

        var network = lp.Snapshot.Network;
        var srlgs = failed.SelectMany(f => network.TryGetFiber(f, out var fiber) ? fiber.Srlgs : []).Distinct();
        var constraints = record.Spec.Request.Constraints;
        var search = record.Spec with
        {
            Request = record.Spec.Request with
            {
                Constraints = constraints with
                {
                    ExcludeFibers = [.. (constraints.ExcludeFibers.IsDefault ? [] : constraints.ExcludeFibers).Union(failed)],
                    ExcludeSrlgs = [.. (constraints.ExcludeSrlgs.IsDefault ? [] : constraints.ExcludeSrlgs).Union(srlgs)],
                    ExcludeNodes = [.. (constraints.ExcludeNodes.IsDefault ? [] : constraints.ExcludeNodes).Union(downNodes)],
                },
            },
        };
        return (search, downNodes);
    }

    /// <summary>
    /// A restoration batch found nothing for the lightpath: it stays on its failed path (Degraded, claims and devices
    /// kept) with the reason recorded, exactly as when its own search finds nothing, without having moved to Restoring.
    /// </summary>
    public static async Task<RerouteOutcome> ReportUnrestorableAsync(LightpathContext lp, RestoreLightpathRequest request, Blocked blocked)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(blocked);
        if (lp.Record is not { State: LightpathState.Active or LightpathState.Degraded } record)
        {
            return new RerouteOutcome(lp.Record, "InvalidState", "only an Active or Degraded lightpath is restored");
        }

        lp.Data.RestorationFailure = $"{request.Cause}; not restorable: {blocked.Detail}";
        await lp.SaveAsync(record);
        return new RerouteOutcome(record, blocked.Reason.ToString(), blocked.Detail);
    }

    /// <summary>The ROADMs of <paramref name="down"/> that the path transits (its ends excluded).</summary>
    public static ImmutableArray<NodeId> Transited(PathCandidate path, ImmutableArray<NodeId> down)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (down.IsDefaultOrEmpty || path.Nodes.Length < 3)
        {
            return [];
        }

        return [.. path.Nodes.Skip(1).Take(path.Nodes.Length - 2).Where(down.Contains).Distinct()];
    }

    /// <summary>The failure is gone (repaired): nothing is owed any more.</summary>
    public static async Task ClearFailureAsync(LightpathContext lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        if (lp.Data.RestorationFailure is not null && lp.Record is { } record)
        {
            lp.Data.RestorationFailure = null;
            await lp.SaveAsync(record);
        }
    }
}

/// <summary>
/// The return of a revertive lightpath to its home path once the repair has held for the wait-to-restore time: a
/// reroute that accepts only the home route (any free slots on it), make-before-break like every reroute.
/// </summary>
public static class RevertLightpath
{
    public static async Task<RerouteOutcome> ExecuteAsync(LightpathContext lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        if (lp.Data.HomePath is not { } home || lp.Record is not { Path: { } path } record)
        {
            return new RerouteOutcome(lp.Record, "NotRestored", "the lightpath has no home path to return to");
        }

        if (RerouteLightpath.SameRoute(path, home))
        {
            lp.Data.HomePath = null;
            await lp.SaveAsync(record);
            return new RerouteOutcome(record, null, null);
        }

        var outcome = await RerouteLightpath.ExecuteAsync(lp, new RerouteLightpathRequest(null, "revert: back to the home path after wait-to-restore")
        {
            Accept = c => RerouteLightpath.SameRoute(c, home),
        });
        if (outcome.Moved && lp.Record is { } moved)
        {
            lp.Data.HomePath = null;
            await lp.SaveAsync(moved);
        }

        return outcome;
    }
}
