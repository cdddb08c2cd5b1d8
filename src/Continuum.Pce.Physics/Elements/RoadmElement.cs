using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics.Elements;

/// <summary>What a ROADM does to the traced channels.</summary>
public enum RoadmRole
{
    /// <summary>The channels are added here (add stage, then equalised onto the line).</summary>
    Add,

    /// <summary>The channels pass through (express loss, then equalised onto the next line).</summary>
    Express,

    /// <summary>The channels are dropped here (drop stage, no equalisation).</summary>
    Drop,
}

/// <summary>
/// A ROADM degree-to-degree (or add/drop) pass: loss, half of the add/drop OSNR term at each of the add and drop
/// stages (the library gives add + drop together), latency, and on the line side per-channel power equalisation to a
/// target (GNPy's <c>Roadm</c> with <c>target_pch_out_db</c>). Equalisation scales signal, ASE and NLI of a channel by
/// the same factor, so it changes no ratio; the loss before it therefore matters only on the drop side.
/// </summary>
public sealed class RoadmElement(RoadmRole role, double lossDb, double targetChannelPowerW, double addDropOsnrDb, double latencySeconds)
    : IOpticalElement
{
    private readonly double _lossLinear = Decibels.ToLinear(-lossDb);
    private readonly double _inverseHalfOsnr = role == RoadmRole.Express ? 0 : 0.5 / Decibels.ToLinear(addDropOsnrDb);

    public RoadmRole Role { get; } = role;

    public double LossDb { get; } = lossDb;

    public double TargetChannelPowerW { get; } = targetChannelPowerW;

    public double AddDropOsnrDb { get; } = addDropOsnrDb;

    public double LatencySeconds { get; } = latencySeconds;

    public void Propagate(SpectralState state)
    {
        state.Scale(_lossLinear);
        var r = state.BaudRate;
        var terms = state.InverseSnrTerms;
        var latency = state.Latency;
        for (var i = 0; i < state.TracedCount; i++)
        {
            terms[i] += r[i] / PhysicalConstants.OsnrReferenceBandwidthHz * _inverseHalfOsnr;
            latency[i] += LatencySeconds;
        }

        if (Role == RoadmRole.Drop)
        {
            return;
        }

        var s = state.Signal;
        var a = state.Ase;
        var q = state.Nli;
        for (var i = 0; i < state.Count; i++)
        {
            var factor = TargetChannelPowerW / s[i];
            s[i] = TargetChannelPowerW;
            a[i] *= factor;
            q[i] *= factor;
        }
    }
}
