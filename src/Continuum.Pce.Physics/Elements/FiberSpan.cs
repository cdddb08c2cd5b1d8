using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics.Elements;

/// <summary>The parameters of one fibre span, SI units.</summary>
/// <param name="LengthM">Span length, m.</param>
/// <param name="AttenuationDbPerM">Fibre attenuation, dB/m.</param>
/// <param name="ConnectorInDb">Loss at the span input (connectors, patch panel), dB.</param>
/// <param name="ConnectorOutDb">Loss at the span output, dB.</param>
/// <param name="DispersionSPerM2">Chromatic dispersion D at the reference frequency, s/m² (16.7 ps/nm/km = 1.67e-5).</param>
/// <param name="ReferenceFrequencyHz">Frequency at which D is given, Hz.</param>
/// <param name="EffectiveAreaM2">Effective area, m².</param>
/// <param name="N2">Nonlinear index, m²/W.</param>
/// <param name="PmdCoefficient">PMD coefficient, s/√m.</param>
/// <param name="GroupIndex">Group index (latency L·n/c).</param>
/// <param name="CoreRadiusM">
/// Core radius for the frequency scaling of the effective area (GNPy's default 4.2 µm; this scaling, with
/// f_ref = c / 1550 nm, is what reproduces calibration case B to 1e-8); 0 keeps A_eff constant.
/// </param>
public sealed record FiberSpanParameters(
    double LengthM,
    double AttenuationDbPerM,
    double ConnectorInDb,
    double ConnectorOutDb,
    double DispersionSPerM2,
    double ReferenceFrequencyHz,
    double EffectiveAreaM2,
    double N2,
    double PmdCoefficient,
    double GroupIndex = PhysicalConstants.DefaultGroupIndex,
    double CoreRadiusM = FiberSpanParameters.DefaultCoreRadiusM)
{
    /// <summary>GNPy's default core radius, m.</summary>
    public const double DefaultCoreRadiusM = 4.2e-6;

    /// <summary>Total span loss including connectors, dB.</summary>
    public double TotalLossDb => ConnectorInDb + LengthM * AttenuationDbPerM + ConnectorOutDb;
}

/// <summary>
/// A fibre span: input connector, NLI by the closed-form GN model computed from the powers at the fibre input (so the
/// NLI then sees the fibre loss like the signal, as in GNPy's <c>Fiber.propagate</c>), fibre loss, CD = D·L, PMD
/// in quadrature, latency L·n/c, output connector.
/// </summary>
public sealed class FiberSpan : IOpticalElement
{
    private readonly double _connectorIn;
    private readonly double _fiberLoss;
    private readonly double _connectorOut;
    private readonly double _effectiveLength;
    private readonly double _asymptoticLength;
    private readonly double _cd;
    private readonly double _pmdSquared;
    private readonly double _latency;

    public FiberSpan(FiberSpanParameters parameters, bool nliFromTotalPower = false)
    {
        Parameters = parameters;
        NliFromTotalPower = nliFromTotalPower;
        _connectorIn = Decibels.ToLinear(-parameters.ConnectorInDb);
        _fiberLoss = Decibels.ToLinear(-parameters.LengthM * parameters.AttenuationDbPerM);
        _connectorOut = Decibels.ToLinear(-parameters.ConnectorOutDb);

        // Power attenuation α in 1/m from dB/m: α = α_dB / (10·log10 e).
        var alpha = parameters.AttenuationDbPerM / (10 * Math.Log10(Math.E));
        _effectiveLength = alpha > 0 ? (1 - Math.Exp(-alpha * parameters.LengthM)) / alpha : parameters.LengthM;
        _asymptoticLength = alpha > 0 ? 1 / alpha : double.PositiveInfinity;
        _cd = parameters.DispersionSPerM2 * parameters.LengthM;
        var dgd = parameters.PmdCoefficient * Math.Sqrt(parameters.LengthM);
        _pmdSquared = dgd * dgd;
        _latency = parameters.LengthM * parameters.GroupIndex / PhysicalConstants.SpeedOfLight;
    }

    public FiberSpanParameters Parameters { get; }

    /// <summary>
    /// Whether the GN model reads each channel's total power (signal + ASE + NLI) instead of its signal power, as GNPy
    /// does (see <see cref="GnModel.ComputeNli"/>); the NLI memo is then not used, since noise changes between spans.
    /// </summary>
    public bool NliFromTotalPower { get; }

    /// <summary>Effective length L_eff, m.</summary>
    public double EffectiveLength => _effectiveLength;

    /// <summary>Asymptotic length L_a = 1/α, m.</summary>
    public double AsymptoticLength => _asymptoticLength;

    public void Propagate(SpectralState state)
    {
        // The NLI is generated from the powers after the input connector. P_NLI scales as P³, so it is computed from the
        // powers as they arrive times c³ (c the connector's transmission) instead of scaling every channel first, and
        // enters the state divided by c, because the single pass below applies c (with the fibre and output connector
        // losses) to signal, ASE and NLI alike.
        if (NliFromTotalPower || !state.TryReplayNli(Parameters, 1 / _connectorIn))
        {
            GnModel.ComputeNli(
                state,
                state.NliIncrements,
                _effectiveLength,
                _asymptoticLength,
                Parameters.DispersionSPerM2,
                Parameters.ReferenceFrequencyHz,
                Parameters.N2,
                Parameters.EffectiveAreaM2,
                Parameters.CoreRadiusM,
                _connectorIn,
                NliFromTotalPower);
            state.RecordNli(Parameters, 1 / _connectorIn);
        }

        state.Scale(_connectorIn * _fiberLoss * _connectorOut);
        var cd = state.ChromaticDispersion;
        var pmd = state.PmdSquared;
        var latency = state.Latency;
        for (var i = 0; i < state.TracedCount; i++)
        {
            cd[i] += _cd;
            pmd[i] += _pmdSquared;
            latency[i] += _latency;
        }
    }
}
