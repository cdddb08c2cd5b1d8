using System.Text.Json.Nodes;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using static Continuum.Pce.Api.Tapi.TapiNames;

namespace Continuum.Pce.Api.Tapi;

/// <summary>
/// A lightpath's realisation as tapi-connectivity objects, as orchestrators read it: one <c>connection</c> per service,
/// whose <c>connection-end-point</c>s are the two ends (the transponder interfaces it holds, else the ROADMs' add/drop)
/// and whose <c>route</c> lists, in path order, a connection-end-point on every node-edge-point the path crosses:
/// transponder interface, add/drop, and both degrees of every fibre pair. A 1+1 service has two routes, <c>working</c>
/// (resilience priority 1) and <c>protection</c> (2), sharing the transponder ends, and a <c>switch-control</c> with one
/// switch per end (the line-protection selector at that end's receiver: its selected route, the reason, SINK) whose
/// control parameters are the service's resilience (ONE_PLUS_ONE_PROTECTION, non-revertive). Each connection-end-point
/// lives in its node-edge-point's <c>cep-list</c> in the topology, with the same UUID (name-based, from tenant, lightpath,
/// leg, node and edge point).
/// </summary>
public static class TapiConnections
{
    /// <summary>A connection-end-point: the node and node-edge-point (its local name) it sits on, its qualifier and UUID.</summary>
    public sealed record Cep(string Node, string Local, string Qualifier, string Uuid);

    /// <summary>The route local-ids of the two legs.</summary>
    public const string Working = "working";

    public const string ProtectionLeg = "protection";

    public static string ConnectionUuid(LightpathDto lp) => TapiUuid.Of($"connection/{lp.Tenant}/{lp.Id}");

    /// <summary>The protection leg's connection-end-points (empty without 1+1 or a protection path on this topology).</summary>
    private static List<Cep> ProtectionCeps(LightpathDto lp, NetworkSnapshot snapshot, PathTopology? topology) =>
        lp.Protection is { } p ? Ceps(lp, p.Nodes, p.Fibers, ProtectionLeg, snapshot, topology) : [];

    /// <summary>The connection-end-points of a lightpath's working path in path order; empty when it holds no path on this topology.</summary>
    public static List<Cep> Ceps(LightpathDto lp, NetworkSnapshot snapshot, PathTopology? topology) =>
        Ceps(lp, lp.Nodes, lp.Fibers, Working, snapshot, topology);

    /// <summary>
    /// The connection-end-points of one leg (<see cref="Working"/> or <see cref="ProtectionLeg"/>) in path order: the
    /// transponder ends are the working leg's (the line protection splits after the transponder), the ROADM edge points
    /// the leg's own.
    /// </summary>
    private static List<Cep> Ceps(LightpathDto lp, IReadOnlyList<string> nodes, IReadOnlyList<string> fibers, string leg, NetworkSnapshot snapshot, PathTopology? topology)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(snapshot);
        var ceps = new List<Cep>();
        if (fibers.Count == 0 || nodes.Count < 2 || lp.State is "Deleted" or "Blocked" or "Failed")
        {
            return ceps;
        }

        var network = snapshot.Network;
        var roadms = network.Roadms.Select(r => r.Id.Value).ToHashSet(StringComparer.Ordinal);
        var prefix = leg == Working ? $"cep/{lp.Tenant}/{lp.Id}" : $"cep/{lp.Tenant}/{lp.Id}/{leg}";
        void Add(string node, string local, string qualifier) =>
            ceps.Add(new Cep(node, local, qualifier, TapiUuid.Of($"{prefix}/{node}/{local}")));
        void AddTransponder(string node, string local) =>
            ceps.Add(new Cep(node, local, Otsi, TapiUuid.Of($"cep/{lp.Tenant}/{lp.Id}/{node}/{local}")));

        if (TapiConnectivity.TransponderAt(lp, first: true, topology, snapshot) is { } a && lp.SourceInterface is { } inA)
        {
            AddTransponder(a.Id.Value, TapiTopology.PortName(inA));
        }

        if (roadms.Contains(nodes[0]))
        {
            Add(nodes[0], TapiTopology.AddDrop, OtsiMc);
        }

        foreach (var id in fibers)
        {
            if (!network.TryGetFiber(new FiberId(id), out var fiber))
            {
                return []; // a path of another topology version: nothing to point at
            }

            var degree = TapiTopology.DegreeName(fiber.PairKey().Value);
            foreach (var node in new[] { fiber.Source.Value, fiber.Destination.Value })
            {
                if (roadms.Contains(node))
                {
                    Add(node, degree, OtsiMc);
                }
            }
        }

        if (roadms.Contains(nodes[^1]))
        {
            Add(nodes[^1], TapiTopology.AddDrop, OtsiMc);
        }

        if (TapiConnectivity.TransponderAt(lp, first: false, topology, snapshot) is { } z && lp.DestinationInterface is { } inZ)
        {
            AddTransponder(z.Id.Value, TapiTopology.PortName(inZ));
        }

