using System.Text.Json;

namespace Continuum.Pce.Topology.IO.Gnpy;

/// <summary>
/// An amplifier entry of a GNPy equipment file, every <c>type_def</c> kept as written (units as GNPy's: dB, dBm, Hz,
/// s). An entry that cannot be used carries its <see cref="Problem"/>; the file is refused for it only if a network
/// uses it.
/// </summary>
/// <param name="Path">JSON path of the entry, for messages.</param>
/// <param name="NfRipple">NF ripple over the band (from the advanced or default config file), dB.</param>
public sealed record GnpyAmplifierEntry(
    string Path,
    string Variety,
    string TypeDef,
    double GainMin,
    double GainFlatMax,
    double PMax,
    bool AllowedForDesign,
    bool OutVoaAuto,
    bool Raman,
    double? NfMin,
    double? NfMax,
    double? Nf0,
    IReadOnlyList<double> NfCoef,
    IReadOnlyList<double> NfFitCoeff,
    IReadOnlyList<double> NfRipple,
    double FMin,
    double FMax,
    double Pmd,
    double Pdl,
    string? PreampVariety,
    string? BoosterVariety,
    IReadOnlyList<string> MultiBand,
    string? Problem);

/// <summary>A fibre type (<c>Fiber</c> or <c>RamanFiber</c> entry), SI units.</summary>
public sealed record GnpyFiberEntry(
    string Path,
    string Variety,
    double? Dispersion,
    double? EffectiveArea,
    double? Gamma,
    double PmdCoef,
    double? LossCoef,
    double? RefFrequency,
    bool Raman);

/// <summary>The <c>Span</c> design rules.</summary>
/// <param name="MaxLengthM">Maximum span length, m (converted from length_units).</param>
public sealed record GnpySpanRules(
    bool PowerMode,
    IReadOnlyList<double> DeltaPowerRangeDb,
    double MaxFiberLineicLossForRaman,
    double TargetExtendedGain,
    double MaxLengthM,
    double MaxLoss,
    double Padding,
    double Eol,
    double ConIn,
    double ConOut)
{
    public static GnpySpanRules Default { get; } = new(true, [-2, 3, 0.5], 0.25, 2.5, 150e3, 28, 10, 0, 0, 0);
}

/// <summary>A ROADM type: equalisation target (exactly one of three), add/drop OSNR, PMD, PDL, amplifier restrictions.</summary>
public sealed record GnpyRoadmEntry(
    string Path,
    string Variety,
    double? TargetPchOutDb,
    double? TargetPsdOutMwPerGhz,
    double? TargetOutMwPerSlotWidth,
    double AddDropOsnr,
    double Pmd,
    double Pdl,
    IReadOnlyList<string> PreampVarieties,
    IReadOnlyList<string> BoosterVarieties);

/// <summary>Everything a GNPy equipment file declares, by type_variety.</summary>
public sealed record GnpyCatalogue(
    IReadOnlyDictionary<string, GnpyAmplifierEntry> Amplifiers,
    IReadOnlyDictionary<string, GnpyFiberEntry> Fibers,
    IReadOnlyDictionary<string, GnpyFiberEntry> RamanFibers,
    GnpySpanRules Span,
    IReadOnlyDictionary<string, GnpyRoadmEntry> Roadms)
{
    public static GnpyCatalogue Empty { get; } = new(
        new Dictionary<string, GnpyAmplifierEntry>(), new Dictionary<string, GnpyFiberEntry>(), new Dictionary<string, GnpyFiberEntry>(), GnpySpanRules.Default, new Dictionary<string, GnpyRoadmEntry>());
}

/// <summary>Reads the catalogue part of a GNPy equipment file.</summary>
internal static class GnpyCatalogueReader
{
    /// <summary>GNPy's default amplifier band (DEFAULT_EDFA_CONFIG in gnpy/core/parameters.py).</summary>
    private const double DefaultFMin = 191.275e12;
    private const double DefaultFMax = 196.125e12;

