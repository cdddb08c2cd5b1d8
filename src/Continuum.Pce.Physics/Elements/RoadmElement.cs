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
/// stages (the library gives add + drop together), latency, and on the line side per-channel power equalisation to the
/// degree's target: one power for every channel (GNPy's <c>target_pch_out_db</c>) or a power spectral density times
/// each channel's symbol rate (<c>target_psd_out_mWperGHz</c>). Equalisation scales signal, ASE and NLI of a channel by
/// the same factor, so it changes no ratio; the loss before it therefore matters only on the drop side. The project's
/// network format has no booster after a ROADM: the target is the launch into the fibre, so a channel below it is
/// brought up to it (the booster is taken as noiseless).
/// </summary>
public sealed class RoadmElement : IOpticalElement
{
    private readonly double _lossLinear;
    private readonly double _inverseHalfOsnr;

    public RoadmElement(RoadmRole role, double lossDb, ChannelPowerTarget target, double addDropOsnrDb, double latencySeconds)
    {
        Role = role;
        LossDb = lossDb;
        Target = target;
        AddDropOsnrDb = addDropOsnrDb;
        LatencySeconds = latencySeconds;
        _lossLinear = Decibels.ToLinear(-lossDb);
        _inverseHalfOsnr = role == RoadmRole.Express ? 0 : 0.5 / Decibels.ToLinear(addDropOsnrDb);
    }

    /// <summary>A ROADM equalising every channel to one power, W.</summary>
    public RoadmElement(RoadmRole role, double lossDb, double targetChannelPowerW, double addDropOsnrDb, double latencySeconds)
        : this(role, lossDb, ChannelPowerTarget.Power(targetChannelPowerW), addDropOsnrDb, latencySeconds)
    {
    }

    public RoadmRole Role { get; }

    public double LossDb { get; }

    /// <summary>The line-side equalisation target (not applied on the drop side).</summary>
    public ChannelPowerTarget Target { get; }

    public double AddDropOsnrDb { get; }

    public double LatencySeconds { get; }

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
        var perHertz = Target.PerHertz;
        var value = Target.Value;
        for (var i = 0; i < state.TracedCount; i++)
        {
            var target = perHertz ? value * r[i] : value;
            var factor = target / s[i];
            s[i] = target;
            a[i] *= factor;
            q[i] *= factor;
        }

        // Interferers carry a signal only: set it to the target.
        var interferers = state.InterfererSignal;
        if (perHertz)
        {
            SpanMath.Multiply(r[state.TracedCount..], value, interferers);
        }
        else
        {
            interferers.Fill(value);
        }
    }
}
