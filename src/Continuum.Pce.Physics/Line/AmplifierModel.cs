using Continuum.Pce.Domain.Equipment;

namespace Continuum.Pce.Physics.Line;

/// <summary>How an amplifier model computes its noise figure (GNPy's <c>type_def</c>).</summary>
public enum AmplifierKind
{
    /// <summary>Two cascaded stages with a VOA between them, NF from nf_min/nf_max ("dual coil").</summary>
    VariableGain,

    /// <summary>A noise figure independent of gain (nf0).</summary>
    FixedGain,

    /// <summary>NF as a polynomial of the gain below the flat maximum (nf_fit_coeff from a config file).</summary>
    Advanced,

    /// <summary>OpenROADM in-line amplifier: OSNR as a polynomial of the input power per 50 GHz.</summary>
    OpenRoadm,

    /// <summary>OpenROADM pre-amplifier: OSNR = min((4·P_in + 275) / 7, 33) per 50 GHz.</summary>
    OpenRoadmPreamp,

    /// <summary>OpenROADM booster: noiseless by specification.</summary>
    OpenRoadmBooster,

    /// <summary>A pre-amplifier stage followed by a booster stage, each its own model.</summary>
    DualStage,

    /// <summary>Several single-band amplifiers side by side (one per band).</summary>
    MultiBand,
}

/// <summary>
/// An amplifier model of the equipment library, resolved (config files read, dual-stage parts attached), in the units
/// GNPy uses: dB, dBm, Hz, s. The noise figure rules follow GNPy's <c>Edfa._nf</c> and <c>_calc_nf</c>
/// (<c>gnpy/core/elements.py</c>): an amplifier asked for less than its minimum gain works at the minimum gain behind an
/// input pad, whose loss adds to the noise figure.
/// </summary>
public sealed record AmplifierModel
{
    public required string Variety { get; init; }

    public required AmplifierKind Kind { get; init; }

    public double GainMinDb { get; init; }

    public double GainFlatMaxDb { get; init; }

    public double PMaxDbm { get; init; }

    public bool AllowedForDesign { get; init; }

    public bool OutVoaAuto { get; init; }

    public bool Raman { get; init; }

    /// <summary>Lowest frequency of the amplification band, Hz (GNPy's default config: 191.275 THz).</summary>
    public double FMinHz { get; init; } = 191.275e12;

    /// <summary>Highest frequency of the amplification band, Hz (GNPy's default config: 196.125 THz).</summary>
    public double FMaxHz { get; init; } = 196.125e12;

    /// <summary>Differential group delay, s.</summary>
    public double PmdS { get; init; }

    /// <summary>Polarisation-dependent loss, dB.</summary>
    public double PdlDb { get; init; }

    /// <summary>Variable gain: first-stage NF, dB.</summary>
    public double Nf1Db { get; init; }

    /// <summary>Variable gain: second-stage NF, dB.</summary>
    public double Nf2Db { get; init; }

    /// <summary>Variable gain: power difference between the stages, dB.</summary>
    public double StageDeltaPDb { get; init; } = 5;

    /// <summary>Fixed gain: the noise figure, dB.</summary>
    public double Nf0Db { get; init; }

    /// <summary>Advanced model: NF polynomial of −(gain_flatmax − G), highest power first.</summary>
    public IReadOnlyList<double> NfFitCoefficients { get; init; } = [];

    /// <summary>OpenROADM: OSNR polynomial of the input power per 50 GHz channel, highest power first.</summary>
    public IReadOnlyList<double> OsnrCoefficients { get; init; } = [];

    /// <summary>NF ripple over the band (added to the NF, interpolated at each channel), dB.</summary>
    public IReadOnlyList<double> NfRippleDb { get; init; } = [0.0];

    /// <summary>Dual stage: the first stage.</summary>
    public AmplifierModel? Preamp { get; init; }

    /// <summary>Dual stage: the second stage.</summary>
    public AmplifierModel? Booster { get; init; }

    /// <summary>Multi-band: the single-band models it combines.</summary>
    public IReadOnlyList<string> Bands { get; init; } = [];

    /// <summary>
    /// The model of an amplifier type of the project's equipment library (dual-coil or fixed noise figure), so the
    /// controller's path model reads noise figures, the input pad below the minimum gain and p_max by the same rules.
    /// </summary>
    public static AmplifierModel FromLibrary(AmplifierType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.NoiseFigure switch
        {
            DualCoilNoiseFigure d => FromDualCoil(type, d),
            FixedNoiseFigure f => new AmplifierModel
            {
                Variety = type.Id.Value,
                Kind = AmplifierKind.FixedGain,
                GainMinDb = type.GainMinDb,
                GainFlatMaxDb = type.GainFlatMaxDb,
                PMaxDbm = type.PMaxDbm,
                Nf0Db = f.NfDb,
            },
            _ => throw new ArgumentException($"amplifier type '{type.Id}' has a noise figure model the physics does not know", nameof(type)),
        };
    }

    private static AmplifierModel FromDualCoil(AmplifierType type, DualCoilNoiseFigure d)
    {
        var (nf1, nf2) = DualCoil(d.GainMinDb, d.GainFlatMaxDb, d.NfMinDb, d.NfMaxDb, DualCoilNoiseFigure.DeltaPDb);
        return new AmplifierModel
        {
            Variety = type.Id.Value,
            Kind = AmplifierKind.VariableGain,
            GainMinDb = type.GainMinDb,
            GainFlatMaxDb = type.GainFlatMaxDb,
            PMaxDbm = type.PMaxDbm,
            Nf1Db = nf1,
            Nf2Db = nf2,
            StageDeltaPDb = DualCoilNoiseFigure.DeltaPDb,
        };
    }