    public static GnpyCatalogue Read(JsonElement root, Func<string, string?>? readConfig, List<string> errors)
    {
        var amplifiers = new Dictionary<string, GnpyAmplifierEntry>(StringComparer.Ordinal);
        var i = 0;
        foreach (var edfa in Items(root, "Edfa"))
        {
            var path = $"$.Edfa[{i++}]";
            if (edfa.Str("type_variety") is not { } variety)
            {
                errors.Add($"{path}.type_variety: missing");
                continue;
            }

            var entry = Amplifier(path, variety, edfa, readConfig);
            if (!amplifiers.TryAdd(variety, entry))
            {
                errors.Add($"{path}.type_variety: duplicate amplifier '{variety}'");
            }
        }

        // Dual-stage entries take gain_flatmax and p_max from their stages; a missing stage is a problem of that entry.
        foreach (var (variety, entry) in amplifiers.ToList())
        {
            if (entry.TypeDef != "dual_stage" || entry.Problem is not null)
            {
                continue;
            }

            if (entry.PreampVariety is not { } pre || !amplifiers.TryGetValue(pre, out var preamp)
                || entry.BoosterVariety is not { } post || !amplifiers.TryGetValue(post, out var booster))
            {
                amplifiers[variety] = entry with { Problem = $"{entry.Path}: dual_stage needs preamp_variety and booster_variety naming amplifiers of this file" };
                continue;
            }

            amplifiers[variety] = entry with { GainFlatMax = preamp.GainFlatMax + booster.GainFlatMax, PMax = booster.PMax };
        }

        var fibers = Fibers(root, "Fiber", errors);
        var raman = Fibers(root, "RamanFiber", errors);
        var span = SpanRules(root, errors);
        var roadms = new Dictionary<string, GnpyRoadmEntry>(StringComparer.Ordinal);
        i = 0;
        foreach (var roadm in Items(root, "Roadm"))
        {
            var path = $"$.Roadm[{i++}]";
            var variety = roadm.Str("type_variety") ?? "default";
            var restrictions = roadm.Obj("restrictions");
            var entry = new GnpyRoadmEntry(
                path,
                variety,
                roadm.Num("target_pch_out_db"),
                roadm.Num("target_psd_out_mWperGHz"),
                roadm.Num("target_out_mWperSlotWidth"),
                roadm.Num("add_drop_osnr") ?? 100,
                roadm.Num("pmd") ?? 0,
                roadm.Num("pdl") ?? 0,
                Strings(restrictions, "preamp_variety_list"),
                Strings(restrictions, "booster_variety_list"));
            if (!roadms.TryAdd(variety, entry))
            {
                errors.Add($"{path}.type_variety: duplicate ROADM '{variety}'");
            }
        }

        return new GnpyCatalogue(amplifiers, fibers, raman, span, roadms);
    }

    private static GnpyAmplifierEntry Amplifier(string path, string variety, JsonElement edfa, Func<string, string?>? readConfig)
    {
        var typeDef = edfa.Str("type_def") ?? "variable_gain";
        string? problem = null;
        var fMin = edfa.Num("f_min") ?? DefaultFMin;
        var fMax = edfa.Num("f_max") ?? DefaultFMax;
        IReadOnlyList<double> nfFit = [];
        IReadOnlyList<double> ripple = [0.0];
        var configName = edfa.Str("advanced_config_from_json") ?? edfa.Str("default_config_from_json");
        if (configName is not null)
        {
            var text = readConfig?.Invoke(configName);
            if (text is null)
            {
                problem = $"{path}: config file '{configName}' not found (neither among the extra config files nor beside the equipment file)";
            }
            else
            {
                try
                {
                    using var config = JsonDocument.Parse(text);
                    var c = config.RootElement;
                    nfFit = Numbers(c, "nf_fit_coeff");
                    ripple = Numbers(c, "nf_ripple") is { Count: > 0 } r ? r : ripple;
                    if (edfa.Num("f_min") is null)
                    {
                        fMin = c.Num("f_min") ?? fMin;
                        fMax = c.Num("f_max") ?? fMax;
                    }
                }
                catch (JsonException e)
                {
                    problem = $"{path}: config file '{configName}' is not valid JSON ({e.Message})";
                }
            }
        }

        var nfCoef = Numbers(edfa, "nf_coef");
        problem ??= typeDef switch
        {
            "variable_gain" when edfa.Num("nf_min") is null || edfa.Num("nf_max") is null => $"{path}: variable_gain needs nf_min and nf_max",
            "variable_gain" when edfa.Num("gain_min") is null || edfa.Num("gain_flatmax") is null => $"{path}: variable_gain needs gain_min and gain_flatmax",
            "fixed_gain" when edfa.Num("nf0") is null => $"{path}.nf0: missing (fixed_gain)",
            "advanced_model" when configName is null => $"{path}.advanced_config_from_json: missing (advanced_model)",
            "advanced_model" when nfFit.Count == 0 => $"{path}: advanced config '{configName}' has no nf_fit_coeff",
            "openroadm" when nfCoef.Count == 0 => $"{path}.nf_coef: missing (openroadm)",
            "dual_stage" or "multi_band" or "variable_gain" or "fixed_gain" or "advanced_model" or "openroadm" or "openroadm_preamp" or "openroadm_booster" => null,
            _ => $"{path}.type_def: unknown type_def '{typeDef}'",
        };

        return new GnpyAmplifierEntry(
            path,
            variety,
            typeDef,
            edfa.Num("gain_min") ?? 0,
            edfa.Num("gain_flatmax") ?? 0,
            edfa.Num("p_max") ?? 0,
            edfa.Bool("allowed_for_design") ?? false,
            edfa.Bool("out_voa_auto") ?? false,
            edfa.Bool("raman") ?? false,
            edfa.Num("nf_min"),
            edfa.Num("nf_max"),
            edfa.Num("nf0"),
            nfCoef,
            nfFit,
            ripple,
            fMin,
            fMax,
            edfa.Num("pmd") ?? 0,
            edfa.Num("pdl") ?? 0,
            edfa.Str("preamp_variety"),
            edfa.Str("booster_variety"),
            Strings(edfa, "amplifiers"),
            problem);
    }

