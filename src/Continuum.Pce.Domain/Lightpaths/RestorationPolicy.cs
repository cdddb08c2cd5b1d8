namespace Continuum.Pce.Domain.Lightpaths;

/// <summary>What the controller does for a lightpath when a fibre or node on its path fails.</summary>
public enum RestorationPolicy
{
    // The numbers are part of the wire format: never renumber.

    /// <summary>Nothing: the lightpath stays Degraded on its path until the failure is repaired.</summary>
    None = 0,

    /// <summary>Re-routed around the failure (and its shared-risk groups), and stays on the new path.</summary>
    Restore = 1,

    /// <summary>Restored, then returned to its original path once the repair has been stable for the wait-to-restore time.</summary>
    RestoreRevertive = 2,
}

/// <summary>Restoration priorities: 0 is restored first, 7 last (the setup-priority convention of RSVP-TE, RFC 3209).</summary>
public static class RestorationPriority
{
    public const int Highest = 0;
    public const int Lowest = 7;
    public const int Default = 4;

    public static bool IsValid(int priority) => priority is >= Highest and <= Lowest;
}