    /// <summary>
    /// The two stage noise figures of the dual-coil model from the corner points, as GNPy's <c>estimate_nf_model</c>:
    /// g1a at minimum and maximum gain with ΔP = 5 dB, nf_min/max = nf1 + nf2 / g1a (linear).
    /// </summary>
    public static (double Nf1Db, double Nf2Db) DualCoil(double gainMinDb, double gainFlatMaxDb, double nfMinDb, double nfMaxDb, double deltaPDb = 5)
    {
        var g1aMin = gainMinDb - (gainFlatMaxDb - gainMinDb) - deltaPDb;
        var g1aMax = gainFlatMaxDb - deltaPDb;
        var nf2 = (Db.ToLinear(nfMinDb) - Db.ToLinear(nfMaxDb)) / (1 / Db.ToLinear(g1aMax) - 1 / Db.ToLinear(g1aMin));
        var nf1 = Db.ToLinear(nfMinDb) - nf2 / Db.ToLinear(g1aMax);
        return (Db.FromLinear(nf1), Db.FromLinear(nf2));
    }

    /// <summary>
    /// The mean noise figure (without ripple) at a gain, dB, and the input pad used when the gain is below the minimum.
    /// </summary>
    /// <param name="gainDb">The effective gain.</param>
    /// <param name="inputPowerDbm">Total input power (OpenROADM models read it).</param>
    /// <param name="channelCount">Channels at the input (OpenROADM models scale to one 50 GHz channel).</param>
    /// <param name="slotWidthHz">Channel spacing (OpenROADM models scale to 50 GHz).</param>
    public (double NfDb, double PadDb) NoiseFigure(double gainDb, double inputPowerDbm, int channelCount, double slotWidthHz)
    {
        if (Kind == AmplifierKind.DualStage && Preamp is { } pre && Booster is { } post)
        {
            var g1 = pre.GainFlatMaxDb;
            var (nf1, _) = pre.StageNoiseFigure(g1, inputPowerDbm, channelCount, slotWidthHz);
            var (nf2, _) = post.StageNoiseFigure(gainDb - g1, inputPowerDbm, channelCount, slotWidthHz);
            return (Db.FromLinear(Db.ToLinear(nf1) + Db.ToLinear(nf2 - g1)), 0);
        }

        return StageNoiseFigure(gainDb, inputPowerDbm, channelCount, slotWidthHz);
    }

    private (double NfDb, double PadDb) StageNoiseFigure(double gainDb, double inputPowerDbm, int channelCount, double slotWidthHz)
    {
        var pad = Math.Max(GainMinDb - gainDb, 0);
        var gain = gainDb + pad;
        var dg = Math.Max(GainFlatMaxDb - gain, 0);
        var perChannel50 = inputPowerDbm - Db.FromLinear(Math.Max(channelCount, 1)) + Db.FromLinear(50e9 / slotWidthHz);
        var nf = Kind switch
        {
            AmplifierKind.VariableGain => Db.FromLinear(Db.ToLinear(Nf1Db) + Db.ToLinear(Nf2Db) / Db.ToLinear(gain - StageDeltaPDb - dg)),
            AmplifierKind.FixedGain => Nf0Db,
            AmplifierKind.OpenRoadm => perChannel50 - Polynomial(OsnrCoefficients, perChannel50) + 58,
            AmplifierKind.OpenRoadmPreamp => perChannel50 - Math.Min(((4 * perChannel50) + 275) / 7, 33) + 58,
            AmplifierKind.OpenRoadmBooster => double.NegativeInfinity,
            AmplifierKind.Advanced => Polynomial(NfFitCoefficients, -dg),
            _ => throw new InvalidOperationException($"amplifier '{Variety}' of kind {Kind} has no single-stage noise figure"),
        };
        return (nf + pad, pad);
    }

    /// <summary>Horner evaluation, coefficients highest power first (numpy's <c>polyval</c>).</summary>
    public static double Polynomial(IReadOnlyList<double> coefficients, double x)
    {
        var value = 0.0;
        foreach (var c in coefficients)
        {
            value = value * x + c;
        }

        return value;
    }
}

/// <summary>Decibel helpers in the form GNPy writes them (lin2db, db2lin, watt2dbm, dbm2watt).</summary>
public static class Db
{
    public static double ToLinear(double db) => Math.Pow(10, db / 10);

    public static double FromLinear(double linear) => 10 * Math.Log10(linear);

    public static double WattsToDbm(double watts) => 10 * Math.Log10(watts * 1e3);

    public static double DbmToWatts(double dbm) => Math.Pow(10, dbm / 10) * 1e-3;

    /// <summary>
    /// GNPy's <c>round2float</c>: rounds to a multiple of the step (the step itself rounded to 0.1) then to one decimal;
    /// a step below 0.01 rounds to two decimals. Python rounds halves to even, and so does this.
    /// </summary>
    public static double RoundToStep(double value, double step)
    {
        step = Math.Round(step, 1, MidpointRounding.ToEven);
        if (step >= 0.01)
        {
            var n = Math.Round(value / step, 0, MidpointRounding.ToEven);
            return Math.Round(n * step, 1, MidpointRounding.ToEven);
        }

        return Math.Round(value, 2, MidpointRounding.ToEven);
    }
}