    private static Dictionary<string, GnpyFiberEntry> Fibers(JsonElement root, string name, List<string> errors)
    {
        var fibers = new Dictionary<string, GnpyFiberEntry>(StringComparer.Ordinal);
        var i = 0;
        foreach (var fiber in Items(root, name))
        {
            var path = $"$.{name}[{i++}]";
            if (fiber.Str("type_variety") is not { } variety)
            {
                errors.Add($"{path}.type_variety: missing");
                continue;
            }

            var entry = new GnpyFiberEntry(
                path,
                variety,
                fiber.Num("dispersion"),
                fiber.Num("effective_area"),
                fiber.Num("gamma"),
                fiber.Num("pmd_coef") ?? 0,
                fiber.Num("loss_coef"),
                fiber.Num("ref_frequency"),
                name == "RamanFiber");
            if (!fibers.TryAdd(variety, entry))
            {
                errors.Add($"{path}.type_variety: duplicate {name} '{variety}'");
            }
        }

        return fibers;
    }

    private static GnpySpanRules SpanRules(JsonElement root, List<string> errors)
    {
        var span = Items(root, "Span").FirstOrDefault();
        if (span.ValueKind != JsonValueKind.Object)
        {
            return GnpySpanRules.Default;
        }

        var d = GnpySpanRules.Default;
        var range = Numbers(span, "delta_power_range_db");
        if (range.Count is not (0 or 3))
        {
            errors.Add("$.Span[0].delta_power_range_db: needs [lower, upper, step]");
            range = d.DeltaPowerRangeDb;
        }

        var units = span.Str("length_units") ?? "km";
        var maxLength = span.Num("max_length") ?? 150;
        return new GnpySpanRules(
            span.Bool("power_mode") ?? d.PowerMode,
            range.Count == 3 ? range : d.DeltaPowerRangeDb,
            span.Num("max_fiber_lineic_loss_for_raman") ?? d.MaxFiberLineicLossForRaman,
            span.Num("target_extended_gain") ?? d.TargetExtendedGain,
            units is "m" ? maxLength : maxLength * 1e3,
            span.Num("max_loss") ?? d.MaxLoss,
            span.Num("padding") ?? d.Padding,
            span.Num("EOL") ?? d.Eol,
            span.Num("con_in") ?? d.ConIn,
            span.Num("con_out") ?? d.ConOut);
    }

    internal static IEnumerable<JsonElement> Items(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    internal static IReadOnlyList<double> Numbers(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetDouble())]
            : [];

    internal static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.ValueKind == JsonValueKind.Object ? x.Str("type_variety") ?? "" : "")]
            : [];
}
