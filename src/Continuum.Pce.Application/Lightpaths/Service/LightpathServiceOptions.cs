namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>Settings of the lightpath use cases.</summary>
public sealed class LightpathServiceOptions
{
    /// <summary>How many candidate allocations a create tries before it is blocked for spectrum.</summary>
    public int MaxCandidates { get; set; } = 5;

    /// <summary>Launch power of the transponders (dBm).</summary>
    public double TargetOutputPowerDbm { get; set; } = 0;

    /// <summary>First delay before a failed device cleanup is retried; doubled after each failure.</summary>
    public TimeSpan CleanupRetryInitial { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between two cleanup attempts.</summary>
    public TimeSpan CleanupRetryMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>1+1: how long the protection switches wait on a loss of light before switching (0: at once).</summary>
    public TimeSpan ProtectionHoldOff { get; set; } = TimeSpan.Zero;

    /// <summary>1+1 with a revertive policy: how long the working leg must have been clear before the switches return to it.</summary>
    public TimeSpan ProtectionWaitToRestore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The delay before cleanup attempt <paramref name="failures"/> + 1: initial × 2^(failures − 1), capped.</summary>
    public TimeSpan CleanupBackoff(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(CleanupRetryInitial.Ticks * factor, CleanupRetryMax.Ticks));
        return delay < CleanupRetryInitial ? CleanupRetryInitial : delay;
    }
}
