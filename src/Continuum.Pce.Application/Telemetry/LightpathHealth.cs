using System.Globalization;

namespace Continuum.Pce.Application.Telemetry;

/// <summary>What the telemetry says right now, worst first.</summary>
public enum HealthConditionKind
{
    /// <summary>Every figure clears the threshold plus the recovery margin (or no figure is known).</summary>
    Clear,

    /// <summary>Every figure clears the threshold, some by less than the recovery margin: healthy, not yet recovered.</summary>
    Marginal,

    /// <summary>A receiver's OSNR is below the mode's required OSNR plus the margin.</summary>
    LowOsnr,

    /// <summary>A receiver has lost the signal, or a fibre of the path is down.</summary>
    LossOfLight,
}

/// <summary>The instant condition and the figures that say why.</summary>
public sealed record LightpathCondition(HealthConditionKind Kind, string Reason)
{
    public bool Impaired => Kind is HealthConditionKind.LowOsnr or HealthConditionKind.LossOfLight;
}

/// <summary>The mode's required OSNR (0.1 nm; null when the mode is unknown) and the margin the lightpath asked for, dB.</summary>
public sealed record OsnrRequirement(double? RequiredDb, double MarginDb)
{
    public double ThresholdDb => (RequiredDb ?? double.NegativeInfinity) + MarginDb;
}

/// <summary>
/// When the lightpath's devices were last (re)configured (activation, reroute) and when the silo started: each opens a
/// settle window during which telemetry cannot change its health.
/// </summary>
public sealed record SettleEpochs(DateTimeOffset? Configured, DateTimeOffset? SiloStarted)
{
    /// <summary>When the last settle window closes (the minimum value when none is open).</summary>
    public DateTimeOffset SettledAt(LightpathHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settled = DateTimeOffset.MinValue;
        if (Configured is { } configured && configured + options.SettleTime > settled)
        {
            settled = configured + options.SettleTime;
        }

        if (SiloStarted is { } started && started + options.StartupSettleTime > settled)
        {
            settled = started + options.StartupSettleTime;
        }

        return settled;
    }
}

/// <summary>What assessment triggered a judgement: a reading (counts toward consecutive readings) or a timer.</summary>
public enum HealthTrigger
{
    Reading,
    Timer,
}

/// <summary>
/// The hysteresis memory between judgements: since when (and for how many consecutive readings) an Active lightpath's
/// condition has been impaired, or since when a Degraded one's has been clear.
/// </summary>
public sealed record HealthTrack(DateTimeOffset? ImpairedSince, int ImpairedReadings, DateTimeOffset? ClearSince)
{
    public static HealthTrack None { get; } = new(null, 0, null);
}

/// <summary>What to do with the lightpath.</summary>
public enum HealthDecision
{
    Stay,
    Degrade,
    Recover,
}

/// <param name="ReassessAt">When to judge again without a new reading (a settle window or a persistency closes), if ever.</param>
public sealed record HealthVerdict(HealthDecision Decision, LightpathCondition Condition, HealthTrack Track, DateTimeOffset? ReassessAt);

/// <summary>
/// When a lit lightpath is degraded (DESIGN.md §3, issues 6 and 21), as pure functions of the telemetry of its current
/// path, its lifecycle times, the time and <see cref="LightpathHealthOptions"/>:
/// <list type="bullet">
/// <item>impaired = loss of light (a fibre of the path down, a receiver without signal) or a receiver's OSNR (0.1 nm)
/// below the mode's required OSNR plus the margin;</item>
/// <item>within a settle window (after activation, reroute or silo start) nothing changes: the readings of that moment
/// describe devices half-configured or streams just resubscribed; when the window closes the held figures are judged;</item>
/// <item>an Active lightpath degrades on loss of light at once, on low OSNR only once it held for N consecutive
/// readings or T seconds;</item>
/// <item>a Degraded lightpath recovers only once every OSNR cleared the threshold plus a margin for a hold time.</item>
/// </list>
/// Telemetry streams on change, so a condition that holds sends no further reading: the verdict names when to look again.
/// </summary>
public static class LightpathHealth
{
    /// <summary>The margin above the required OSNR when the request names none: the planning system margin.</summary>
    public const double DefaultMarginDb = Physics.ModeSelector.DefaultSystemMarginDb;

