using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Domain.Network;

/// <summary>
/// The amplifier at the end of a span. <paramref name="GainDb"/> null means "compensate the span loss" (the usual
/// operating point); <paramref name="Device"/> names the in-line amplifier node that is configured over gNMI, if any.
/// </summary>
public sealed record SpanAmplifier(AmplifierTypeId Type, double? GainDb = null, double TiltDb = 0, NodeId? Device = null);

/// <summary>
/// One fibre span: a length of one fibre type between two amplifier (or ROADM) sites.
/// </summary>
/// <param name="LossDbPerKm">Attenuation; null takes the fibre type's.</param>
/// <param name="ConnectorInDb">Connector and patch-panel loss at the span input.</param>
/// <param name="ConnectorOutDb">Connector and patch-panel loss at the span output.</param>
/// <param name="Amplifier">The amplifier at the end of the span; null on the last span of a fibre into a ROADM pre-amplifier-less degree.</param>
public sealed record Span(
    double LengthKm,
    FiberTypeId FiberType,
    double? LossDbPerKm = null,
    double ConnectorInDb = 0,
    double ConnectorOutDb = 0,
    SpanAmplifier? Amplifier = null)
{
    /// <summary>Total span loss in dB given the fibre type's attenuation (used when <see cref="LossDbPerKm"/> is null).</summary>
    public double TotalLossDb(double typeAttenuationDbPerKm) =>
        LengthKm * (LossDbPerKm ?? typeAttenuationDbPerKm) + ConnectorInDb + ConnectorOutDb;
}
