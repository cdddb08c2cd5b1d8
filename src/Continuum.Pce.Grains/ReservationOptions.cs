namespace Continuum.Pce.Grains;

/// <summary>Timing of the hold/confirm protocol and candidate search.</summary>
public sealed class ReservationOptions
{
    /// <summary>A hold not confirmed within this time is resolved with its owner (presumed abort).</summary>
    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Candidates tried before a request is blocked for spectrum contention.</summary>
    public int MaxCandidates { get; set; } = 5;

    /// <summary>Target per-channel launch power sent to transponders, dBm.</summary>
    public double TargetOutputPowerDbm { get; set; } = 0;

    /// <summary>First delay before a failed device cleanup (delete or reroute) is retried; doubled after each failure.</summary>
    public TimeSpan CleanupRetryInitial { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between two device cleanup attempts.</summary>
    public TimeSpan CleanupRetryMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// First delay before an owed push of a live lightpath's configuration (a resync or repush a device refused) is
    /// retried; doubled after each failure, with ±20 % jitter. Restarts from here after a restart and after a success.
    /// </summary>
    public TimeSpan PushRetryInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts of an owed push (before jitter).</summary>
    public TimeSpan PushRetryMax { get; set; } = TimeSpan.FromSeconds(4);
}
