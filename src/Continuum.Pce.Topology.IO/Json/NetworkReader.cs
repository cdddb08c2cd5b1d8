using System.Collections.Immutable;
using System.Text.Json;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Topology.IO.Analysis;
using Continuum.Pce.Topology.IO.Validation;
using static Continuum.Pce.Topology.IO.Json.JsonReaderContext;

namespace Continuum.Pce.Topology.IO.Json;

/// <summary>Where a network's data came from, for credit and for planners.</summary>
public sealed record Provenance(string? Source, string? Licence, string? Notes);

/// <summary>A network read from a document, with the document's metadata.</summary>
public sealed record LoadedNetwork(OpticalNetwork Network, string? EquipmentPath, string? Currency, Provenance? Provenance);

/// <summary>
/// Reads and validates a network document (format <c>continuum-pce/network@1</c>) against an equipment library.
/// Every problem is reported at once with its JSONPath; a document with any error yields no network at all.
/// </summary>
public static class NetworkReader
{
    /// <summary>Largest loss accepted for one span (connectors included), dB.</summary>
    public const double MaxSpanLossDb = 40;

    private static readonly IReadOnlySet<string> RootFields = Names("$schema", "format", "name", "description", "equipment", "currency", "grid", "provenance", "sites", "nodes", "fibers");
    private static readonly IReadOnlySet<string> GridFields = Names("startMhz", "slotWidthMhz", "slotCount");
    private static readonly IReadOnlySet<string> ProvenanceFields = Names("source", "licence", "notes");
    private static readonly IReadOnlySet<string> SiteFields = Names("id", "name", "tier", "jurisdiction", "latitude", "longitude", "electricityPricePerKwh", "carbonIntensityGramsPerKwh");
    private static readonly IReadOnlySet<string> NodeFields = Names("id", "name", "kind", "site", "type", "degrees", "addDropGroups", "attachedRoadm", "interfaces", "equalisation");
    // Fields that belong to other node kinds: present on this kind, they are ignored (and said to be).
    private static readonly Dictionary<string, string[]> KindOnlyFields = new(StringComparer.Ordinal)
    {
        ["roadm"] = ["attachedRoadm", "interfaces"],
        ["transponder"] = ["degrees", "addDropGroups", "equalisation"],
        ["amplifier"] = ["degrees", "addDropGroups", "attachedRoadm", "interfaces", "equalisation"],
    };

    private static readonly IReadOnlySet<string> FiberFields = Names("id", "name", "source", "destination", "reverse", "guardBandSlots", "srlgs", "jurisdictions", "spans");
    private static readonly IReadOnlySet<string> SpanFields = Names("lengthKm", "fiberType", "lossDbPerKm", "connectorInDb", "connectorOutDb", "amplifier");
    private static readonly IReadOnlySet<string> AmplifierFields = Names("type", "gainDb", "tiltDb", "device");

    public static ReadResult<LoadedNetwork> Read(string json, EquipmentLibrary equipment, TopologyLimits? limits = null)
    {
        var c = new JsonReaderContext(limits);
        using var document = Parse(json, c);
        if (document is null || !c.TryObject(document.RootElement, "$"))
        {
            return new ReadResult<LoadedNetwork>(null, [.. c.Issues]);
        }

        var root = document.RootElement;
        c.OnlyKnown(root, "$", RootFields);
        var format = c.String(root, "format", "$");
        if (format is not null && format != FormatNames.NetworkFormat)
        {
            c.Error(IssueCodes.UnsupportedFormat, "$.format", $"unsupported format '{format}' (expected '{FormatNames.NetworkFormat}')");
        }

        var name = c.String(root, "name", "$");
        var description = c.String(root, "description", "$", required: false);
        var equipmentPath = c.String(root, "equipment", "$", required: false);
        var currency = c.String(root, "currency", "$", required: false);
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            c.Error(IssueCodes.InvalidCurrency, "$.currency", $"'{currency}' is not an ISO 4217 currency code (three upper-case letters, e.g. EUR)");
            currency = null;
        }
        else if (currency is not null && equipment.Currency != currency)
        {
            // Sites price electricity in the network's currency, the library prices equipment in its own: reports would add the two.
            c.Warning(IssueCodes.CurrencyMismatch, "$.currency", $"the network uses {currency} but equipment library '{equipment.Name}' uses {equipment.Currency}: cost reports mix currencies");
        }
        var grid = ReadGrid(root, c);
        Provenance? provenance = null;
        if (c.TryGetOptionalObject(root, "provenance", "$", out var p))
        {
            c.OnlyKnown(p, "$.provenance", ProvenanceFields);
            provenance = new Provenance(c.String(p, "source", "$.provenance", false), c.String(p, "licence", "$.provenance", false), c.String(p, "notes", "$.provenance", false));
        }

