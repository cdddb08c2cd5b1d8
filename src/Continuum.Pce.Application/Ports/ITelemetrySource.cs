using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Application.Ports;

/// <summary>
/// Streams what devices measure, as domain values (no gRPC or OpenConfig types). The southbound implements it with gNMI
/// STREAM subscriptions that reconnect and subscribe again; node and lightpath grains consume it.
/// </summary>
public interface ITelemetrySource
{
    /// <summary>Samples of one device until cancelled; the first ones describe the current state (the initial sync).</summary>
    IAsyncEnumerable<TelemetrySample> WatchAsync(NodeId device, CancellationToken cancellationToken);
}

/// <summary>One measurement or status change reported by a device.</summary>
public abstract record TelemetrySample(NodeId Device, DateTimeOffset At)
{
    /// <summary>Optical-channel state of a transponder line interface (OpenConfig optical-channel/state, instant values).</summary>
    /// <param name="OsnrDb">OSNR in 0.1 nm (12.5 GHz), dB.</param>
    public sealed record OpticalChannel(NodeId Device, DateTimeOffset At, string Component, double? OsnrDb, double? InputPowerDbm, double? OutputPowerDbm, double? PreFecBer)
        : TelemetrySample(Device, At)
    {
        /// <summary>The transponder line interface (1-based) the component serves, when the source's port map knows it.</summary>
        public int? Interface { get; init; }
    }

    /// <summary>Operational status of a component (ACTIVE, or not: INACTIVE on loss of signal, DISABLED).</summary>
    public sealed record ComponentStatus(NodeId Device, DateTimeOffset At, string Component, bool Active) : TelemetrySample(Device, At)
    {
        /// <summary>The transponder line interface (1-based) of an optical-channel component, when known.</summary>
        public int? Interface { get; init; }

        /// <summary>The ROADM termination point of a port component (a degree's line input or output, an add/drop port), when known.</summary>
        public RoadmPort? Port { get; init; }

        /// <summary>Whether <see cref="Port"/> is the receiving side (line input, add port) rather than the transmitting side.</summary>
        public bool IsInput { get; init; }
    }

    /// <summary>Operational status of a ROADM media channel (UP passes light).</summary>
    public sealed record MediaChannelStatus(NodeId Device, DateTimeOffset At, uint Index, bool Up) : TelemetrySample(Device, At);

    /// <summary>
    /// The device has sent its current state in full (gNMI sync_response after a (re)subscription): a media channel
    /// kept from before and not among <paramref name="MediaChannels"/> is gone (deleted while the stream was down).
    /// </summary>
    public sealed record Synchronised(NodeId Device, DateTimeOffset At, IReadOnlyList<uint> MediaChannels) : TelemetrySample(Device, At);

    /// <summary>A ROADM media channel is gone from the device (its lightpath was deleted or moved).</summary>
    public sealed record MediaChannelRemoved(NodeId Device, DateTimeOffset At, uint Index) : TelemetrySample(Device, At);

    /// <summary>The subscription broke and is being re-established (attempt number, reason).</summary>
    public sealed record Reconnecting(NodeId Device, DateTimeOffset At, int Attempt, string Reason) : TelemetrySample(Device, At);
}
