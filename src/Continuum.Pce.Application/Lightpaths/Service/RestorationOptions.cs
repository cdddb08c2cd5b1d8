namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>
/// Timers and limits of automatic restoration, from the configuration section <c>Pce:Restoration</c>. The timer names
/// follow linear protection (ITU-T G.808.1): hold-off delays acting on a failure so a flap shorter than it does
/// nothing; guard keeps a lightpath from being moved again right after a move; wait-to-restore is how long a repair
/// must hold before a revertive lightpath returns home.
/// </summary>
public sealed class RestorationOptions
{
    public const string Section = "Pce:Restoration";

    /// <summary>How long a failure must last before restoration starts.</summary>
    public TimeSpan HoldOff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The least time between two automatic moves of one lightpath.</summary>
    public TimeSpan Guard { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the home path must have been up before a revertive lightpath returns to it.</summary>
    public TimeSpan WaitToRestore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// 1+1: the hold-off time written to the protection switches (openconfig-transport-line-protection
    /// <c>hold-off-time</c>): how long a loss of light must last before they switch. 0, the default, switches at once.
    /// </summary>
    public TimeSpan ProtectionHoldOff { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// 1+1 with policy <c>restore-revertive</c>: the wait-to-restore time written to the protection switches (they are
    /// then <c>revertive</c>): how long the working leg must have been clear before they return to it.
    /// </summary>
    public TimeSpan ProtectionWaitToRestore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a restored revertive lightpath checks its home path.</summary>
    public TimeSpan RevertCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry of a restoration that found no path (doubling up to <see cref="RetryMax"/>).</summary>
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many restorations one server runs at once; the rest wait their turn in priority order.</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>
    /// When the first restoration of a storm arrives, how long the server gathers the others before starting, so
    /// that the first batch is already in priority order.
    /// </summary>
    public TimeSpan GatherWindow { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The retry delay after <paramref name="failures"/> failed attempts in a row.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var delay = RetryInitial;
        for (var i = 1; i < failures && delay < RetryMax; i++)
        {
            delay += delay;
        }

        return delay < RetryMax ? delay : RetryMax;
    }
}
