using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Topology.IO.Gnpy;

/// <summary>Options for a GNPy import.</summary>
/// <param name="Jurisdiction">GNPy files carry no country; every site gets this one.</param>
public sealed record GnpyImportOptions(string Jurisdiction = "FR")
{
    public static GnpyImportOptions Default { get; } = new();
}

/// <summary>A GNPy network and equipment imported into the domain.</summary>
/// <param name="Warnings">Elements the domain model does not represent (for example boosters right after a ROADM).</param>
public sealed record GnpyNetwork(
    OpticalNetwork Network,
    EquipmentLibrary Library,
    GnpySpectralInformation SpectralInformation,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The fibres from one Transceiver or Roadm uid to another, fewest fibres first (breadth-first). A transceiver
    /// attached to a ROADM (GNPy's usual layout) routes from or to that ROADM.
    /// </summary>
    public IReadOnlyList<FiberId> Route(string fromUid, string toUid)
    {
        var from = new NodeId(fromUid);
        var to = new NodeId(toUid);
        foreach (var uid in new[] { from, to })
        {
            if (!Network.TryGetNode(uid, out _))
            {
                throw new KeyNotFoundException($"unknown uid '{uid}' (routes run between Transceiver and Roadm elements)");
            }
        }

        NodeId Attachment(NodeId node) =>
            Network.TryGetNode(node, out var n) && n is Transponder t && t.AttachedRoadm != node && !Network.Fibers.Any(f => f.Source == node || f.Destination == node)
                ? t.AttachedRoadm
                : node;
        from = Attachment(from);
        to = Attachment(to);

        var previous = new Dictionary<NodeId, Fiber>();
        var queue = new Queue<NodeId>([from]);
        var seen = new HashSet<NodeId> { from };
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node == to)
            {
                break;
            }

            foreach (var fiber in Network.Fibers.Where(f => f.Source == node))
            {
                if (seen.Add(fiber.Destination))
                {
                    previous[fiber.Destination] = fiber;
                    queue.Enqueue(fiber.Destination);
                }
            }
        }

        if (from != to && !previous.ContainsKey(to))
        {
            throw new InvalidOperationException($"no route from '{fromUid}' to '{toUid}'");
        }

        var route = new List<FiberId>();
        for (var node = to; node != from; node = previous[node].Source)
        {
            route.Add(previous[node].Id);
        }

        route.Reverse();
        return route;
    }
}

/// <summary>
/// Reads GNPy's network JSON (<c>elements</c> with uid, type Transceiver | Roadm | Fiber | Edfa | Fused, type_variety,
/// params, operational, metadata.location; <c>connections</c> from_node → to_node) against a GNPy equipment file.
/// Transceivers and ROADMs become nodes with a site each; every chain of Fiber / Edfa / Fused elements between two of
/// them becomes one directed domain fibre whose spans are the Fiber elements, each amplified by the Edfa that follows it
/// (operational.gain_target, or "compensate the span loss" when absent). A Fused element's loss is added to the
/// adjacent connector. Every problem is reported at once.
/// </summary>
public static class GnpyNetworkReader
{
    private static readonly HashSet<string> Terminals = ["Transceiver", "Roadm"];
    private static readonly HashSet<string> Known = ["Transceiver", "Roadm", "Fiber", "RamanFiber", "Edfa", "Fused"];

    public static GnpyNetwork Load(string networkPath, string equipmentPath, GnpyImportOptions? options = null) =>
        Parse(TopologyInput.ReadFile(networkPath), GnpyEquipmentReader.Load(equipmentPath), options);

