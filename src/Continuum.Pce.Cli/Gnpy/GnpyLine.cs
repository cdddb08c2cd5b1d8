using Continuum.Pce.Physics.Line;
using Continuum.Pce.Topology.IO.Gnpy;

namespace Continuum.Pce.Cli.Gnpy;

/// <summary>What <see cref="GnpyLine.Transmit"/> computes: the designed network, the path and one result per power of the sweep.</summary>
public sealed record GnpyTransmission(
    LineNetwork Network,
    IReadOnlyList<LineElement> Path,
    double ReferenceChannelDbm,
    int DesignChannels,
    IReadOnlyList<(double PowerOffsetDb, LineResult Result)> Sweep,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The result at the reference power (the sweep point closest to 0 dB).</summary>
    public LineResult Result => Sweep.MinBy(s => Math.Abs(s.PowerOffsetDb)).Result;
}

/// <summary>Options of a transmission run, as GNPy's <c>gnpy-transmission-example</c> takes them.</summary>
/// <param name="PowerDbm">Reference channel power (GNPy's --pow); null takes the SI's power_dbm.</param>
/// <param name="Spectrum">Initial spectrum to propagate instead of the SI comb (GNPy's --spectrum).</param>
/// <param name="InsertAmplifiers">Add missing amplifiers and split long fibres (GNPy's default; --no-insert-edfas turns it off).</param>
public sealed record GnpyTransmissionOptions(
    double? PowerDbm = null,
    IReadOnlyList<GnpySpectrumPartition>? Spectrum = null,
    bool InsertAmplifiers = true);

/// <summary>
/// GNPy files to the physics engine's line model: element parameters over library entries (a fibre's own pmd_coef wins
/// over its type's), every amplifier type_def as an <see cref="AmplifierModel"/>, ROADM targets per degree; then GNPy's
/// transmission run: add missing elements, design at the reference power, route, propagate over the power sweep. It
/// lives in the CLI, the project that sees both Topology.IO and Physics.
/// </summary>
public static class GnpyLine
{
    /// <summary>GNPy's reference frequency for fibre parameters, c / 1550 nm.</summary>
    private const double ReferenceFrequencyHz = 299_792_458 / 1550e-9;

    /// <summary>Builds the line network; every problem is reported at once with its JSON path.</summary>
    public static (LineNetwork Network, LineDesigner Designer) Build(GnpyTopology topology, GnpyEquipment equipment)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(equipment);
        var catalogue = equipment.Catalogue;
        var errors = new List<string>();
        var models = new Dictionary<string, AmplifierModel>(StringComparer.Ordinal);
        foreach (var entry in catalogue.Amplifiers.Values)
        {
            if (TryModel(entry, catalogue, out var model, out _))
            {
                models[entry.Variety] = model;
            }
        }

        var network = new LineNetwork();
        foreach (var e in topology.Elements)
        {
            LineElement? element = e.Type switch
            {
                "Transceiver" => new LineTransceiver(e.Uid),
                "Fused" => new LineFused(e.Uid, e.FusedLoss),
                "Fiber" or "RamanFiber" => Fiber(e, catalogue, errors),
                "Edfa" => Amplifier(e, catalogue, models, errors),
                "Roadm" => Roadm(e, catalogue, errors),
                _ => Unsupported(e, errors),
            };
            if (element is not null)
            {
                network.Add(element);
            }
        }

        foreach (var c in topology.Connections)
        {
            if (network.TryGet(c.From, out var from) && network.TryGet(c.To, out var to))
            {
                network.Connect(from, to);
            }
        }

        if (errors.Count > 0)
        {
            throw new GnpyFormatException(errors);
        }

