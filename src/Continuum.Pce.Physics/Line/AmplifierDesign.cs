namespace Continuum.Pce.Physics.Line;

/// <summary>
/// GNPy's amplifier design and operating rules (<c>gnpy/core/network.py</c> <c>set_egress_amplifier</c>,
/// <c>gnpy/core/elements.py</c> <c>Edfa.propagate</c>), in one place for both front ends: the line model on GNPy files
/// (<see cref="LineDesigner"/>, <see cref="LineSimulator"/>) and the controller's path model (<see cref="QotPath"/>).
/// Powers are per channel relative to the design's reference channel (ΔP, dB) or totals (dBm).
/// </summary>
public static class AmplifierDesign
{
    /// <summary>
    /// Power mode: the gain that takes the channel from the previous amplifier's ΔP, through the span loss and the
    /// previous output attenuator, to this amplifier's ΔP.
    /// </summary>
    public static double PowerModeGainDb(double spanLossDb, double deltaPDb, double previousDeltaPDb, double previousOutVoaDb = 0) =>
        spanLossDb + deltaPDb - previousDeltaPDb + previousOutVoaDb;

    /// <summary>Gain mode: the ΔP a given gain leads to.</summary>
    public static double GainModeDeltaPDb(double gainDb, double spanLossDb, double previousDeltaPDb, double previousOutVoaDb = 0) =>
        previousDeltaPDb - spanLossDb - previousOutVoaDb + gainDb;

    /// <summary>
    /// The design's power reduction (≤ 0 dB): how far ΔP must come down so the total output at full design load
    /// (the reference total power plus ΔP) stays within the amplifier's p_max.
    /// </summary>
    public static double PowerReductionDb(double pMaxDbm, double referenceTotalDbm, double deltaPDb) =>
        Math.Min(0, pMaxDbm - (referenceTotalDbm + deltaPDb));

    /// <summary>The total power of <paramref name="channels"/> reference channels, dBm.</summary>
    public static double ReferenceTotalDbm(double referenceChannelDbm, int channels) => referenceChannelDbm + Db.FromLinear(channels);

    /// <summary>Operation: the gain actually applied, limited so the total output stays within p_max.</summary>
    public static double LimitedGainDb(double gainDb, double pMaxDbm, double inputTotalDbm) => Math.Min(gainDb, pMaxDbm - inputTotalDbm);
}