    public static GnpyNetwork Parse(string networkJson, GnpyEquipment equipment, GnpyImportOptions? options = null)
    {
        options ??= GnpyImportOptions.Default;
        var library = equipment.Library;
        using var document = JsonDocument.Parse(networkJson);
        var root = document.RootElement;
        var errors = new List<string>();
        var warnings = new List<string>();

        var elements = new Dictionary<string, JsonElement>();
        var index = 0;
        foreach (var element in Items(root, "elements"))
        {
            var uid = element.Str("uid");
            var type = element.Str("type");
            if (uid is null || type is null)
            {
                errors.Add($"$.elements[{index}]: needs uid and type");
            }
            else if (!Known.Contains(type))
            {
                errors.Add($"$.elements[{index}]: element '{uid}' has unsupported type '{type}' (Transceiver, Roadm, Fiber, Edfa, Fused)");
            }
            else if (!elements.TryAdd(uid, element))
            {
                errors.Add($"$.elements[{index}]: duplicate uid '{uid}'");
            }

            index++;
        }

        var next = new Dictionary<string, List<string>>();
        index = 0;
        foreach (var connection in Items(root, "connections"))
        {
            var from = connection.Str("from_node");
            var to = connection.Str("to_node");
            foreach (var uid in new[] { from, to })
            {
                if (uid is null || !elements.ContainsKey(uid))
                {
                    errors.Add($"$.connections[{index}]: unknown uid '{uid}'");
                }
            }

            if (from is not null && to is not null)
            {
                (next.TryGetValue(from, out var list) ? list : next[from] = []).Add(to);
            }

            index++;
        }

        string TypeOf(string uid) => elements[uid].Str("type")!;

        var fibers = new List<Fiber>();
        var attachments = new Dictionary<string, string>();
        var jurisdiction = Jurisdiction.Parse(options.Jurisdiction);
        foreach (var (uid, element) in elements.Where(e => errors.Count == 0 && Terminals.Contains(e.Value.Str("type")!)))
        {
            foreach (var first in next.GetValueOrDefault(uid) ?? [])
            {
                if (Terminals.Contains(TypeOf(first)))
                {
                    if (TypeOf(uid) != TypeOf(first))
                    {
                        attachments[TypeOf(uid) == "Transceiver" ? uid : first] = TypeOf(uid) == "Roadm" ? uid : first;
                    }

                    continue;
                }

                var spans = ImmutableArray.CreateBuilder<Span>();
                var pendingLoss = 0.0;
                var current = first;
                var guard = 0;
                while (!Terminals.Contains(TypeOf(current)) && guard++ < 100_000)
                {
                    var e = elements[current];
                    var parameters = e.Obj("params");
                    switch (TypeOf(current))
                    {
                        case "Fiber" or "RamanFiber":
                            var variety = e.Str("type_variety");
                            if (variety is null || !library.TryGetFiberType(new FiberTypeId(variety), out _))
                            {
                                errors.Add($"element '{current}': unknown Fiber type_variety '{variety}'");
                                break;
                            }

                            var length = parameters.Num("length") ?? 0;
                            var units = parameters.Str("length_units") ?? "km";
                            var km = units is "m" ? length / 1e3 : length;
                            spans.Add(new Span(
                                km,
                                new FiberTypeId(variety),
                                parameters.Num("loss_coef"),
                                (parameters.Num("con_in") ?? equipment.DefaultConnectorInDb) + pendingLoss,
                                parameters.Num("con_out") ?? equipment.DefaultConnectorOutDb));
                            pendingLoss = 0;
                            break;
                        case "Edfa":
                            var amplifier = e.Str("type_variety");
                            if (amplifier is null || !library.TryGetAmplifier(new AmplifierTypeId(amplifier), out _))
                            {
                                errors.Add($"element '{current}': unknown Edfa type_variety '{amplifier}' (GNPy autodesign is not supported: name the variety)");
                                break;
                            }

                            if (spans.Count == 0 || spans[^1].Amplifier is not null)
                            {
                                warnings.Add($"Edfa '{current}' does not follow a fibre span (booster); the ROADM's target power stands in for it");
                                break;
                            }

                            var gain = e.Obj("operational").Num("gain_target");
                            spans[^1] = spans[^1] with { Amplifier = new SpanAmplifier(new AmplifierTypeId(amplifier), gain) };
                            break;
                        case "Fused":
                            var loss = parameters.Num("loss") ?? 0;
                            if (spans.Count > 0 && spans[^1].Amplifier is null)
                            {
                                spans[^1] = spans[^1] with { ConnectorOutDb = spans[^1].ConnectorOutDb + loss };
                            }
                            else
                            {
                                pendingLoss += loss;
                            }

                            break;
                    }

                    var successors = next.GetValueOrDefault(current) ?? [];
                    if (successors.Count != 1)
                    {
                        errors.Add($"element '{current}': a line element needs exactly one successor, has {successors.Count}");
                        break;
                    }

                    current = successors[0];
                }

                if (Terminals.Contains(TypeOf(current)))
                {
                    var id = $"{uid}->{current}";
                    while (fibers.Any(f => f.Id.Value == id))
                    {
                        id += "'";
                    }

                    fibers.Add(new Fiber(new FiberId(id), new NodeId(uid), new NodeId(current), spans.ToImmutable(), [], [jurisdiction], Name: first));
                }
            }
        }

        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        foreach (var (uid, element) in elements.Where(e => Terminals.Contains(e.Value.Str("type")!)))
        {
            var location = element.Obj("metadata").Obj("location");
            var latitude = location.Num("latitude") ?? 0;
            var longitude = location.Num("longitude") ?? 0;
            var city = location.Str("city") ?? uid;
            sites.Add(new Site(new SiteId(uid), city, SiteTier.Colo, jurisdiction, new GeoPoint(latitude, longitude), 0, 0));
            var variety = element.Str("type_variety");
            if (TypeOf(uid) == "Roadm")
            {
                var roadmType = variety ?? library.RoadmTypes.FirstOrDefault()?.Id.Value;
                if (roadmType is null || !library.TryGetRoadmType(new RoadmTypeId(roadmType), out _))
                {
                    errors.Add($"element '{uid}': unknown Roadm type_variety '{roadmType}'");
                    continue;
                }

                var degrees = Math.Max(1, fibers.Count(f => f.Source.Value == uid));
                nodes.Add(new Roadm(new NodeId(uid), uid, new SiteId(uid), new RoadmTypeId(roadmType), degrees, 1));
            }
            else
            {
                var trxType = variety ?? library.Transceivers.FirstOrDefault()?.Id.Value;
                if (trxType is null || !library.TryGetTransceiver(new TransceiverTypeId(trxType), out _))
                {
                    errors.Add($"element '{uid}': unknown Transceiver type_variety '{trxType}'");
                    continue;
                }

                nodes.Add(new Transponder(new NodeId(uid), uid, new SiteId(uid), new TransceiverTypeId(trxType), new NodeId(attachments.GetValueOrDefault(uid) ?? uid), 1));
            }
        }

        if (errors.Count > 0)
        {
            throw new GnpyFormatException(errors);
        }

        var name = root.Str("network_name") ?? "gnpy";
        var network = new OpticalNetwork(name, SpectrumGrid.CBandFlex, sites, nodes, fibers, string.Create(CultureInfo.InvariantCulture, $"imported from GNPy ({elements.Count} elements)"));
        return new GnpyNetwork(network, library, equipment.SpectralInformation, warnings);
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];
}
