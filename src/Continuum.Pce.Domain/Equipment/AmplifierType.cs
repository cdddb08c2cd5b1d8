using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Domain.Equipment;

/// <summary>How an amplifier's noise figure depends on its gain.</summary>
public abstract record NoiseFigureModel
{
    /// <summary>Noise figure in dB at a gain in dB.</summary>
    public abstract double NoiseFigureDb(double gainDb);
}

/// <summary>A noise figure independent of gain (fixed-gain amplifiers).</summary>
public sealed record FixedNoiseFigure(double NfDb) : NoiseFigureModel
{
    public override double NoiseFigureDb(double gainDb) => NfDb;
}

/// <summary>
/// The variable-gain "dual coil" model used by GNPy: two cascaded stages with a variable optical attenuator between
/// them. From nf_min (at the flat-maximum gain) and nf_max (at the minimum gain) with ΔP = 5 dB it solves
/// nf_min/max = nf1 + nf2 / g1a_max/min, then NF(G) = 10·log10(10^(nf1/10) + 10^(nf2/10) / 10^(g1a/10)) with
/// g1a = G − ΔP − max(gain_flatmax − G, 0).
/// </summary>
public sealed record DualCoilNoiseFigure(double NfMinDb, double NfMaxDb, double GainMinDb, double GainFlatMaxDb) : NoiseFigureModel
{
    /// <summary>The power difference between the two stages assumed by the model, dB.</summary>
    public const double DeltaPDb = 5.0;

    public override double NoiseFigureDb(double gainDb)
    {
        var (nf1, nf2) = Stages();
        var g1a = gainDb - DeltaPDb - Math.Max(GainFlatMaxDb - gainDb, 0);
        return 10 * Math.Log10(Math.Pow(10, nf1 / 10) + Math.Pow(10, nf2 / 10) / Math.Pow(10, g1a / 10));
    }

    /// <summary>First-stage and second-stage noise figures (dB) solved from the two corner points.</summary>
    public (double Nf1Db, double Nf2Db) Stages()
    {
        var g1aMin = GainMinDb - (GainFlatMaxDb - GainMinDb) - DeltaPDb;
        var g1aMax = GainFlatMaxDb - DeltaPDb;
        var lin = (double db) => Math.Pow(10, db / 10);
        // nf_min = nf1 + nf2 / g1a_max ; nf_max = nf1 + nf2 / g1a_min (linear), solved for nf1 and nf2.
        var nf2 = (lin(NfMaxDb) - lin(NfMinDb)) / (1 / lin(g1aMin) - 1 / lin(g1aMax));
        var nf1 = lin(NfMinDb) - nf2 / lin(g1aMax);
        return (10 * Math.Log10(nf1), 10 * Math.Log10(nf2));
    }
}

/// <summary>An amplifier (EDFA) type in the equipment library.</summary>
/// <param name="GainMinDb">Lowest gain the amplifier supports.</param>
/// <param name="GainFlatMaxDb">Highest gain with a flat gain spectrum.</param>
/// <param name="PMaxDbm">Maximum total output power.</param>
/// <param name="PowerW">Electrical power draw, W.</param>
public sealed record AmplifierType(
    AmplifierTypeId Id,
    string Name,
    double GainMinDb,
    double GainFlatMaxDb,
    double PMaxDbm,
    NoiseFigureModel NoiseFigure,
    double PowerW,
    double Cost);
