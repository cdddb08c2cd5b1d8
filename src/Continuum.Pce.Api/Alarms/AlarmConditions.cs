using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;

namespace Continuum.Pce.Api.Alarms;

/// <summary>
/// Which alarm conditions hold for a lightpath, a fibre or a node, as pure functions of what the server knows of it.
/// Each answer names every alarm key the resource can have, with the condition when it holds and null when it does
/// not, so that the caller clears what is gone as well as raising what is new.
/// </summary>
public static class AlarmConditions
{
    public static string LightpathResource(string id) => $"lightpath:{id}";

    public static string FiberResource(string fiber) => $"fiber:{fiber}";

    public static string NodeResource(string node) => $"node:{node}";

    /// <summary>
    /// A lightpath's conditions: degraded while Degraded; failed while Failed by a device or rendering failure (a
    /// blocked request is an answer to its caller, not an alarm); cleanup-failed while a delete or reroute left the
    /// devices carrying a channel; unrestorable while an automatic restoration found no way around a failure. A lightpath that no longer exists (deleted) has none.
    /// </summary>
    public static IReadOnlyList<(AlarmKey Key, AlarmCondition? Condition)> ForLightpath(LightpathView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var resource = LightpathResource(view.Id);
        var degraded = new AlarmKey(AlarmKind.LightpathDegraded, resource, view.Tenant);
        var failed = new AlarmKey(AlarmKind.LightpathFailed, resource, view.Tenant);
        var cleanup = new AlarmKey(AlarmKind.LightpathCleanupFailed, resource, view.Tenant);
        var unrestorable = new AlarmKey(AlarmKind.LightpathUnrestorable, resource, view.Tenant);
        var exists = view.Exists && view.State is not LightpathState.Deleted;
        return
        [
            (degraded, exists && view.State is LightpathState.Degraded
                ? new AlarmCondition(degraded, AlarmSeverity.Major, $"lightpath {view.Id} is degraded: {LastReason(view) ?? "see its history"}")
                : null),
            (failed, exists && view.State is LightpathState.Failed && view.FailureReason is { } failure && view.BlockReason is null
                ? new AlarmCondition(failed, AlarmSeverity.Critical, $"lightpath {view.Id} failed: {failure}")
                : null),
            (cleanup, exists && view.CleanupFailure is { } cleanupFailure
                ? new AlarmCondition(cleanup, AlarmSeverity.Major, $"lightpath {view.Id}: the devices still carry its channel, cleanup failed: {cleanupFailure}" +
                                                                 (view.CleanupRetryAt is { } retry ? $" (next attempt {retry:u})" : ""))
                : null),
            (unrestorable, exists && view.RestorationFailure is { } restorationFailure
                ? new AlarmCondition(unrestorable, AlarmSeverity.Critical, $"lightpath {view.Id} could not be restored: {restorationFailure} (retried while the failure lasts)")
                : null),
        ];
    }

    /// <summary>A fibre is alarmed while it is down (loss of signal).</summary>
    public static (AlarmKey Key, AlarmCondition? Condition) ForFiber(string fiber, FiberLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return ForFiber(fiber, ledger.IsUp);
    }

    public static (AlarmKey Key, AlarmCondition? Condition) ForFiber(string fiber, bool isUp)
    {
        var key = new AlarmKey(AlarmKind.FiberDown, FiberResource(fiber), null);
        return (key, isUp ? null : new AlarmCondition(key, AlarmSeverity.Critical, $"fibre {fiber} is down (loss of signal)"));
    }

    /// <summary>A node is alarmed while its device is unreachable or down.</summary>
    public static (AlarmKey Key, AlarmCondition? Condition) ForNode(string node, string health)
    {
        var key = new AlarmKey(AlarmKind.NodeUnreachable, NodeResource(node), null);
        return (key, health is "unreachable" or "down" ? new AlarmCondition(key, AlarmSeverity.Major, $"node {node} is {health}") : null);
    }

    /// <summary>
    /// A device is alarmed while reconciliation finds drift on it (<paramref name="drift"/>: the kind of each finding that
    /// is the controller's business): major when an intended entry is missing, different or blocked by foreign
    /// configuration (a lightpath is not carried as intended), minor when only orphans remain.
    /// </summary>
    public static (AlarmKey Key, AlarmCondition? Condition) ForDeviceDrift(string node, IReadOnlyCollection<Southbound.Gnmi.Rendering.DriftKind> drift, string policy)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var key = new AlarmKey(AlarmKind.DeviceDrift, NodeResource(node), null);
        if (drift.Count == 0)
        {
            return (key, null);
        }

        var counts = string.Join(", ", drift.GroupBy(k => k).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        var severity = drift.Any(k => k != Southbound.Gnmi.Rendering.DriftKind.Orphan) ? AlarmSeverity.Major : AlarmSeverity.Minor;
        return (key, new AlarmCondition(key, severity, $"node {node}: configuration drift ({counts}; policy {policy}): GET /api/v1/nodes/{node}/drift"));
    }

    private static string? LastReason(LightpathView view) =>
        view.History.IsDefaultOrEmpty ? null : view.History[^1].Reason;
}
