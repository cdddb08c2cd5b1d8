using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Domain.Lightpaths;

namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// The index of a stored lightpath: its tenant and lifecycle state (listing), and whether it is terminal — deleted, or
/// failed with nothing held and nothing owed to a device (a blocked request) — which the retention policy may purge.
/// </summary>
public static class LightpathStateIndex
{
    public static StateIndex Of(object? state, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (state is not LightpathData { Record: { } record } data)
        {
            return StateIndex.None;
        }

        var terminal = record.State is LightpathState.Deleted ||
            (record.State is LightpathState.Failed && record.Path is null && !data.OwesCleanup && !ReconcileLightpath.IsPending(data));
        return new StateIndex(record.Spec.Tenant.Value, record.State.ToString(), terminal, time.GetUtcNow().ToUnixTimeMilliseconds());
    }
}
