namespace Continuum.Pce.Physics.Line;

/// <summary>
/// An element of an optical line network as GNPy models it: transceivers, ROADMs, fibres, amplifiers and fused
/// (splice/patch) losses, connected by directed links. The design step fills in what the input left open (amplifier
/// models, gains, connector losses, padding), so elements carry mutable design state; one network instance serves one
/// design and its propagations.
/// </summary>
public abstract class LineElement(string uid)
{
    public string Uid { get; } = uid;

    /// <summary>Whether the element only attenuates (counts in a span's loss).</summary>
    public virtual bool Passive => false;

    /// <summary>Design loss, dB (fibres and fused elements; 0 otherwise).</summary>
    public virtual double LossDb => 0;

    public override string ToString() => $"{GetType().Name} {Uid}";
}

/// <summary>A transceiver: where a path starts and ends.</summary>
public sealed class LineTransceiver(string uid) : LineElement(uid);

/// <summary>A fused element: a lumped loss between fibres (splice, patch panel).</summary>
public sealed class LineFused(string uid, double lossDb) : LineElement(uid)
{
    public override bool Passive => true;

    public override double LossDb => lossDb;
}

/// <summary>ROADM parameters (GNPy's <c>Roadm</c> params merged with the library entry).</summary>
/// <param name="TargetPchOutDbm">Equalise every channel to this power…</param>
/// <param name="TargetPsdOutMwPerGhz">…or to this power spectral density times the symbol rate…</param>
/// <param name="TargetOutMwPerSlotWidth">…or to this power per slot width times the slot width (exactly one is set).</param>
/// <param name="AddDropOsnrDb">OSNR (0.1 nm) of add plus drop, split evenly between the two stages.</param>
/// <param name="PmdS">DGD of one pass, s.</param>
/// <param name="PdlDb">PDL of one pass, dB.</param>
public sealed record RoadmSettings(
    string Variety,
    double? TargetPchOutDbm,
    double? TargetPsdOutMwPerGhz,
    double? TargetOutMwPerSlotWidth,
    double AddDropOsnrDb,
    double PmdS,
    double PdlDb,
    IReadOnlyList<string> PreampVarieties,
    IReadOnlyList<string> BoosterVarieties,
    IReadOnlyDictionary<string, double> PerDegreePchOutDbm,
    IReadOnlyDictionary<string, double> PerDegreePsdMwPerGhz,
    IReadOnlyDictionary<string, double> PerDegreePswMwPerSlotWidth);

/// <summary>A ROADM: per-degree equalisation to a target power, PSD or power per slot width.</summary>
public sealed class LineRoadm(string uid, RoadmSettings settings) : LineElement(uid)
{
    public RoadmSettings Settings { get; } = settings;

    public override bool Passive => true;

    /// <summary>Target power of a channel leaving on <paramref name="degree"/> (the uid of the next element), dBm.</summary>
    public double TargetDbm(string degree, double baudRateHz, double slotWidthHz)
    {
        if (Settings.PerDegreePchOutDbm.TryGetValue(degree, out var p))
        {
            return p;
        }

        if (Settings.PerDegreePsdMwPerGhz.TryGetValue(degree, out var psd))
        {
            return PsdToDbm(psd, baudRateHz);
        }

        if (Settings.PerDegreePswMwPerSlotWidth.TryGetValue(degree, out var psw))
        {
            return PsdToDbm(psw, slotWidthHz);
        }

        return Settings switch
        {
            { TargetPchOutDbm: { } dbm } => dbm,
            { TargetPsdOutMwPerGhz: { } d } => PsdToDbm(d, baudRateHz),
            { TargetOutMwPerSlotWidth: { } w } => PsdToDbm(w, slotWidthHz),
            _ => throw new InvalidOperationException($"ROADM '{Uid}' has no equalisation target"),
        };
    }

    /// <summary>GNPy's psd2powerdbm: mW/GHz times a bandwidth in Hz, as dBm.</summary>
    public static double PsdToDbm(double mwPerGhz, double bandwidthHz) => Db.FromLinear(mwPerGhz * bandwidthHz * 1e-9);
}

/// <summary>Fibre parameters (GNPy's <c>Fiber</c> params: element values over the library's).</summary>
public sealed record FiberSettings(
    string Variety,
    double LengthM,
    double LossDbPerKm,
    double? ConnectorInDb,
    double? ConnectorOutDb,
    double AttInDb,
    double DispersionSPerM2,
    double EffectiveAreaM2,
    double PmdCoefficient,
    double ReferenceFrequencyHz,
    bool Raman);

/// <summary>A fibre span.</summary>
public sealed class LineFiber(string uid, FiberSettings settings) : LineElement(uid)
{
    public FiberSettings Settings { get; set; } = settings;

    /// <summary>Span loss recorded by the design (padding included), GNPy's <c>design_span_loss</c>.</summary>
    public double? DesignSpanLossDb { get; set; }

    public override bool Passive => true;

    public override double LossDb =>
        Settings.LossDbPerKm * Settings.LengthM / 1e3 + (Settings.ConnectorInDb ?? 0) + (Settings.ConnectorOutDb ?? 0) + Settings.AttInDb;
}

/// <summary>User settings of an amplifier (GNPy's <c>operational</c>); null means "let the design decide".</summary>
public sealed record AmplifierSettings(double? GainTargetDb, double? DeltaPDb, double? TiltTargetDb, double? OutVoaDb, double? InVoaDb)
{
    public static AmplifierSettings Auto { get; } = new(null, null, 0, null, null);
}

/// <summary>An amplifier; its model is null until the design chooses one (GNPy's empty <c>type_variety</c>).</summary>
public sealed class LineAmplifier(string uid, AmplifierModel? model, AmplifierSettings settings) : LineElement(uid)
{
    public AmplifierModel? Model { get; set; } = model;

    public AmplifierSettings Settings { get; } = settings;

    /// <summary>Gain the amplifier is set to, dB (the design's, or the user's in gain mode).</summary>
    public double? EffectiveGainDb { get; set; } = settings.GainTargetDb;

    /// <summary>Output power per channel relative to the reference channel power, dB (power mode).</summary>
    public double? DeltaPDb { get; set; } = settings.DeltaPDb;

    /// <summary>The design's delta P even in gain mode.</summary>
    public double DesignDeltaPDb { get; set; }

    public double? OutVoaDb { get; set; } = settings.OutVoaDb;

    public double TiltTargetDb { get; set; } = settings.TiltTargetDb ?? 0;

    /// <summary>Target channel power out, dBm, as the design set it (for reports).</summary>
    public double? TargetPchOutDbm { get; set; }

    /// <summary>Power reduction the design applied because of p_max, dB (≤ 0).</summary>
    public double PowerReductionDb { get; set; }
}
