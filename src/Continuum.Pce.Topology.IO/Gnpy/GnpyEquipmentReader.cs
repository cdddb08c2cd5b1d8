using System.Collections.Immutable;
using System.Text.Json;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Topology.IO.Gnpy;

/// <summary>GNPy's spectral information ("SI"): the reference channel comb and launch power.</summary>
/// <param name="FMinHz">Lowest frequency; channels sit at f_min + k·spacing, k = 1, 2, … up to f_max.</param>
public sealed record GnpySpectralInformation(
    double FMinHz,
    double FMaxHz,
    double BaudRateHz,
    double SpacingHz,
    double RollOff,
    double TxOsnrDb,
    double PowerDbm,
    double SystemMarginsDb)
{
    /// <summary>Power sweep [start, stop, step] in dB around <see cref="PowerDbm"/> (GNPy's power_range_db).</summary>
    public IReadOnlyList<double> PowerRangeDb { get; init; } = [0, 0, 1];

    /// <summary>Transceiver output power if set apart from the reference power (tx_power_dbm), dBm.</summary>
    public double? TxPowerDbm { get; init; }

    /// <summary>Design for the SI's channel count rather than a full C band (use_si_channel_count_for_design).</summary>
    public bool UseSiChannelCountForDesign { get; init; }

    /// <summary>The channel centres of the comb.</summary>
    public IReadOnlyList<Frequency> Channels()
    {
        var list = new List<Frequency>();
        for (var k = 1; FMinHz + k * SpacingHz <= FMaxHz + 1; k++)
        {
            list.Add(new Frequency((long)Math.Round((FMinHz + k * SpacingHz) / 1e6)));
        }

        return list;
    }

    /// <summary>A transceiver mode matching the comb (GNPy propagates the SI with these figures).</summary>
    public TransceiverMode Mode() => new(
        new ModeId("SI"),
        "SI",
        0,
        BaudRateHz / 1e9,
        RollOff,
        0,
        SpacingHz / 1e9,
        0,
        0,
        0,
        TxOsnrDb,
        double.PositiveInfinity,
        double.PositiveInfinity,
        0,
        0);
}

/// <summary>The equipment library and SI read from a GNPy equipment file, plus GNPy's span defaults.</summary>
public sealed record GnpyEquipment(EquipmentLibrary Library, GnpySpectralInformation SpectralInformation, double DefaultConnectorInDb, double DefaultConnectorOutDb)
{
    /// <summary>Every entry of the file as GNPy declares it (all amplifier type_defs, Raman fibres, span rules, ROADMs).</summary>
    public GnpyCatalogue Catalogue { get; init; } = GnpyCatalogue.Empty;
}

