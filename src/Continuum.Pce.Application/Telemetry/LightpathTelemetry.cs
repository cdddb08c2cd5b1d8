using System.Collections.Immutable;
using System.Globalization;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Application.Telemetry;

/// <summary>
/// The latest figures a lightpath's receiver reports: the transponder line interface at one end (each end receives
/// the other's light), whether it sees a signal, and the optical-channel instant values.
/// </summary>
/// <param name="SignalPresent">False on loss of signal (component INACTIVE), true when ACTIVE, null before any status.</param>
/// <param name="OsnrDb">OSNR in 0.1 nm (12.5 GHz) as the device reports it, dB.</param>
public sealed record ReceiverReading(
    NodeId Transponder,
    int Interface,
    bool? SignalPresent,
    double? OsnrDb,
    double? InputPowerDbm,
    double? PreFecBer,
    DateTimeOffset At);

/// <summary>A fibre of the path reported down (loss of signal at its receive end), with the evidence.</summary>
public sealed record FiberOutage(FiberId Fiber, string Evidence, DateTimeOffset At);

/// <summary>
/// What a lightpath knows from telemetry, as an immutable value: the latest reading of each receiver and the fibres of
/// its path that are down. The lightpath grain keeps it; <see cref="LightpathHealth"/> judges it.
/// </summary>
public sealed record LightpathTelemetry(ImmutableArray<ReceiverReading> Receivers, ImmutableArray<FiberOutage> FibersDown)
{
    public static LightpathTelemetry Empty { get; } = new([], []);

    /// <summary>The lowest OSNR among receivers that see a signal (the lightpath's worst direction), if any.</summary>
    public double? MeasuredOsnrDb()
    {
        double? worst = null;
        foreach (var r in Receivers.IsDefault ? [] : Receivers)
        {
            if (r.SignalPresent != false && r.OsnrDb is { } osnr && (worst is null || osnr < worst))
            {
                worst = osnr;
            }
        }

        return worst;
    }

    /// <summary>When the newest figure was measured.</summary>
    public DateTimeOffset? LastMeasuredAt() => Receivers.IsDefaultOrEmpty ? null : Receivers.Max(r => r.At);

    /// <summary>
    /// Merges a partial reading (null fields keep the previous value) for one receiver. A reading older than the one held
    /// is ignored, so samples that arrive out of order cannot roll the figures back.
    /// </summary>
    public LightpathTelemetry With(ReceiverReading reading)
    {
        var receivers = Receivers.IsDefault ? [] : Receivers;
        for (var i = 0; i < receivers.Length; i++)
        {
            var held = receivers[i];
            if (held.Transponder == reading.Transponder && held.Interface == reading.Interface)
            {
                if (reading.At < held.At)
                {
                    return this;
                }

                var merged = new ReceiverReading(
                    held.Transponder,
                    held.Interface,
                    reading.SignalPresent ?? held.SignalPresent,
                    reading.OsnrDb ?? held.OsnrDb,
                    reading.InputPowerDbm ?? held.InputPowerDbm,
                    reading.PreFecBer ?? held.PreFecBer,
                    reading.At);
                return this with { Receivers = receivers.SetItem(i, merged) };
            }
        }

        return this with { Receivers = receivers.Add(reading) };
    }

    /// <summary>Records a fibre of the path going down or coming back up.</summary>
    public LightpathTelemetry WithFiber(FiberId fiber, bool up, string evidence, DateTimeOffset at)
    {
        var down = FibersDown.IsDefault ? [] : FibersDown;
        var index = -1;
        for (var i = 0; i < down.Length && index < 0; i++)
        {
            index = down[i].Fiber == fiber ? i : -1;
        }

        if (up)
        {
            return index < 0 ? this : this with { FibersDown = down.RemoveAt(index) };
        }

        return index >= 0 ? this : this with { FibersDown = down.Add(new FiberOutage(fiber, evidence, at)) };
    }
}

/// <summary>The verdict of <see cref="LightpathHealth.Assess"/>: degraded or not, and the figures that say why.</summary>
public sealed record LightpathCondition(bool Degraded, string Reason);

/// <summary>
/// When a lit lightpath is degraded (DESIGN.md §3, issue 6): a fibre of its path is down, a receiver has lost the
/// signal, or a receiver's OSNR (0.1 nm) is below the mode's required OSNR plus the margin. A degraded lightpath
/// recovers when none holds, with a small hysteresis on OSNR so a figure hovering at the threshold does not flap.
/// </summary>
public static class LightpathHealth
{
    /// <summary>OSNR must rise this far above the threshold before a degraded lightpath counts as recovered, dB.</summary>
    public const double RecoveryHysteresisDb = 0.2;

    /// <summary>The margin above the required OSNR when the request names none: the planning system margin.</summary>
    public const double DefaultMarginDb = Physics.ModeSelector.DefaultSystemMarginDb;

    /// <param name="requiredOsnrDb">The mode's required OSNR (0.1 nm); null when the mode is unknown, which leaves only
    /// the loss-of-signal and fibre rules.</param>
    public static LightpathCondition Assess(LightpathTelemetry telemetry, double? requiredOsnrDb, double marginDb, bool currentlyDegraded)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var problems = new List<string>();
        foreach (var outage in telemetry.FibersDown.IsDefault ? [] : telemetry.FibersDown)
        {
            problems.Add($"fibre {outage.Fiber} down ({outage.Evidence})");
        }

        var threshold = (requiredOsnrDb ?? double.NegativeInfinity) + marginDb;
        var recovery = threshold + (currentlyDegraded ? RecoveryHysteresisDb : 0);
        var figures = new List<string>();
        foreach (var r in telemetry.Receivers.IsDefault ? [] : telemetry.Receivers)
        {
            var where = $"{r.Transponder} interface {r.Interface}";
            if (r.SignalPresent == false)
            {
                problems.Add($"loss of signal at {where}");
            }
            else if (r.OsnrDb is { } osnr && osnr < recovery)
            {
                problems.Add(Invariant($"OSNR {osnr:F2} dB at {where} below required {requiredOsnrDb:F2} dB + {marginDb:F2} dB margin"));
            }
            else if (r.OsnrDb is { } ok)
            {
                figures.Add(Invariant($"OSNR {ok:F2} dB at {where}"));
            }
        }

        return problems.Count > 0
            ? new LightpathCondition(true, string.Join("; ", problems))
            : new LightpathCondition(false, figures.Count > 0
                ? string.Join("; ", figures) + (requiredOsnrDb is null ? "" : Invariant($" (required {requiredOsnrDb:F2} dB + {marginDb:F2} dB margin)"))
                : "no impairment reported");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
