using System.Text.Json.Nodes;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using static Continuum.Pce.Api.Tapi.TapiNames;

namespace Continuum.Pce.Api.Tapi;

/// <summary>What the topology shows besides the network document: node health, fibre state and spectrum claims.</summary>
public sealed record TopologyState(IReadOnlyDictionary<string, string?> NodeHealth, IReadOnlyDictionary<string, SpectrumDto> Spectrum)
{
    /// <summary>The connection-end-points of the caller's lightpaths by node-edge-point ("node/local"), for each one's cep-list.</summary>
    public IReadOnlyDictionary<string, JsonArray> Ceps { get; init; } = new Dictionary<string, JsonArray>();
}

/// <summary>
/// The network as TAPI sees it (photonic-media profile), one flat topology: each ROADM a node with one
/// node-edge-point per degree (a duplex fibre pair) and one for its add/drop; each transponder a node with one
/// node-edge-point per interface (its client ports, each mapped to a service-interface-point) and one line port toward
/// its ROADM's add/drop. Links are the duplex fibre pairs (BIDIRECTIONAL, keyed by the pair's id) and the transponder
/// attachments. Degree edge points carry the spectrum: the grid (supportable), the free runs (available) and the claims
/// (occupied) of the fibre pair, in Hz. In-line amplifiers stay inside their links.
/// </summary>
public static class TapiTopology
{
    public const string AddDrop = "add-drop";
    public const string Line = "line";

    public static string PortName(int port) => $"port-{port}";

    public static string DegreeName(string pairKey) => "degree-" + pairKey;

    /// <summary>The link id of an attachment transponder → ROADM add/drop.</summary>
    public static string AttachmentLink(string transponder) => transponder + "/" + AddDrop;

    /// <summary>One service-interface-point per interface of every transponder.</summary>
    public static JsonArray ServiceInterfacePoints(NetworkSnapshot snapshot, IReadOnlyDictionary<string, string?> health)
    {
        var grid = snapshot.Network.Grid;
        var list = new JsonArray();
        foreach (var t in snapshot.Network.Transponders)
        {
            for (var port = 1; port <= t.Interfaces; port++)
            {
                list.Add(Sip(snapshot, t, port, grid, health.GetValueOrDefault(t.Id.Value)));
            }
        }

        return list;
    }