        var si = equipment.SpectralInformation;
        var span = catalogue.Span;
        var rules = new DesignRules(
            span.PowerMode,
            span.DeltaPowerRangeDb,
            span.TargetExtendedGain,
            span.MaxLengthM,
            span.Padding,
            span.Eol,
            span.ConIn,
            span.ConOut,
            span.MaxFiberLineicLossForRaman,
            si.FMinHz,
            si.FMaxHz,
            si.BaudRateHz,
            si.SpacingHz,
            si.TxPowerDbm);
        return (network, new LineDesigner(models, rules));
    }

    /// <summary>
    /// GNPy's transmission example from <paramref name="source"/> to <paramref name="destination"/> (transceiver uids).
    /// Throws <see cref="GnpyFormatException"/> for bad input and <see cref="LineDesignException"/> for a network the
    /// design or the route cannot handle.
    /// </summary>
    public static GnpyTransmission Transmit(GnpyTopology topology, GnpyEquipment equipment, string source, string destination, GnpyTransmissionOptions? options = null)
    {
        options ??= new GnpyTransmissionOptions();
        var (network, designer) = Build(topology, equipment);
        if (options.InsertAmplifiers)
        {
            designer.AddMissingElements(network);
        }

        var from = Transceiver(network, source, "source");
        var to = Transceiver(network, destination, "destination");
        var path = network.ShortestPath(from, to) ?? throw new LineDesignException($"no route from '{source}' to '{destination}'");
        if (path.OfType<LineFiber>().FirstOrDefault(f => f.Settings.Raman) is { } raman)
        {
            throw new LineDesignException($"RamanFiber '{raman.Uid}' is on the path: Raman amplification is not modelled (route avoids it or use Fiber)");
        }

        var si = equipment.SpectralInformation;
        var reference = options.PowerDbm ?? si.PowerDbm;
        var designChannels = Math.Min(
            LineDesigner.ChannelCount(si.FMinHz, si.FMaxHz, si.SpacingHz),
            LineDesigner.ChannelCount(191.0e12, 196.2e12, si.SpacingHz));
        designer.Design(network, reference, designChannels, setConnectorLosses: true);
        var warnings = new List<string>(designer.Warnings);
        var sweep = new List<(double, LineResult)>();
        foreach (var offset in PowerRange(equipment.Catalogue.Span.PowerMode ? si.PowerRangeDb : [0, 0, 0]))
        {
            designer.Design(network, reference + offset, designChannels, setConnectorLosses: false);
            var carriers = options.Spectrum is { } spectrum
                ? Carriers(spectrum, offset)
                // A transceiver power set apart in the SI (tx_power_dbm) stays put over the sweep, as in GNPy; the
                // amplifiers after it follow the swept reference.
                : Spectra.Comb(si.FMinHz, si.FMaxHz, si.SpacingHz, si.BaudRateHz, si.RollOff, si.TxOsnrDb, si.TxPowerDbm ?? (reference + offset));
            sweep.Add((offset, LineSimulator.Propagate(path, carriers)));
        }

        return new GnpyTransmission(network, path, reference, designChannels, sweep, warnings);
    }

    /// <summary>GNPy's power_range_db: start, stop, step → the offsets of the sweep.</summary>
    public static IReadOnlyList<double> PowerRange(IReadOnlyList<double> range)
    {
        var (start, stop, step) = (range[0], range[1], range[2]);
        var count = step != 0 ? Math.Abs((int)Math.Round((stop - start) / step, MidpointRounding.ToEven)) + 1 : 1;
        return count == 1 ? [start] : [.. Enumerable.Range(0, count).Select(k => start + (stop - start) * k / (count - 1))];
    }

    /// <summary>The carriers of an initial spectrum, their powers shifted by the sweep offset.</summary>
    public static IReadOnlyList<Carrier> Carriers(IReadOnlyList<GnpySpectrumPartition> spectrum, double offsetDb = 0) =>
        [.. spectrum.SelectMany(p => p.Centres().Select(f => new Carrier(f, p.BaudRate, p.SlotWidth, p.RollOff, p.TxOsnr, p.TxPowerDbm + offsetDb, p.DeltaPdb, p.Label)))];

    private static LineTransceiver Transceiver(LineNetwork network, string uid, string role) =>
        network.TryGet(uid, out var element) && element is LineTransceiver t
            ? t
            : throw new LineDesignException($"{role} '{uid}' is not a Transceiver of the network");

    private static LineElement? Unsupported(GnpyElement e, List<string> errors)
    {
        errors.Add($"{e.Path}: element '{e.Uid}' of type {e.Type} is not supported");
        return null;
    }

    private static LineFiber? Fiber(GnpyElement e, GnpyCatalogue catalogue, List<string> errors)
    {
        var raman = e.Type == "RamanFiber";
        var types = raman ? catalogue.RamanFibers : catalogue.Fibers;
        if (e.TypeVariety is not { } variety || !types.TryGetValue(variety, out var type))
        {
            errors.Add($"{e.Path}.type_variety: fibre '{e.Uid}' names '{e.TypeVariety}', not a {e.Type} of the equipment file");
            return null;
        }

        var lossCoef = e.LossCoef ?? type.LossCoef;
        if (lossCoef is null)
        {
            errors.Add($"{e.Path}.params.loss_coef: missing (fibre '{e.Uid}', and its type has none)");
            return null;
        }

        const double n2 = 2.6e-20;
        var area = e.EffectiveArea ?? type.EffectiveArea
            ?? (type.Gamma is { } gamma ? 2 * Math.PI * n2 / (1550e-9 * gamma) : 83e-12);
        return new LineFiber(e.Uid, new FiberSettings(
            variety,
            e.LengthM ?? 0,
            lossCoef.Value,
            e.ConIn,
            e.ConOut,
            e.AttIn,
            e.Dispersion ?? type.Dispersion ?? 1.67e-5,
            area,
            e.PmdCoef ?? type.PmdCoef,
            type.RefFrequency ?? ReferenceFrequencyHz,
            raman));
    }

    private static LineAmplifier? Amplifier(GnpyElement e, GnpyCatalogue catalogue, Dictionary<string, AmplifierModel> models, List<string> errors)
    {
        var settings = new AmplifierSettings(e.GainTarget, e.DeltaP, e.TiltTarget, e.OutVoa, e.InVoa);
        if (string.IsNullOrEmpty(e.TypeVariety))
        {
            // GNPy's autodesign: the design chooses the model.
            return new LineAmplifier(e.Uid, null, settings);
        }

        if (!catalogue.Amplifiers.TryGetValue(e.TypeVariety, out var entry))
        {
            errors.Add($"{e.Path}.type_variety: amplifier '{e.Uid}' names '{e.TypeVariety}', not an Edfa of the equipment file");
            return null;
        }

        if (!models.TryGetValue(e.TypeVariety, out var model))
        {
            TryModel(entry, catalogue, out _, out var problem);
            errors.Add($"{e.Path}.type_variety: amplifier '{e.Uid}' uses '{e.TypeVariety}', which cannot be used: {problem}");
            return null;
        }

        return new LineAmplifier(e.Uid, model, settings);
    }

    private static LineRoadm? Roadm(GnpyElement e, GnpyCatalogue catalogue, List<string> errors)
    {
        var variety = string.IsNullOrEmpty(e.TypeVariety) ? "default" : e.TypeVariety;
        if (!catalogue.Roadms.TryGetValue(variety, out var type))
        {
            errors.Add($"{e.Path}.type_variety: ROADM '{e.Uid}' names '{variety}', not a Roadm of the equipment file");
            return null;
        }

        // An equalisation target given on the element replaces the library's (only one kind may apply).
        var own = e.TargetPchOutDb is not null || e.TargetPsdOutMwPerGhz is not null || e.TargetOutMwPerSlotWidth is not null;
        var settings = new RoadmSettings(
            variety,
            own ? e.TargetPchOutDb : type.TargetPchOutDb,
            own ? e.TargetPsdOutMwPerGhz : type.TargetPsdOutMwPerGhz,
            own ? e.TargetOutMwPerSlotWidth : type.TargetOutMwPerSlotWidth,
            type.AddDropOsnr,
            type.Pmd,
            type.Pdl,
            e.PreampVarieties ?? type.PreampVarieties,
            e.BoosterVarieties ?? type.BoosterVarieties,
            e.PerDegreePchOutDb,
            e.PerDegreePsd,
            e.PerDegreePsw);
        if (settings is { TargetPchOutDbm: null, TargetPsdOutMwPerGhz: null, TargetOutMwPerSlotWidth: null })
        {
            errors.Add($"{e.Path}.params: ROADM '{e.Uid}' has no equalisation target (target_pch_out_db, target_psd_out_mWperGHz or target_out_mWperSlotWidth) here or in {type.Path}");
            return null;
        }

        return new LineRoadm(e.Uid, settings);
    }

    /// <summary>An equipment entry as a model, or why it cannot be one.</summary>
    public static bool TryModel(GnpyAmplifierEntry entry, GnpyCatalogue catalogue, out AmplifierModel model, out string problem)
    {
        model = null!;
        problem = entry.Problem ?? "";
        if (entry.Problem is not null)
        {
            return false;
        }

        var kind = entry.TypeDef switch
        {
            "variable_gain" => AmplifierKind.VariableGain,
            "fixed_gain" => AmplifierKind.FixedGain,
            "advanced_model" => AmplifierKind.Advanced,
            "openroadm" => AmplifierKind.OpenRoadm,
            "openroadm_preamp" => AmplifierKind.OpenRoadmPreamp,
            "openroadm_booster" => AmplifierKind.OpenRoadmBooster,
            "dual_stage" => AmplifierKind.DualStage,
            _ => AmplifierKind.MultiBand,
        };
        if (kind == AmplifierKind.MultiBand)
        {
            problem = $"{entry.Path}: multi_band amplifiers ({string.Join(", ", entry.MultiBand)}) are read but not modelled (single-band propagation only)";
            return false;
        }

        AmplifierModel? preamp = null;
        AmplifierModel? booster = null;
        if (kind == AmplifierKind.DualStage)
        {
            if (!TryModel(catalogue.Amplifiers[entry.PreampVariety!], catalogue, out preamp, out problem)
                || !TryModel(catalogue.Amplifiers[entry.BoosterVariety!], catalogue, out booster, out problem))
            {
                problem = $"{entry.Path}: a stage cannot be used: {problem}";
                return false;
            }
        }

        var (nf1, nf2) = kind == AmplifierKind.VariableGain
            ? AmplifierModel.DualCoil(entry.GainMin, entry.GainFlatMax, entry.NfMin!.Value, entry.NfMax!.Value)
            : (0, 0);
        model = new AmplifierModel
        {
            Variety = entry.Variety,
            Kind = kind,
            GainMinDb = entry.GainMin,
            GainFlatMaxDb = entry.GainFlatMax,
            PMaxDbm = entry.PMax,
            AllowedForDesign = entry.AllowedForDesign,
            OutVoaAuto = entry.OutVoaAuto,
            Raman = entry.Raman,
            FMinHz = entry.FMin,
            FMaxHz = entry.FMax,
            PmdS = entry.Pmd,
            PdlDb = entry.Pdl,
            Nf1Db = nf1,
            Nf2Db = nf2,
            Nf0Db = entry.Nf0 ?? 0,
            NfFitCoefficients = entry.NfFitCoeff,
            OsnrCoefficients = entry.NfCoef,
            NfRippleDb = entry.NfRipple,
            Preamp = preamp,
            Booster = booster,
        };
        return true;
    }
}