    /// <summary>The instant condition of the telemetry (already narrowed to the current path, see <see cref="LightpathTelemetry.ForPath"/>).</summary>
    public static LightpathCondition Evaluate(LightpathTelemetry telemetry, OsnrRequirement requirement, double recoveryMarginDb)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(requirement);
        var loss = new List<string>();
        foreach (var outage in telemetry.FibersDown.IsDefault ? [] : telemetry.FibersDown)
        {
            loss.Add($"fibre {outage.Fiber} down ({outage.Evidence})");
        }

        var threshold = requirement.ThresholdDb;
        var low = new List<string>();
        var figures = new List<string>();
        var marginal = false;
        foreach (var r in telemetry.Receivers.IsDefault ? [] : telemetry.Receivers)
        {
            var where = $"{r.Transponder} interface {r.Interface}";
            if (r.SignalPresent == false)
            {
                loss.Add($"loss of signal at {where}");
            }
            else if (r.OsnrDb is { } osnr && osnr < threshold)
            {
                low.Add(Invariant($"OSNR {osnr:F2} dB at {where} below required {requirement.RequiredDb:F2} dB + {requirement.MarginDb:F2} dB margin"));
            }
            else if (r.OsnrDb is { } ok)
            {
                marginal |= ok < threshold + recoveryMarginDb;
                figures.Add(Invariant($"OSNR {ok:F2} dB at {where}"));
            }
        }

        if (loss.Count > 0)
        {
            return new LightpathCondition(HealthConditionKind.LossOfLight, string.Join("; ", loss.Concat(low)));
        }

        if (low.Count > 0)
        {
            return new LightpathCondition(HealthConditionKind.LowOsnr, string.Join("; ", low));
        }

        var reason = figures.Count > 0
            ? string.Join("; ", figures) + (requirement.RequiredDb is null ? "" : Invariant($" (required {requirement.RequiredDb:F2} dB + {requirement.MarginDb:F2} dB margin)"))
            : "no impairment reported";
        return marginal
            ? new LightpathCondition(HealthConditionKind.Marginal, reason + Invariant($", within the {recoveryMarginDb:F2} dB recovery margin"))
            : new LightpathCondition(HealthConditionKind.Clear, reason);
    }

    /// <summary>Judges a lit lightpath (Active, or Degraded when <paramref name="degraded"/>); see the class summary.</summary>
    public static HealthVerdict Judge(
        LightpathTelemetry telemetry,
        OsnrRequirement requirement,
        bool degraded,
        SettleEpochs epochs,
        HealthTrack track,
        HealthTrigger trigger,
        DateTimeOffset now,
        LightpathHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(options);
        var condition = Evaluate(telemetry, requirement, options.RecoveryMarginDb);
        var settledAt = epochs.SettledAt(options);
        if (now < settledAt)
        {
            // Untrusted readings: neither degrade nor recover, and start no persistency; look again when the window
            // closes if the held figures would change something then.
            var pending = degraded ? condition.Kind == HealthConditionKind.Clear : condition.Impaired;
            return new HealthVerdict(HealthDecision.Stay, condition, HealthTrack.None, pending ? settledAt : null);
        }

        if (!degraded)
        {
            if (!condition.Impaired)
            {
                return new HealthVerdict(HealthDecision.Stay, condition, HealthTrack.None, null);
            }

            var since = track.ImpairedSince ?? now;
            var readings = track.ImpairedReadings + (trigger == HealthTrigger.Reading ? 1 : 0);
            if ((condition.Kind == HealthConditionKind.LossOfLight && options.LossOfSignalDegradesAtOnce) ||
                readings >= options.DegradeAfterReadings ||
                now - since >= options.DegradeAfter)
            {
                return new HealthVerdict(HealthDecision.Degrade, condition, HealthTrack.None, null);
            }

            return new HealthVerdict(HealthDecision.Stay, condition, new HealthTrack(since, readings, null), since + options.DegradeAfter);
        }

        if (condition.Kind != HealthConditionKind.Clear)
        {
            return new HealthVerdict(HealthDecision.Stay, condition, HealthTrack.None, null);
        }

        var clearSince = track.ClearSince ?? now;
        if (now - clearSince >= options.RecoveryHold)
        {
            return new HealthVerdict(HealthDecision.Recover, condition, HealthTrack.None, null);
        }

        return new HealthVerdict(HealthDecision.Stay, condition, new HealthTrack(null, 0, clearSince), clearSince + options.RecoveryHold);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
