using System.Collections.Immutable;
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

/// <summary>A receiver of a lightpath: the line interface of the transponder at one end.</summary>
public readonly record struct ReceiverId(NodeId Transponder, int Interface);

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

                // Figures held from a loss of signal were measured without light (a receiver reports OSNR 0 then): once
                // the signal is back they say nothing, so they are not carried into the lit reading.
                var relit = held.SignalPresent == false && reading.SignalPresent == true;
                var merged = new ReceiverReading(
                    held.Transponder,
                    held.Interface,
                    reading.SignalPresent ?? held.SignalPresent,
                    reading.OsnrDb ?? (relit ? null : held.OsnrDb),
                    reading.InputPowerDbm ?? (relit ? null : held.InputPowerDbm),
                    reading.PreFecBer ?? (relit ? null : held.PreFecBer),
                    reading.At);
                return this with { Receivers = receivers.SetItem(i, merged) };
            }
        }

        return this with { Receivers = receivers.Add(reading) };
    }

    /// <summary>
    /// The telemetry of the path the lightpath has now: outages of fibres no longer on it are dropped (after a reroute
    /// off a cut fibre, the repair is told only to the fibre's current owners, so an outage kept would never clear), and
    /// readings of receivers it no longer uses. An empty receiver list means the receivers are not known yet: all kept.
    /// </summary>
    public LightpathTelemetry ForPath(IReadOnlyCollection<FiberId> fibers, IReadOnlyCollection<ReceiverId> receivers)
    {
        ArgumentNullException.ThrowIfNull(fibers);
        ArgumentNullException.ThrowIfNull(receivers);
        var down = FibersDown.IsDefault ? [] : FibersDown;
        var read = Receivers.IsDefault ? [] : Receivers;
        var keptDown = down.RemoveAll(o => !fibers.Contains(o.Fiber));
        var keptRead = receivers.Count == 0 ? read : read.RemoveAll(r => !receivers.Contains(new ReceiverId(r.Transponder, r.Interface)));
        return keptDown.Length == down.Length && keptRead.Length == read.Length && !FibersDown.IsDefault && !Receivers.IsDefault
            ? this
            : new LightpathTelemetry(keptRead, keptDown);
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
