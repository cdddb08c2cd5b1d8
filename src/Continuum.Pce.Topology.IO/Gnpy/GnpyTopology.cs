using System.Text.Json;

namespace Continuum.Pce.Topology.IO.Gnpy;

/// <summary>
/// One element of a GNPy network file as written: its JSON path, uid, type, type_variety and the parameters of its
/// type (element <c>params</c> and <c>operational</c> values; null where the file leaves them to the library or the
/// design). Units as GNPy's, lengths in metres.
/// </summary>
public sealed record GnpyElement(string Path, string Uid, string Type, string? TypeVariety)
{
    // Fiber and RamanFiber
    public double? LengthM { get; init; }

    public double? LossCoef { get; init; }

    public double? ConIn { get; init; }

    public double? ConOut { get; init; }

    public double AttIn { get; init; }

    public double? PmdCoef { get; init; }

    public double? Dispersion { get; init; }

    public double? EffectiveArea { get; init; }

    // Edfa operational
    public double? GainTarget { get; init; }

    public double? DeltaP { get; init; }

    public double? TiltTarget { get; init; }

    public double? OutVoa { get; init; }

    public double? InVoa { get; init; }

    // Roadm params
    public double? TargetPchOutDb { get; init; }

    public double? TargetPsdOutMwPerGhz { get; init; }

    public double? TargetOutMwPerSlotWidth { get; init; }

    public IReadOnlyDictionary<string, double> PerDegreePchOutDb { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, double> PerDegreePsd { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, double> PerDegreePsw { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<string>? PreampVarieties { get; init; }

    public IReadOnlyList<string>? BoosterVarieties { get; init; }

    // Fused
    public double FusedLoss { get; init; } = 1;
}

/// <summary>A directed connection of a GNPy network file.</summary>
public sealed record GnpyConnection(string Path, string From, string To);

/// <summary>A GNPy network file: elements and connections, as written.</summary>
public sealed record GnpyTopology(string Name, IReadOnlyList<GnpyElement> Elements, IReadOnlyList<GnpyConnection> Connections)
{
    /// <summary>Element types GNPy defines that this reader accepts.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string> { "Transceiver", "Roadm", "Fiber", "RamanFiber", "Edfa", "Fused", "Multiband_amplifier" };

    public static GnpyTopology Load(string path) => Parse(TopologyInput.ReadFile(path));

    /// <summary>Parses a network file; every problem is reported at once, each with its JSON path.</summary>
    public static GnpyTopology Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var errors = new List<string>();
        var elements = new List<GnpyElement>();
        var uids = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var e in GnpyCatalogueReader.Items(root, "elements"))
        {
            var path = $"$.elements[{i++}]";
            var uid = e.Str("uid");
            var type = e.Str("type");
            if (uid is null || type is null)
            {
                errors.Add($"{path}: needs uid and type");
                continue;
            }

            if (!Types.Contains(type))
            {
                errors.Add($"{path}.type: element '{uid}' has unknown type '{type}' ({string.Join(", ", Types)})");
                continue;
            }

            if (!uids.Add(uid))
            {
                errors.Add($"{path}.uid: duplicate uid '{uid}'");
                continue;
            }

            elements.Add(Element(path, uid, type, e, errors));
        }

        if (elements.Count == 0 && errors.Count == 0)
        {
            errors.Add("$.elements: no elements");
        }

        var connections = new List<GnpyConnection>();
        i = 0;
        foreach (var c in GnpyCatalogueReader.Items(root, "connections"))
        {
            var path = $"$.connections[{i++}]";
            var from = c.Str("from_node");
            var to = c.Str("to_node");
            if (from is null || !uids.Contains(from))
            {
                errors.Add($"{path}.from_node: unknown uid '{from}'");
            }
            else if (to is null || !uids.Contains(to))
            {
                errors.Add($"{path}.to_node: unknown uid '{to}'");
            }
            else
            {
                connections.Add(new GnpyConnection(path, from, to));
            }
        }

        if (errors.Count > 0)
        {
            throw new GnpyFormatException(errors);
        }

        return new GnpyTopology(root.Str("network_name") ?? "gnpy", elements, connections);
    }

    private static GnpyElement Element(string path, string uid, string type, JsonElement e, List<string> errors)
    {
        var variety = e.Str("type_variety");
        var p = e.Obj("params");
        var o = e.Obj("operational");
        var element = new GnpyElement(path, uid, type, variety);
        switch (type)
        {
            case "Fiber" or "RamanFiber":
                double? length = p.Num("length");
                if (length is null)
                {
                    errors.Add($"{path}.params.length: missing (fibre '{uid}')");
                }

                var units = p.Str("length_units") ?? "km";
                if (units is not ("km" or "m"))
                {
                    errors.Add($"{path}.params.length_units: '{units}' is not km or m");
                }

                double? lossCoef = p.Num("loss_coef");
                if (lossCoef is null && p.TryGetProperty("loss_coef", out var lc) && lc.ValueKind == JsonValueKind.Object)
                {
                    errors.Add($"{path}.params.loss_coef: a per-frequency loss coefficient is not supported (give one value in dB/km)");
                }

                return element with
                {
                    LengthM = length is { } l ? (units == "m" ? l : l * 1e3) : null,
                    LossCoef = lossCoef,
                    ConIn = p.Num("con_in"),
                    ConOut = p.Num("con_out"),
                    AttIn = p.Num("att_in") ?? 0,
                    PmdCoef = p.Num("pmd_coef"),
                    Dispersion = p.Num("dispersion"),
                    EffectiveArea = p.Num("effective_area"),
                };
            case "Edfa":
                return element with
                {
                    GainTarget = o.Num("gain_target"),
                    DeltaP = o.Num("delta_p"),
                    TiltTarget = o.Num("tilt_target"),
                    OutVoa = o.Num("out_voa"),
                    InVoa = o.Num("in_voa"),
                };
            case "Roadm":
                var restrictions = p.Obj("restrictions");
                return element with
                {
                    TargetPchOutDb = p.Num("target_pch_out_db"),
                    TargetPsdOutMwPerGhz = p.Num("target_psd_out_mWperGHz"),
                    TargetOutMwPerSlotWidth = p.Num("target_out_mWperSlotWidth"),
                    PerDegreePchOutDb = Map(p, "per_degree_pch_out_db"),
                    PerDegreePsd = Map(p, "per_degree_psd_out_mWperGHz"),
                    PerDegreePsw = Map(p, "per_degree_psd_out_mWperSlotWidth"),
                    PreampVarieties = restrictions.ValueKind == JsonValueKind.Object ? GnpyCatalogueReader.Strings(restrictions, "preamp_variety_list") : null,
                    BoosterVarieties = restrictions.ValueKind == JsonValueKind.Object ? GnpyCatalogueReader.Strings(restrictions, "booster_variety_list") : null,
                };
            case "Fused":
                return element with { FusedLoss = p.Num("loss") ?? 1 };
            default:
                return element;
        }
    }

    private static Dictionary<string, double> Map(JsonElement parent, string name)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in o.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Number)
                {
                    map[property.Name] = property.Value.GetDouble();
                }
            }
        }

        return map;
    }
}
