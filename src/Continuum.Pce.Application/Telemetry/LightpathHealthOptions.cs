namespace Continuum.Pce.Application.Telemetry;

/// <summary>
/// How telemetry turns into a lightpath's health (<see cref="LightpathHealth.Judge"/>), bound from configuration
/// section <c>Pce:Health</c>. The defaults follow the alarm-persistency convention of transport equipment (a fault cause
/// must persist about 2.5 s before a failure is declared and be absent 10 s before it clears: ITU-T G.806/G.7710 as
/// equipment implements it), with settle windows for the moments the devices are known to be half-configured.
/// </summary>
public sealed class LightpathHealthOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "Pce:Health";

    /// <summary>
    /// After activation or a reroute, telemetry cannot degrade for this long: readings of that moment describe the
    /// devices half-configured (the first transponder lit before the far one transmits reports loss of signal and OSNR 0).
    /// 5 s: the emulator's state settles within one coalesced recompute (200 ms) of the last Set, a coherent receiver
    /// acquires in well under a second, and devices that sample rather than stream on change send a full sample within
    /// a few seconds; a real fault in that window is still judged when the window closes.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After the silo starts (telemetry ingestion subscribes anew), telemetry cannot degrade for this long: every device
    /// re-sends its full snapshot, the readings stored before the restart are stale, and emulated devices that started
    /// empty are given their lightpaths again (Bootstrap's resync). 10 s: twice <see cref="SettleTime"/>, for the
    /// snapshot of every device plus the resync of every live lightpath.
    /// </summary>
    public TimeSpan StartupSettleTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Low OSNR degrades once it held for this many consecutive readings (or <see cref="DegradeAfter"/>).</summary>
    public int DegradeAfterReadings { get; set; } = 3;

    /// <summary>Low OSNR degrades once it held for this long (or <see cref="DegradeAfterReadings"/> readings): 2.5 s, the failure persistency of transport equipment.</summary>
    public TimeSpan DegradeAfter { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// Loss of light (a receiver without signal, a fibre of the path down) degrades at once after the settle window.
    /// True by default: it is the device's own binary verdict, not a figure near a threshold, restoration starts from it
    /// (every second of delay is a second of outage), and its benign causes — a half-configured channel, devices being
    /// re-pushed after a restart — are what the settle windows cover. False applies the low-OSNR persistency to it too.
    /// </summary>
    public bool LossOfSignalDegradesAtOnce { get; set; } = true;

    /// <summary>A degraded lightpath recovers only with every OSNR at least this far above the threshold, dB.</summary>
    public double RecoveryMarginDb { get; set; } = 0.5;

    /// <summary>… and only once that held for this long: 10 s, the clearing persistency of transport equipment.</summary>
    public TimeSpan RecoveryHold { get; set; } = TimeSpan.FromSeconds(10);
}