/// <summary>An error in a GNPy file: every problem found, each with the JSON path it refers to.</summary>
public sealed class GnpyFormatException(IReadOnlyList<string> errors)
    : Exception("GNPy import failed: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>
/// Reads GNPy's equipment JSON (<c>eqpt_config.json</c>): <c>Edfa</c>, <c>Fiber</c>, <c>RamanFiber</c>, <c>Span</c>,
/// <c>Roadm</c>, <c>SI</c> and <c>Transceiver</c> with <c>mode[]</c>, into the GNPy <see cref="GnpyCatalogue"/> (every
/// amplifier type_def; advanced-model config files read from beside the equipment file) and into the domain's
/// equipment library, which holds what the domain can express (variable- and fixed-gain amplifiers, <c>Fiber</c> types).
/// GNPy's SI units (Hz, s/m², m², s/√m, bit/s) are converted to the library's (GHz, ps/nm/km, µm², ps/√km, Gb/s). Fibre
/// types get GNPy's reference frequency c / 1550 nm. An amplifier entry that cannot be used does not refuse the file:
/// it is refused when a network uses it.
/// </summary>
public static class GnpyEquipmentReader
{
    /// <summary>GNPy's default reference frequency for fibre parameters, c / 1550 nm.</summary>
    public static readonly Frequency ReferenceFrequency = new((long)Math.Round(PhysicalConstants.SpeedOfLight / 1550e-9 / 1e6));

    /// <summary>
    /// Loads an equipment file. Config files its amplifiers name (advanced_config_from_json, default_config_from_json)
    /// are looked up among <paramref name="extraConfigs"/> by file name (GNPy's --extra-config), then beside the file.
    /// </summary>
    public static GnpyEquipment Load(string path, IEnumerable<string>? extraConfigs = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in extraConfigs ?? [])
        {
            extra[Path.GetFileName(file)] = file;
        }

        return Parse(TopologyInput.ReadFile(path), name =>
        {
            var file = extra.GetValueOrDefault(Path.GetFileName(name)) ?? Path.Combine(directory, Path.GetFileName(name));
            return File.Exists(file) ? TopologyInput.ReadFile(file) : null;
        });
    }

    /// <summary>Parses an equipment file; <paramref name="readConfig"/> returns the text of a config file it names, or null.</summary>
    public static GnpyEquipment Parse(string json, Func<string, string?>? readConfig = null)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var errors = new List<string>();
        var amplifiers = new List<AmplifierType>();
        var fibers = new List<FiberType>();
        var roadms = new List<RoadmType>();
        var transceivers = new List<TransceiverType>();

        foreach (var (edfa, i) in Array(root, "Edfa"))
        {
            var where = $"$.Edfa[{i}]";
            var variety = edfa.Str("type_variety");
            var typeDef = edfa.Str("type_def") ?? "variable_gain";
            var gainMin = edfa.Num("gain_min") ?? 0;
            var gainFlatMax = edfa.Num("gain_flatmax") ?? 0;
            NoiseFigureModel? nf = typeDef switch
            {
                "variable_gain" when edfa.Num("nf_min") is { } min && edfa.Num("nf_max") is { } max => new DualCoilNoiseFigure(min, max, gainMin, gainFlatMax),
                "fixed_gain" when edfa.Num("nf0") is { } nf0 => new FixedNoiseFigure(nf0),
                _ => null,
            };
            if (variety is null || nf is null)
            {
                // Not expressible in the domain library (advanced, OpenROADM, dual-stage, multi-band models, or an
                // incomplete entry): the catalogue keeps it, with its problem if any.
                continue;
            }

            amplifiers.Add(new AmplifierType(new AmplifierTypeId(variety), variety, gainMin, gainFlatMax, edfa.Num("p_max") ?? 23, nf, 0, 0));
        }

        foreach (var (fiber, i) in Array(root, "Fiber"))
        {
            var variety = fiber.Str("type_variety");
            var dispersion = fiber.Num("dispersion");
            var pmd = fiber.Num("pmd_coef");
            var area = fiber.Num("effective_area");
            if (area is null && fiber.Num("gamma") is { } gamma)
            {
                area = 2 * Math.PI * 2.6e-20 / (1550e-9 * gamma);
            }

            if (variety is null || dispersion is null || pmd is null || area is null)
            {
                errors.Add($"$.Fiber[{i}]: needs type_variety, dispersion, pmd_coef and effective_area (or gamma)");
                continue;
            }

            var reference = fiber.Num("ref_frequency") is { } hz ? new Frequency((long)Math.Round(hz / 1e6)) : ReferenceFrequency;
            fibers.Add(new FiberType(
                new FiberTypeId(variety),
                variety,
                fiber.Num("loss_coef") ?? 0.2,
                dispersion.Value * 1e6,
                area.Value * 1e12,
                2.6e-20,
                pmd.Value * 1e12 * Math.Sqrt(1e3),
                reference));
        }

        var span = Array(root, "Span").Select(s => s.Element).FirstOrDefault();
        var conIn = span.ValueKind == JsonValueKind.Object ? span.Num("con_in") ?? 0 : 0;
        var conOut = span.ValueKind == JsonValueKind.Object ? span.Num("con_out") ?? 0 : 0;

        var siElement = Array(root, "SI").Select(s => s.Element).FirstOrDefault();
        GnpySpectralInformation? si = null;
        if (siElement.ValueKind == JsonValueKind.Object
            && siElement.Num("f_min") is { } fMin && siElement.Num("f_max") is { } fMax && siElement.Num("baud_rate") is { } baud
            && siElement.Num("spacing") is { } spacing)
        {
            var range = GnpyCatalogueReader.Numbers(siElement, "power_range_db");
            si = new GnpySpectralInformation(
                fMin, fMax, baud, spacing, siElement.Num("roll_off") ?? 0.15, siElement.Num("tx_osnr") ?? 40, siElement.Num("power_dbm") ?? 0, siElement.Num("sys_margins") ?? 0)
            {
                PowerRangeDb = range.Count == 3 ? range : [0, 0, 1],
                TxPowerDbm = siElement.Num("tx_power_dbm"),
                UseSiChannelCountForDesign = siElement.Bool("use_si_channel_count_for_design") ?? false,
            };
        }
        else
        {
            errors.Add("$.SI[0]: needs f_min, f_max, baud_rate and spacing");
        }

        foreach (var (roadm, _) in Array(root, "Roadm"))
        {
            var variety = roadm.Str("type_variety") ?? "default";
            roadms.Add(new RoadmType(
                new RoadmTypeId(variety),
                variety,
                roadm.Num("express_loss") ?? 0,
                roadm.Num("add_drop_loss") ?? 0,
                roadm.Num("add_drop_osnr") ?? 100,
                si?.PowerDbm ?? 0,
                0,
                0,
                0));
        }

        foreach (var (trx, i) in Array(root, "Transceiver"))
        {
            var variety = trx.Str("type_variety");
            if (variety is null || !trx.TryGetProperty("mode", out var modes) || modes.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"$.Transceiver[{i}]: needs type_variety and mode[]");
                continue;
            }

            var list = ImmutableArray.CreateBuilder<TransceiverMode>();
            var m = 0;
            foreach (var mode in modes.EnumerateArray())
            {
                var format = mode.Str("format");
                if (format is null || mode.Num("baud_rate") is not { } modeBaud || mode.Num("OSNR") is not { } osnr || mode.Num("bit_rate") is not { } bitRate)
                {
                    errors.Add($"$.Transceiver[{i}].mode[{m}]: needs format, baud_rate, OSNR and bit_rate");
                    m++;
                    continue;
                }

                var (cdTolerance, pmdTolerance) = Tolerances(mode);
                list.Add(new TransceiverMode(
                    new ModeId(format),
                    format,
                    (int)Math.Round(bitRate / 1e9),
                    modeBaud / 1e9,
                    mode.Num("roll_off") ?? 0.15,
                    osnr,
                    (mode.Num("min_spacing") ?? modeBaud * 1.25) / 1e9,
                    0,
                    0,
                    mode.Num("cost") ?? 0,
                    mode.Num("tx_osnr") ?? 40,
                    cdTolerance,
                    pmdTolerance,
                    0,
                    0));
                m++;
            }

            transceivers.Add(new TransceiverType(new TransceiverTypeId(variety), variety, list.ToImmutable()));
        }

        var catalogue = GnpyCatalogueReader.Read(root, readConfig, errors);
        if (errors.Count > 0 || si is null)
        {
            throw new GnpyFormatException(errors);
        }

        var library = new EquipmentLibrary("gnpy", "USD", transceivers, amplifiers, fibers, roadms);
        return new GnpyEquipment(library, si, conIn, conOut) { Catalogue = catalogue };
    }

    /// <summary>CD and PMD tolerances: the largest values listed in GNPy's <c>penalties</c>, unlimited if none.</summary>
    private static (double Cd, double Pmd) Tolerances(JsonElement mode)
    {
        var cd = double.PositiveInfinity;
        var pmd = double.PositiveInfinity;
        if (mode.TryGetProperty("penalties", out var penalties) && penalties.ValueKind == JsonValueKind.Array)
        {
            var cdMax = double.NaN;
            var pmdMax = double.NaN;
            foreach (var p in penalties.EnumerateArray())
            {
                if (p.Num("chromatic_dispersion") is { } c)
                {
                    cdMax = double.IsNaN(cdMax) ? c : Math.Max(cdMax, c);
                }

                if (p.Num("pmd") is { } d)
                {
                    pmdMax = double.IsNaN(pmdMax) ? d : Math.Max(pmdMax, d);
                }
            }

            cd = double.IsNaN(cdMax) ? cd : cdMax;
            pmd = double.IsNaN(pmdMax) ? pmd : pmdMax;
        }

        return (cd, pmd);
    }

    private static IEnumerable<(JsonElement Element, int Index)> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select((e, i) => (e, i))
            : [];
}

/// <summary>Small accessors for loosely typed GNPy JSON.</summary>
internal static class GnpyJson
{
    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static double? Num(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public static bool? Bool(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    public static JsonElement Obj(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
}