        return ceps.Count >= 2 ? ceps : [];
    }

    /// <summary>The connection of a lightpath, or null when it holds no path.</summary>
    public static JsonObject? Connection(LightpathDto lp, NetworkSnapshot snapshot, PathTopology? topology)
    {
        var ceps = Ceps(lp, snapshot, topology);
        if (ceps.Count == 0)
        {
            return null;
        }

        var uuid = ConnectionUuid(lp);
        var protection = ProtectionCeps(lp, snapshot, topology);
        var connection = new JsonObject
        {
            ["uuid"] = uuid,
            ["name"] = Names(("connection-name", lp.Id), ("tenant", lp.Tenant), ("route", string.Join(",", lp.Nodes))),
            ["layer-protocol-name"] = PhotonicMedia,
            ["layer-protocol-qualifier"] = Otsi,
            ["direction"] = "BIDIRECTIONAL",
            ["connection-end-point"] = new JsonArray(CepRef(ceps[0]), CepRef(ceps[^1])),
            ["route"] = protection.Count == 0
                ? new JsonArray(Route(Working, ceps, null))
                : new JsonArray(Route(Working, ceps, (1, Selected(lp, Working))), Route(ProtectionLeg, protection, (2, Selected(lp, ProtectionLeg)))),
            ["operational-state"] = lp.State == "Active" ? "ENABLED" : "DISABLED",
            ["lifecycle-state"] = TapiConnectivity.Lifecycle(lp.State),
        };
        if (protection.Count > 0 && lp.Protection is { } p)
        {
            connection["switch-control"] = new JsonArray(SwitchControl(lp, p, uuid));
        }

        return connection;
    }

    private static JsonObject Route(string localId, List<Cep> ceps, (int Priority, bool Current)? resilience)
    {
        var route = new JsonObject
        {
            ["local-id"] = localId,
            ["connection-end-point"] = Array(ceps.Select(c => (JsonNode?)CepRef(c))),
        };
        if (resilience is { } r)
        {
            route["resilience-route"] = new JsonObject
            {
                ["route-state"] = r.Current ? "tapi-connectivity:ROUTE_STATE_CURRENT" : "tapi-connectivity:ROUTE_STATE_NOT_CURRENT",
                ["priority"] = r.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return route;
    }

    /// <summary>Whether either end's selector has the leg (the working leg when the switches have not been read).</summary>
    private static bool Selected(LightpathDto lp, string leg) =>
        lp.Protection is { } p && ((p.ActiveAtSource ?? Working) == leg || (p.ActiveAtDestination ?? Working) == leg);

    /// <summary>
    /// The two line-protection selectors (one at each end's receiver) as TAPI switches: the route each has selected, and
    /// why: FORCED when an operator forced a leg (the manual switch command, OpenConfig's force-to-port), SIGNAL_FAIL
    /// when the working leg is down and the selector is on protection, NORMAL otherwise.
    /// </summary>
    private static JsonObject SwitchControl(LightpathDto lp, ProtectionDto p, string connectionUuid)
    {
        JsonObject Switch(string localId, string? selected)
        {
            var leg = selected ?? Working;
            var reason = p.Force != "auto" ? "FORCED" : leg == ProtectionLeg && p.WorkingDown ? "SIGNAL_FAIL" : "NORMAL";
            return new JsonObject
            {
                ["local-id"] = localId,
                ["name"] = Names(("switch-name", $"{lp.Id}@{localId}")),
                ["selected-route"] = new JsonArray(new JsonObject { ["connection-uuid"] = connectionUuid, ["route-local-id"] = leg }),
                ["selection-reason"] = reason,
                ["switch-direction"] = "SINK",
            };
        }

        return new JsonObject
        {
            ["uuid"] = TapiUuid.Of($"switch-control/{lp.Tenant}/{lp.Id}"),
            ["name"] = Names(("switch-control-name", $"{lp.Id} 1+1")),
            ["switch"] = new JsonArray(Switch("a-end", p.ActiveAtSource), Switch("z-end", p.ActiveAtDestination)),
            ["control-parameters"] = new JsonObject
            {
                ["resilience-type"] = new JsonObject { ["protection-type"] = "ONE_PLUS_ONE_PROTECTION" },
                ["reversion-mode"] = "NON_REVERTIVE",
            },
        };
    }

    /// <summary>The connections of the lightpaths that hold a path.</summary>
    public static JsonArray Connections(IEnumerable<LightpathDto> lightpaths, NetworkSnapshot? snapshot, PathTopology? topology)
    {
        var list = new JsonArray();
        if (snapshot is null)
        {
            return list;
        }

        foreach (var lp in lightpaths)
        {
            if (Connection(lp, snapshot, topology) is { } connection)
            {
                list.Add(connection);
            }
        }

        return list;
    }

    /// <summary>The connection-end-points of the lightpaths, by the node-edge-point they sit on ("node/local"), as cep-list entries.</summary>
    public static Dictionary<string, JsonArray> CepLists(IEnumerable<LightpathDto> lightpaths, NetworkSnapshot snapshot, PathTopology? topology)
    {
        var byNep = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var lp in lightpaths)
        {
            // The transponder ends are shared by both legs: listed once.
            foreach (var cep in Ceps(lp, snapshot, topology).Concat(ProtectionCeps(lp, snapshot, topology)).DistinctBy(c => c.Uuid))
            {
                var key = $"{cep.Node}/{cep.Local}";
                if (!byNep.TryGetValue(key, out var list))
                {
                    byNep[key] = list = [];
                }

                list.Add(new JsonObject
                {
                    ["uuid"] = cep.Uuid,
                    ["name"] = Names(("cep-name", $"{lp.Id}@{cep.Node}/{cep.Local}"), ("connection-name", lp.Id)),
                    ["layer-protocol-name"] = PhotonicMedia,
                    ["layer-protocol-qualifier"] = cep.Qualifier,
                    ["direction"] = "BIDIRECTIONAL",
                    ["parent-node-edge-point"] = TapiTopology.NepRef(cep.Node, cep.Local),
                    ["operational-state"] = lp.State == "Active" ? "ENABLED" : "DISABLED",
                    ["lifecycle-state"] = TapiConnectivity.Lifecycle(lp.State),
                });
            }
        }

        return byNep;
    }

    private static JsonObject CepRef(Cep cep)
    {
        var reference = TapiTopology.NepRef(cep.Node, cep.Local);
        reference["connection-end-point-uuid"] = cep.Uuid;
        return reference;
    }
}
