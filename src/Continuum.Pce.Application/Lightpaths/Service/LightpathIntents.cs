using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>
/// What a lightpath intends its devices to carry, from its stored data alone: the render intent of its path with the
/// interfaces it holds and the protection switch in force. The lightpath's own operations and the reconciliation of
/// devices (which reads the store, not the grains) use this one rule, so they never disagree.
/// </summary>
public static class LightpathIntents
{
    /// <summary>The protection switches' wait-to-restore when a pair does not name its own: 5 minutes (ITU-T G.808.1's usual default).</summary>
    public const uint DefaultWaitToRestoreMs = 300_000;

    /// <summary>The render intent of <paramref name="path"/>; null when the lightpath holds no interfaces or an end ROADM has no transponder.</summary>
    public static LightpathRenderIntent? Of(string owner, LightpathData data, PathCandidate path, PathTopology topology, double targetOutputPowerDbm)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(topology);
        if (data.SourceInterface is not { } si || data.DestinationInterface is not { } di)
        {
            return null;
        }

        if (!topology.TryGetTransponder(path.Nodes[0], out var srcTrx) || !topology.TryGetTransponder(path.Nodes[^1], out var dstTrx))
        {
            return null;
        }

        var intent = topology.RenderIntent(new LightpathId(owner), path, new TransponderEnd(srcTrx, si), new TransponderEnd(dstTrx, di), targetOutputPowerDbm);
        if (intent.Protection is not { } protection)
        {
            return intent;
        }

        // The switches revert to the working leg when the lightpath's policy is revertive; their timers are the pair's own.
        return intent with
        {
            Protection = protection with
            {
                Force = data.ProtectionForce,
                Revertive = data.Record?.Spec.Restoration == RestorationPolicy.RestoreRevertive,
                HoldOffMs = data.ProtectionHoldOffMs ?? 0,
                WaitToRestoreMs = data.ProtectionWaitToRestoreMs ?? DefaultWaitToRestoreMs,
            },
        };
    }

    /// <summary>
    /// Whether the lightpath is settled: Active or Degraded with no device cleanup owed and no stranded path, so that its
    /// devices should carry exactly its current path (nothing in flight could be changing them).
    /// </summary>
    public static bool IsSettled(LightpathData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Record is { State: LightpathState.Active or LightpathState.Degraded, Path: not null } && !data.OwesCleanup && data.StrandedPath is null && data.PreviousPath is null;
    }

    /// <summary>Whether the lightpath has ended and intends nothing on any device (no record, deleted, or failed with nothing owed).</summary>
    public static bool IsGone(LightpathData? data) =>
        data?.Record is null || data.Record.State is LightpathState.Deleted || (data.Record.State is LightpathState.Failed && !data.OwesCleanup);
}