        var sites = ReadSites(root, c);
        var degreeFibers = new List<(string Path, string Roadm, string Fiber)>();
        var nodes = ReadNodes(root, c, sites, equipment, degreeFibers);
        var fibers = ReadFibers(root, c, sites, nodes, equipment, grid);
        CheckDegreeTargets(c, fibers, degreeFibers);
        if (c.HasErrors || name is null || grid is null)
        {
            return new ReadResult<LoadedNetwork>(null, [.. c.Issues]);
        }

        var network = new OpticalNetwork(name, grid, sites.Values.Select(s => s.Site), nodes.Values.Select(n => n.Node), fibers, description);
        c.Issues.AddRange(ConsistencyChecks.Warnings(network));
        c.Issues.AddRange(TopologyAnalysis.Warnings(network));

        return new ReadResult<LoadedNetwork>(new LoadedNetwork(network, equipmentPath, currency, provenance), [.. c.Issues]);
    }

    private static SpectrumGrid? ReadGrid(JsonElement root, JsonReaderContext c)
    {
        if (!root.TryGetProperty("grid", out var g) || g.ValueKind == JsonValueKind.Null)
        {
            return SpectrumGrid.CBandFlex;
        }

        if (!c.TryObject(g, "$.grid"))
        {
            return null;
        }

        c.OnlyKnown(g, "$.grid", GridFields);

        var start = c.Integer(g, "startMhz", "$.grid", min: 1);
        var width = c.Integer(g, "slotWidthMhz", "$.grid", min: 1);
        var count = c.Integer(g, "slotCount", "$.grid", min: 1, max: 4096);
        if (start is null || width is null || count is null)
        {
            return null;
        }

        if (width.Value % 6_250 != 0 && width.Value != 3_125)
        {
            c.Error(IssueCodes.InvalidGrid, "$.grid.slotWidthMhz", $"slot width {width} MHz is not a multiple of 6.25 GHz (ITU-T G.694.1)");
            return null;
        }

        if ((start.Value - Frequency.GridAnchor.Mhz) % 6_250 != 0)
        {
            c.Error(IssueCodes.InvalidGrid, "$.grid.startMhz", $"grid start {start} MHz is not on the 6.25 GHz grid anchored at 193.1 THz");
            return null;
        }

        return new SpectrumGrid(new Frequency(start.Value), width.Value, (int)count.Value);
    }

    private sealed record SiteEntry(Site Site, string Path);

    private sealed record NodeEntry(OpticalNode Node, string Path);

    private static Dictionary<string, SiteEntry> ReadSites(JsonElement root, JsonReaderContext c)
    {
        var sites = new Dictionary<string, SiteEntry>(StringComparer.Ordinal);
        if (!c.Array(root, "sites", "$", out var array, limit: (nameof(TopologyLimits.MaxSites), c.Limits.MaxSites)))
        {
            return sites;
        }

        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var path = Item("$.sites", i++);
            if (!c.TryObject(e, path))
            {
                continue;
            }

            c.OnlyKnown(e, path, SiteFields);

            var id = c.String(e, "id", path);
            var name = c.String(e, "name", path, required: false) ?? id;
            var tierName = c.String(e, "tier", path);
            SiteTier tier = default;
            if (tierName is not null && !FormatNames.TryParseTier(tierName, out tier))
            {
                c.Error(IssueCodes.UnknownTier, Field(path, "tier"), $"unknown tier '{tierName}' (expected one of {string.Join(", ", FormatNames.TierNames)})");
                tierName = null;
            }

            var code = c.String(e, "jurisdiction", path);
            Jurisdiction jurisdiction = default;
            if (code is not null && !Jurisdiction.TryParse(code, out jurisdiction, out var error))
            {
                c.Error(IssueCodes.UnknownJurisdiction, Field(path, "jurisdiction"), error);
                code = null;
            }

            var lat = c.Number(e, "latitude", path, min: -90, max: 90);
            var lon = c.Number(e, "longitude", path, min: -180, max: 180);
            var price = c.Number(e, "electricityPricePerKwh", path, required: false, min: 0, max: 10) ?? 0;
            var carbon = c.Number(e, "carbonIntensityGramsPerKwh", path, required: false, min: 0, max: 2000) ?? 0;
            if (id is null)
            {
                continue;
            }

            if (sites.ContainsKey(id))
            {
                c.Error(IssueCodes.DuplicateId, Field(path, "id"), $"site '{id}' is defined twice (first at {sites[id].Path})");
                continue;
            }

            if (tierName is not null && code is not null && lat is not null && lon is not null)
            {
                sites[id] = new SiteEntry(new Site(new SiteId(id), name!, tier, jurisdiction, new GeoPoint(lat.Value, lon.Value), price, carbon), path);
            }
            else
            {
                // Keep the id known so that references to it are not reported a second time.
                sites[id] = new SiteEntry(new Site(new SiteId(id), name!, SiteTier.CoreDc, Jurisdiction.Parse("AQ"), default, 0, 0), path);
            }
        }

        return sites;
    }

    /// <summary>A ROADM's degree targets name fibres that leave that ROADM.</summary>
    private static void CheckDegreeTargets(JsonReaderContext c, List<Fiber> fibers, List<(string Path, string Roadm, string Fiber)> degreeFibers)
    {
        if (degreeFibers.Count == 0)
        {
            return;
        }

        var byId = new Dictionary<string, Fiber>(StringComparer.Ordinal);
        foreach (var fiber in fibers)
        {
            byId.TryAdd(fiber.Id.Value, fiber);
        }

        foreach (var (path, roadm, fiberId) in degreeFibers)
        {
            if (!byId.TryGetValue(fiberId, out var fiber))
            {
                c.Error(IssueCodes.UnknownFiber, path, $"fibre '{fiberId}' is not defined in $.fibers");
            }
            else if (fiber.Source.Value != roadm)
            {
                c.Error(IssueCodes.NotADegree, path, $"a degree target names a fibre leaving the ROADM, but fibre '{fiberId}' leaves '{fiber.Source}', not '{roadm}'");
            }
        }
    }

    private static Dictionary<string, NodeEntry> ReadNodes(
        JsonElement root, JsonReaderContext c, Dictionary<string, SiteEntry> sites, EquipmentLibrary equipment, List<(string Path, string Roadm, string Fiber)> degreeFibers)
    {
        var nodes = new Dictionary<string, NodeEntry>(StringComparer.Ordinal);
        var attachments = new List<(string Path, string Roadm)>();
        if (!c.Array(root, "nodes", "$", out var array, limit: (nameof(TopologyLimits.MaxNodes), c.Limits.MaxNodes)))
        {
            return nodes;
        }

        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var path = Item("$.nodes", i++);
            if (!c.TryObject(e, path))
            {
                continue;
            }

            c.OnlyKnown(e, path, NodeFields);

            var id = c.String(e, "id", path);
            var name = c.String(e, "name", path, required: false) ?? id;
            var kind = c.String(e, "kind", path);
            var site = c.String(e, "site", path);
            if (site is not null && !sites.ContainsKey(site))
            {
                c.Error(IssueCodes.UnknownSite, Field(path, "site"), $"site '{site}' is not defined in $.sites");
            }

            var type = c.String(e, "type", path);
            if (kind is not null && KindOnlyFields.TryGetValue(kind, out var foreign))
            {
                foreach (var field in foreign.Where(f => e.TryGetProperty(f, out _)))
                {
                    c.Warning(IssueCodes.UnknownField, Field(path, field), $"'{field}' does not apply to a node of kind {kind} and is ignored");
                }
            }

            OpticalNode? node = null;
            switch (kind)
            {
                case "roadm":
                    if (type is not null && !equipment.TryGetRoadmType(new RoadmTypeId(type), out _))
                    {
                        c.Error(IssueCodes.UnknownRoadmType, Field(path, "type"), $"ROADM type '{type}' is not in equipment library '{equipment.Name}'");
                    }

                    var degrees = c.Integer(e, "degrees", path, min: 1, max: 64);
                    var groups = c.Integer(e, "addDropGroups", path, required: false, min: 0, max: 64) ?? 1;
                    var named = new List<(string Path, string Fiber)>();
                    var equalisation = EqualisationReader.ReadRoadm(e, path, c, named);
                    if (id is not null)
                    {
                        degreeFibers.AddRange(named.Select(n => (n.Path, id, n.Fiber)));
                    }

                    if (id is not null && site is not null && type is not null && degrees is not null)
                    {
                        node = new Roadm(new NodeId(id), name!, new SiteId(site), new RoadmTypeId(type), (int)degrees, (int)groups, equalisation);
                    }

                    break;
                case "transponder":
                    if (type is not null && !equipment.TryGetTransceiver(new TransceiverTypeId(type), out _))
                    {
                        c.Error(IssueCodes.UnknownTransceiverType, Field(path, "type"), $"transceiver type '{type}' is not in equipment library '{equipment.Name}'");
                    }

                    var roadm = c.String(e, "attachedRoadm", path);
                    var interfaces = c.Integer(e, "interfaces", path, required: false, min: 1, max: 4096) ?? 1;
                    if (roadm is not null)
                    {
                        attachments.Add((Field(path, "attachedRoadm"), roadm));
                    }

                    if (id is not null && site is not null && type is not null && roadm is not null)
                    {
                        node = new Transponder(new NodeId(id), name!, new SiteId(site), new TransceiverTypeId(type), new NodeId(roadm), (int)interfaces);
                    }

                    break;
                case "amplifier":
                    if (type is not null && !equipment.TryGetAmplifier(new AmplifierTypeId(type), out _))
                    {
                        c.Error(IssueCodes.UnknownAmplifierType, Field(path, "type"), $"amplifier type '{type}' is not in equipment library '{equipment.Name}'");
                    }

                    if (id is not null && site is not null && type is not null)
                    {
                        node = new InlineAmplifier(new NodeId(id), name!, new SiteId(site), new AmplifierTypeId(type));
                    }

                    break;
                case null:
                    break;
                default:
                    c.Error(IssueCodes.UnknownNodeKind, Field(path, "kind"), $"unknown node kind '{kind}' (expected roadm, transponder or amplifier)");
                    break;
            }

            if (id is null)
            {
                continue;
            }

            if (nodes.TryGetValue(id, out var existing))
            {
                c.Error(IssueCodes.DuplicateId, Field(path, "id"), $"node '{id}' is defined twice (first at {existing.Path})");
                continue;
            }

            if (node is not null)
            {
                nodes[id] = new NodeEntry(node, path);
            }
        }

        foreach (var (path, roadm) in attachments)
        {
            if (!nodes.TryGetValue(roadm, out var target))
            {
                c.Error(IssueCodes.UnknownNode, path, $"node '{roadm}' is not defined in $.nodes");
            }
            else if (target.Node is not Roadm)
            {
                c.Error(IssueCodes.NotARoadm, path, $"a transponder attaches to a ROADM's add/drop, but '{roadm}' is a {Kind(target.Node)}");
            }
        }

        return nodes;
    }

    private static List<Fiber> ReadFibers(JsonElement root, JsonReaderContext c, Dictionary<string, SiteEntry> sites, Dictionary<string, NodeEntry> nodes, EquipmentLibrary equipment, SpectrumGrid? grid)
    {
        var fibers = new List<Fiber>();
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!c.Array(root, "fibers", "$", out var array, limit: (nameof(TopologyLimits.MaxFibers), c.Limits.MaxFibers)))
        {
            return fibers;
        }

        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var path = Item("$.fibers", i++);
            if (!c.TryObject(e, path))
            {
                continue;
            }

            c.OnlyKnown(e, path, FiberFields);

            var id = c.String(e, "id", path);
            var source = RoadmRef(e, "source", path, c, nodes);
            var destination = RoadmRef(e, "destination", path, c, nodes);
            if (source is not null && source == destination)
            {
                c.Error(IssueCodes.SelfLoop, Field(path, "destination"), $"fibre '{id}' starts and ends at '{source}'");
            }

            var guard = c.Integer(e, "guardBandSlots", path, required: false, min: 0, max: (grid?.SlotCount ?? 4096) - 1) ?? 0;
            var reverse = c.String(e, "reverse", path, required: false);
            var srlgs = c.Strings(e, "srlgs", path, (nameof(TopologyLimits.MaxSrlgsPerFiber), c.Limits.MaxSrlgsPerFiber)).Select(s => new SrlgId(s)).ToImmutableArray();
            var jurisdictions = new List<Jurisdiction>();
            var j = 0;
            foreach (var code in c.Strings(e, "jurisdictions", path, (nameof(TopologyLimits.MaxJurisdictionsPerFiber), c.Limits.MaxJurisdictionsPerFiber)))
            {
                if (Jurisdiction.TryParse(code, out var parsed, out var error))
                {
                    jurisdictions.Add(parsed);
                }
                else
                {
                    c.Error(IssueCodes.UnknownJurisdiction, Item(Field(path, "jurisdictions"), j), error);
                }

                j++;
            }

            var spans = ReadSpans(e, path, c, nodes, equipment);
            if (id is null)
            {
                continue;
            }

            if (paths.TryGetValue(id, out var first))
            {
                c.Error(IssueCodes.DuplicateId, Field(path, "id"), $"fibre '{id}' is defined twice (first at {first})");
                continue;
            }

            paths[id] = path;
            if (source is null || destination is null || spans is null)
            {
                continue;
            }

            if (jurisdictions.Count == 0)
            {
                // Default: the jurisdictions of the sites at both ends.
                foreach (var end in new[] { source, destination })
                {
                    if (sites.TryGetValue(nodes[end].Node.Site.Value, out var site) && !jurisdictions.Contains(site.Site.Jurisdiction))
                    {
                        jurisdictions.Add(site.Site.Jurisdiction);
                    }
                }
            }

            fibers.Add(new Fiber(new FiberId(id), new NodeId(source), new NodeId(destination), spans.Value, srlgs, [.. jurisdictions],
                reverse is null ? null : new FiberId(reverse), (int)guard, c.String(e, "name", path, required: false)));
        }

        // Reverse pairing: the named fibre must exist and run the other way.
        var byId = fibers.ToDictionary(f => f.Id.Value, StringComparer.Ordinal);
        foreach (var fiber in fibers)
        {
            if (fiber.Reverse is not { } reverseId)
            {
                continue;
            }

            var path = Field(paths[fiber.Id.Value], "reverse");
            if (!byId.TryGetValue(reverseId.Value, out var reverse))
            {
                if (!paths.ContainsKey(reverseId.Value))
                {
                    c.Error(IssueCodes.UnknownFiber, path, $"reverse fibre '{reverseId}' is not defined in $.fibers");
                }
            }
            else if (reverse.Source != fiber.Destination || reverse.Destination != fiber.Source || reverse.Reverse != fiber.Id)
            {
                c.Error(IssueCodes.ReverseMismatch, path, $"reverse fibre '{reverseId}' must run {fiber.Destination} → {fiber.Source} and name '{fiber.Id}' as its reverse");
            }
        }

        return fibers;
    }

    private static string? RoadmRef(JsonElement e, string field, string path, JsonReaderContext c, Dictionary<string, NodeEntry> nodes)
    {
        var id = c.String(e, field, path);
        if (id is null)
        {
            return null;
        }

        if (!nodes.TryGetValue(id, out var node))
        {
            c.Error(IssueCodes.UnknownNode, Field(path, field), $"node '{id}' is not defined in $.nodes");
            return null;
        }

        if (node.Node is not Roadm)
        {
            c.Error(IssueCodes.NotARoadm, Field(path, field), $"fibres run between ROADM degrees, but '{id}' is a {Kind(node.Node)}");
            return null;
        }

        return id;
    }

    private static ImmutableArray<Span>? ReadSpans(JsonElement e, string path, JsonReaderContext c, Dictionary<string, NodeEntry> nodes, EquipmentLibrary equipment)
    {
        if (!c.Array(e, "spans", path, out var array, limit: (nameof(TopologyLimits.MaxSpansPerFiber), c.Limits.MaxSpansPerFiber)))
        {
            return null;
        }

        var spans = ImmutableArray.CreateBuilder<Span>();
        var ok = true;
        var i = 0;
        foreach (var s in array.EnumerateArray())
        {
            var sp = Item(Field(path, "spans"), i++);
            if (!c.TryObject(s, sp))
            {
                ok = false;
                continue;
            }

            c.OnlyKnown(s, sp, SpanFields);

            var length = c.Number(s, "lengthKm", sp, min: 0, max: 1000, exclusiveMin: true);
            var type = c.String(s, "fiberType", sp);
            FiberType? fiberType = null;
            if (type is not null && !equipment.TryGetFiberType(new FiberTypeId(type), out fiberType))
            {
                c.Error(IssueCodes.UnknownFiberType, Field(sp, "fiberType"), $"fibre type '{type}' is not in equipment library '{equipment.Name}'");
            }

            var loss = c.Number(s, "lossDbPerKm", sp, required: false, min: 0, max: 1, exclusiveMin: true);
            var conIn = c.Number(s, "connectorInDb", sp, required: false, min: 0, max: 10) ?? 0;
            var conOut = c.Number(s, "connectorOutDb", sp, required: false, min: 0, max: 10) ?? 0;
            SpanAmplifier? amplifier = null;
            if (c.TryGetOptionalObject(s, "amplifier", sp, out var a))
            {
                var ap = Field(sp, "amplifier");
                c.OnlyKnown(a, ap, AmplifierFields);
                var ampType = c.String(a, "type", ap);
                AmplifierType? ampSpec = null;
                if (ampType is not null && !equipment.TryGetAmplifier(new AmplifierTypeId(ampType), out ampSpec))
                {
                    c.Error(IssueCodes.UnknownAmplifierType, Field(ap, "type"), $"amplifier type '{ampType}' is not in equipment library '{equipment.Name}'");
                }

                var gain = c.Number(a, "gainDb", ap, required: false, min: 0, max: 60);
                if (gain is { } g && ampSpec is not null && (g < ampSpec.GainMinDb - 1e-9 || g > ampSpec.GainFlatMaxDb + 10))
                {
                    c.Error(IssueCodes.OutOfRange, Field(ap, "gainDb"), $"gain {g} dB is outside amplifier type '{ampType}' range [{ampSpec.GainMinDb}, {ampSpec.GainFlatMaxDb + 10}] dB");
                }

                var tilt = c.Number(a, "tiltDb", ap, required: false, min: -10, max: 10) ?? 0;
                var device = c.String(a, "device", ap, required: false);
                if (device is not null)
                {
                    if (!nodes.TryGetValue(device, out var d))
                    {
                        c.Error(IssueCodes.UnknownNode, Field(ap, "device"), $"node '{device}' is not defined in $.nodes");
                    }
                    else if (d.Node is not InlineAmplifier)
                    {
                        c.Error(IssueCodes.NotAnAmplifier, Field(ap, "device"), $"'{device}' is a {Kind(d.Node)}, not an amplifier");
                    }
                }

                if (ampType is not null)
                {
                    amplifier = new SpanAmplifier(new AmplifierTypeId(ampType), gain, tilt, device is null ? null : new NodeId(device));
                }
            }

            if (length is { } len && fiberType is not null)
            {
                var total = len * (loss ?? fiberType.AttenuationDbPerKm) + conIn + conOut;
                if (total > MaxSpanLossDb)
                {
                    c.Error(IssueCodes.OutOfRange, Field(sp, "lengthKm"), $"span loss {total:0.0} dB exceeds {MaxSpanLossDb} dB: split the span with an amplifier");
                    ok = false;
                }
            }

            if (length is null || type is null || fiberType is null)
            {
                ok = false;
                continue;
            }

            spans.Add(new Span(length.Value, new FiberTypeId(type), loss, conIn, conOut, amplifier));
        }

        if (i == 0)
        {
            c.Error(IssueCodes.EmptyCollection, Field(path, "spans"), "a fibre needs at least one span");
            return null;
        }

        return ok ? spans.ToImmutable() : null;
    }

    private static string Kind(OpticalNode node) => node switch
    {
        Roadm => "ROADM",
        Transponder => "transponder",
        InlineAmplifier => "amplifier",
        _ => "node",
    };
}
