namespace Continuum.Pce.Domain.Lightpaths;

/// <summary>The lifecycle of a lightpath (DESIGN.md §3). The numbers are part of the wire format: never renumber.</summary>
public enum LightpathState
{
    Requested = 0,
    Computed = 1,
    Reserved = 2,
    Provisioning = 3,
    Active = 4,
    Degraded = 5,
    Restoring = 6,
    Deleting = 7,
    Deleted = 8,
    Failed = 9,
}

/// <summary>Which lifecycle transitions are legal. Failed is reachable from every live state; Deleted and Failed are final.</summary>
public static class LightpathLifecycle
{
    public static bool IsFinal(LightpathState state) => state is LightpathState.Deleted or LightpathState.Failed;

    public static bool CanMove(LightpathState from, LightpathState to)
    {
        if (IsFinal(from))
        {
            return false;
        }

        if (to == LightpathState.Failed)
        {
            return true;
        }

        return (from, to) switch
        {
            (LightpathState.Requested, LightpathState.Computed) => true,
            (LightpathState.Computed, LightpathState.Reserved) => true,
            (LightpathState.Reserved, LightpathState.Provisioning) => true,
            (LightpathState.Provisioning, LightpathState.Active) => true,
            (LightpathState.Active, LightpathState.Degraded) => true,
            (LightpathState.Degraded, LightpathState.Active) => true,
            (LightpathState.Degraded, LightpathState.Restoring) => true,
            (LightpathState.Active, LightpathState.Restoring) => true,
            (LightpathState.Restoring, LightpathState.Active) => true,
            (LightpathState.Requested or LightpathState.Computed or LightpathState.Reserved or LightpathState.Provisioning
                or LightpathState.Active or LightpathState.Degraded or LightpathState.Restoring, LightpathState.Deleting) => true,
            (LightpathState.Deleting, LightpathState.Deleted) => true,
            _ => false,
        };
    }
}

/// <summary>One lifecycle transition, with the time it happened and why.</summary>
public sealed record LightpathEvent(LightpathState From, LightpathState To, DateTimeOffset At, string? Reason = null);
