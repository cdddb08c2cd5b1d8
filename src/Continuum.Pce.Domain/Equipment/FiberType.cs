using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Domain.Equipment;

/// <summary>A fibre type's transmission parameters.</summary>
/// <param name="DispersionPsPerNmKm">Chromatic dispersion D at <paramref name="ReferenceFrequency"/>.</param>
/// <param name="EffectiveAreaUm2">Effective mode area, µm².</param>
/// <param name="N2">Nonlinear refractive index, m²/W.</param>
/// <param name="PmdCoefficientPsPerSqrtKm">PMD coefficient, ps/√km.</param>
public sealed record FiberType(
    FiberTypeId Id,
    string Name,
    double AttenuationDbPerKm,
    double DispersionPsPerNmKm,
    double EffectiveAreaUm2,
    double N2,
    double PmdCoefficientPsPerSqrtKm,
    Frequency ReferenceFrequency,
    double GroupIndex = PhysicalConstants.DefaultGroupIndex);

/// <summary>A ROADM type: losses, add/drop OSNR contribution, latency, power per degree and cost.</summary>
/// <param name="AddDropOsnrDb">OSNR contribution of the add and drop stages together, 0.1 nm.</param>
/// <param name="TargetChannelPowerDbm">
/// Per-channel launch power the ROADM equalises to on its line outputs (with <paramref name="TargetPsdMwPerGhz"/>: the
/// power of a 32 GBd channel at that density, for reports).
/// </param>
/// <param name="LatencyUs">Latency through the node (WSS and patching), µs.</param>
/// <param name="TargetPsdMwPerGhz">Equalise line outputs to this power spectral density instead of a channel power.</param>
public sealed record RoadmType(
    RoadmTypeId Id,
    string Name,
    double ExpressLossDb,
    double AddDropLossDb,
    double AddDropOsnrDb,
    double TargetChannelPowerDbm,
    double LatencyUs,
    double PowerPerDegreeW,
    double CostPerDegree,
    double BasePowerW = 0,
    double BaseCost = 0,
    double? TargetPsdMwPerGhz = null)
{
    /// <summary>The line-side equalisation target: the power spectral density if the type gives one, else the channel power.</summary>
    public EqualisationTarget LineTarget => TargetPsdMwPerGhz is { } psd ? EqualisationTarget.Psd(psd) : EqualisationTarget.Power(TargetChannelPowerDbm);
}
