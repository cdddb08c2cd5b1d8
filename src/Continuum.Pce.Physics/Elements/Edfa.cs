using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics.Elements;

/// <summary>
/// An erbium-doped fibre amplifier: flat gain G, ASE added per channel in the signal bandwidth,
/// P_ASE = NF · h · ν · G · R_s (the high-gain form GNPy's "advanced" and "variable gain" models reduce to, which
/// reproduces calibration case A; the exact form would use G − 1), and a total output power limit: above P_max every
/// channel is scaled down together (the amplifier's gain control saturates).
/// </summary>
/// <remarks>
/// With a <c>targetChannelPowerW</c> the amplifier works in power mode (GNPy's <c>power_mode</c>): the gain is set so the
/// first traced channel leaves at the target, and the noise figure is the one given for the nominal gain.
/// </remarks>
public sealed class Edfa(double gainDb, double noiseFigureDb, double maxOutputPowerW, double? targetChannelPowerW = null) : IOpticalElement
{
    private readonly double _gain = Decibels.ToLinear(gainDb);
    private readonly double _noiseFigure = Decibels.ToLinear(noiseFigureDb);

    public double GainDb { get; } = gainDb;

    public double NoiseFigureDb { get; } = noiseFigureDb;

    public double MaxOutputPowerW { get; } = maxOutputPowerW;

    /// <summary>Per-channel output power in power mode; null for a fixed gain.</summary>
    public double? TargetChannelPowerW { get; } = targetChannelPowerW;

    public void Propagate(SpectralState state)
    {
        // One pass: gain on signal, ASE and NLI, the amplifier's own ASE on traced channels, and the total output power.
        var f = state.FrequencyHz;
        var r = state.BaudRate;
        var s = state.Signal;
        var a = state.Ase;
        var q = state.Nli;
        var gain = TargetChannelPowerW is { } target && state.TracedCount > 0 ? target / s[0] : _gain;
        var aseFactor = _noiseFigure * PhysicalConstants.Planck * gain;
        var total = 0.0;
        for (var i = 0; i < state.TracedCount; i++)
        {
            s[i] *= gain;
            a[i] = (a[i] * gain) + (aseFactor * f[i] * r[i]);
            q[i] *= gain;
            total += s[i] + a[i] + q[i];
        }

        // Interferers: signal only (no ASE or NLI is tracked for them).
        total += SpanMath.ScaleAndSum(state.InterfererSignal, gain);

        if (total > MaxOutputPowerW)
        {
            state.Scale(MaxOutputPowerW / total);
        }
    }
}