    public static JsonObject Sip(NetworkSnapshot snapshot, Transponder t, int port, SpectrumGrid grid, string? health) => new()
    {
        ["uuid"] = TapiUuid.Sip(t.Id.Value, port),
        ["name"] = Names(("sip-name", $"{t.Id.Value}/{PortName(port)}"), ("transponder", t.Id.Value), ("port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("site", t.Site.Value), ("transceiver-type", t.Type.Value)),
        ["layer-protocol-name"] = PhotonicMedia,
        ["direction"] = "BIDIRECTIONAL",
        ["supported-cep-layer-protocol-qualifier-instances"] = new JsonArray(new JsonObject { ["layer-protocol-qualifier"] = Otsi, ["number-of-cep-instances"] = U64(1) }),
        ["administrative-state"] = "UNLOCKED",
        ["operational-state"] = OperationalState(health),
        ["lifecycle-state"] = "INSTALLED",
        ["total-potential-capacity"] = Capacity(MaxLineRate(snapshot, t)),
        ["tapi-photonic-media:photonic-media-service-interface-point-spec"] = new JsonObject
        {
            ["spectrum-capability-pac"] = new JsonObject { ["supportable-spectrum"] = new JsonArray(Band(grid, new SlotRange(0, grid.SlotCount))) },
        },
    };

    public static JsonObject Topology(NetworkSnapshot snapshot, TopologyState state)
    {
        var network = snapshot.Network;
        var topology = TapiUuid.Topology();
        var nodes = new JsonArray();
        var links = new JsonArray();
        var pairs = network.Fibers.GroupBy(f => f.PairKey().Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

        foreach (var roadm in network.Roadms)
        {
            var neps = new JsonArray();
            foreach (var pair in pairs.Where(p => p.Any(f => f.Source == roadm.Id || f.Destination == roadm.Id)))
            {
                var up = pair.All(f => state.Spectrum.TryGetValue(f.Id.Value, out var s) ? s.Up : true);
                neps.Add(Nep(roadm.Id.Value, DegreeName(pair.Key), [Oms, Mc, OtsiMc], up ? "ENABLED" : "DISABLED", null,
                    state.Spectrum.TryGetValue(pair.Key, out var spectrum) ? SpectrumPac(network.Grid, spectrum) : null, state.Ceps));
            }

            neps.Add(Nep(roadm.Id.Value, AddDrop, [Mc, OtsiMc], "ENABLED", null, null, state.Ceps));
            nodes.Add(Node(roadm.Id.Value, roadm.Name, roadm.Site.Value, "roadm", neps, state.NodeHealth.GetValueOrDefault(roadm.Id.Value), RoadmLatencyUs(snapshot, roadm)));
        }

        foreach (var t in network.Transponders)
        {
            var neps = new JsonArray();
            for (var port = 1; port <= t.Interfaces; port++)
            {
                neps.Add(Nep(t.Id.Value, PortName(port), [Otsi], "ENABLED", TapiUuid.Sip(t.Id.Value, port), null, state.Ceps));
            }

            neps.Add(Nep(t.Id.Value, Line, [Otsi], "ENABLED", null, null, state.Ceps));
            nodes.Add(Node(t.Id.Value, t.Name, t.Site.Value, "transponder", neps, state.NodeHealth.GetValueOrDefault(t.Id.Value), TransponderLatencyUs(snapshot, t)));
        }

        foreach (var pair in pairs)
        {
            var first = pair.First();
            var up = pair.All(f => state.Spectrum.TryGetValue(f.Id.Value, out var s) ? s.Up : true);
            var srlgs = pair.SelectMany(f => f.Srlgs).Select(s => s.Value).Distinct(StringComparer.Ordinal).ToList();
            var link = new JsonObject
            {
                ["uuid"] = TapiUuid.Link(pair.Key),
                ["name"] = Names(("link-name", pair.Key), ("fibers", string.Join(",", pair.Select(f => f.Id.Value))), ("length-km", Fmt(first.LengthKm))),
                ["layer-protocol-name"] = new JsonArray(PhotonicMedia),
                ["direction"] = pair.Count() > 1 ? "BIDIRECTIONAL" : "UNIDIRECTIONAL",
                ["node-edge-point"] = new JsonArray(
                    NepRef(first.Source.Value, DegreeName(pair.Key)),
                    NepRef(first.Destination.Value, DegreeName(pair.Key))),
                ["administrative-state"] = "UNLOCKED",
                ["operational-state"] = up ? "ENABLED" : "DISABLED",
                ["lifecycle-state"] = "INSTALLED",
                ["cost-characteristic"] = new JsonArray(new JsonObject { ["cost-name"] = "length-km", ["cost-value"] = Fmt(first.LengthKm) }),
                ["latency-characteristic"] = new JsonArray(new JsonObject { ["traffic-property-name"] = "propagation-us", ["fixed-latency-characteristic"] = Fmt(first.PropagationLatencyUs) }),
            };
            // TAPI makes risk, validation and layer transition mandatory on every link (min-elements 1, 1 and 2): the
            // fibre pair is its own risk besides its SRLGs; adjacency is declared by the network document; the OMS rides on the OTS.
            link["risk-characteristic"] = new JsonArray(
                new JsonObject { ["risk-characteristic-name"] = "fibre-pair", ["risk-identifier-list"] = new JsonArray(pair.Key) },
                new JsonObject { ["risk-characteristic-name"] = "srlg", ["risk-identifier-list"] = srlgs.Count > 0 ? Array(srlgs.Select(s => (JsonNode?)JsonValue.Create(s))) : new JsonArray(pair.Key) });
            link["validation-mechanism"] = Declared();
            link["transitioned-layer-protocol-name"] = new JsonArray(Oms, Ots);
            links.Add(link);
        }

        foreach (var t in network.Transponders)
        {
            links.Add(new JsonObject
            {
                ["uuid"] = TapiUuid.Link(AttachmentLink(t.Id.Value)),
                ["name"] = Names(("link-name", AttachmentLink(t.Id.Value))),
                ["layer-protocol-name"] = new JsonArray(PhotonicMedia),
                ["direction"] = "BIDIRECTIONAL",
                ["node-edge-point"] = new JsonArray(NepRef(t.Id.Value, Line), NepRef(t.AttachedRoadm.Value, AddDrop)),
                ["administrative-state"] = "UNLOCKED",
                ["operational-state"] = "ENABLED",
                ["lifecycle-state"] = "INSTALLED",
                ["cost-characteristic"] = new JsonArray(new JsonObject { ["cost-name"] = "length-km", ["cost-value"] = "0" }),
                ["latency-characteristic"] = new JsonArray(new JsonObject { ["traffic-property-name"] = "propagation-us", ["fixed-latency-characteristic"] = "0" }),
                ["risk-characteristic"] = new JsonArray(new JsonObject { ["risk-characteristic-name"] = "site", ["risk-identifier-list"] = new JsonArray(t.Site.Value) }),
                ["validation-mechanism"] = Declared(),
                ["transitioned-layer-protocol-name"] = new JsonArray(Otsi, Mc),
            });
        }

        return new JsonObject
        {
            ["uuid"] = topology,
            ["name"] = Names(("topology-name", network.Name), ("version", snapshot.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ["layer-protocol-name"] = new JsonArray(PhotonicMedia),
            ["node"] = nodes,
            ["link"] = links,
        };
    }

    public static JsonObject NepRef(string node, string local) => new()
    {
        ["topology-uuid"] = TapiUuid.Topology(),
        ["node-uuid"] = TapiUuid.Node(node),
        ["node-edge-point-uuid"] = TapiUuid.Nep(node, local),
    };

    public static JsonObject NodeRef(string node) => new() { ["topology-uuid"] = TapiUuid.Topology(), ["node-uuid"] = TapiUuid.Node(node) };

    public static JsonObject LinkRef(string link) => new() { ["topology-uuid"] = TapiUuid.Topology(), ["link-uuid"] = TapiUuid.Link(link) };

    public static JsonObject Capacity(int gbps) => new() { ["total-size"] = new JsonObject { ["value"] = Dec(gbps, 0), ["unit"] = Gbps } };

    /// <summary>A band of slots in Hz (tapi-photonic-media spectrum-band; the grid is flexible, ITU-T G.694.1).</summary>
    public static JsonObject Band(SpectrumGrid grid, SlotRange range) => new()
    {
        ["upper-frequency"] = U64(grid.RangeUpperEdge(range).Mhz * 1_000_000),
        ["lower-frequency"] = U64(grid.RangeLowerEdge(range).Mhz * 1_000_000),
        ["frequency-constraint"] = new JsonObject
        {
            ["adjustment-granularity"] = "tapi-photonic-media:ADJUSTMENT_GRANULARITY_G_6_25GHZ",
            ["grid-type"] = "tapi-photonic-media:GRID_TYPE_FLEX",
        },
    };

    private static JsonObject Node(string id, string name, string site, string kind, JsonArray neps, string? health, double latencyUs) => new()
    {
        ["uuid"] = TapiUuid.Node(id),
        ["name"] = Names(("node-name", id), ("display-name", name), ("site", site), ("kind", kind)),
        ["layer-protocol-name"] = new JsonArray(PhotonicMedia),
        ["owned-node-edge-point"] = neps,
        ["administrative-state"] = "UNLOCKED",
        ["operational-state"] = OperationalState(health),
        ["lifecycle-state"] = "INSTALLED",
        ["cost-characteristic"] = new JsonArray(new JsonObject { ["cost-name"] = "hops", ["cost-value"] = "1" }),
        ["latency-characteristic"] = new JsonArray(new JsonObject { ["traffic-property-name"] = "equipment-us", ["fixed-latency-characteristic"] = Fmt(latencyUs) }),
        ["risk-parameter-pac"] = new JsonObject
        {
            ["risk-characteristic"] = new JsonArray(new JsonObject { ["risk-characteristic-name"] = "site", ["risk-identifier-list"] = new JsonArray(site) }),
        },
    };

    private static JsonArray Declared() => new(new JsonObject
    {
        ["validation-mechanism"] = "declared",
        ["layer-protocol-adjacency-validated"] = "declared in the network document, not discovered",
        ["validation-robustness"] = "as the network document",
    });

    private static JsonObject Nep(string node, string local, string[] supported, string operational, string? sip, JsonObject? spectrum, IReadOnlyDictionary<string, JsonArray> ceps)
    {
        var nep = new JsonObject
        {
            ["uuid"] = TapiUuid.Nep(node, local),
            ["name"] = Names(("nep-name", $"{node}/{local}")),
            ["layer-protocol-name"] = PhotonicMedia,
            ["direction"] = "BIDIRECTIONAL",
            ["link-port-role"] = "SYMMETRIC",
            ["supported-cep-layer-protocol-qualifier-instances"] = Array(supported.Select(q => (JsonNode?)new JsonObject { ["layer-protocol-qualifier"] = q })),
            ["administrative-state"] = "UNLOCKED",
            ["operational-state"] = operational,
            ["lifecycle-state"] = "INSTALLED",
        };
        if (sip is not null)
        {
            nep["mapped-service-interface-point"] = new JsonArray(new JsonObject { ["service-interface-point-uuid"] = sip });
        }

        if (spectrum is not null)
        {
            nep["tapi-photonic-media:photonic-media-node-edge-point-spec"] = new JsonObject { ["spectrum-capability-pac"] = spectrum };
        }

        if (ceps.TryGetValue($"{node}/{local}", out var list) && list.Count > 0)
        {
            nep["tapi-connectivity:cep-list"] = new JsonObject { ["connection-end-point"] = list.DeepClone() };
        }

        return nep;
    }

    private static JsonObject SpectrumPac(SpectrumGrid grid, SpectrumDto spectrum)
    {
        var occupied = spectrum.Claims.Select(c => new SlotRange(c.SlotStart, c.SlotCount)).OrderBy(r => r.Start).ToList();
        var available = new JsonArray();
        var next = 0;
        foreach (var range in occupied)
        {
            if (range.Start > next)
            {
                available.Add(Band(grid, new SlotRange(next, range.Start - next)));
            }

            next = Math.Max(next, range.End);
        }

        if (next < grid.SlotCount)
        {
            available.Add(Band(grid, new SlotRange(next, grid.SlotCount - next)));
        }

        return new JsonObject
        {
            ["supportable-spectrum"] = new JsonArray(Band(grid, new SlotRange(0, grid.SlotCount))),
            ["available-spectrum"] = available,
            // Claims never overlap on a fibre; merged here only if two ever share a key (upper, lower).
            ["occupied-spectrum"] = Array(occupied.DistinctBy(r => (r.Start, r.End)).Select(r => (JsonNode?)Band(grid, r))),
        };
    }

    private static string OperationalState(string? health) => health is "unreachable" or "down" ? "DISABLED" : "ENABLED";

    private static double RoadmLatencyUs(NetworkSnapshot snapshot, Roadm roadm) =>
        snapshot.Equipment.RoadmTypes.FirstOrDefault(t => t.Id == roadm.Type) is { } type ? type.LatencyUs : 0;

    private static double TransponderLatencyUs(NetworkSnapshot snapshot, Transponder t) =>
        snapshot.Equipment.TryGetTransceiver(t.Type, out var type) && type.Modes.Length > 0 ? type.Modes.Min(m => m.LatencyUs) : 0;

    private static int MaxLineRate(NetworkSnapshot snapshot, Transponder t) =>
        snapshot.Equipment.TryGetTransceiver(t.Type, out var type) && type.Modes.Length > 0 ? type.Modes.Max(m => m.LineRateGbps) : 0;

    private static string Fmt(double value) => Math.Round(value, 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
