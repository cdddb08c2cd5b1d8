using System.Text.Json.Nodes;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using static Continuum.Pce.Api.Tapi.TapiNames;

namespace Continuum.Pce.Api.Tapi;

/// <summary>
/// A lightpath's realisation as tapi-connectivity objects, as orchestrators read it: one <c>connection</c> per service
/// (its working path; a 1+1 protection leg is shown by the service's resilience constraint only), whose
/// <c>connection-end-point</c>s are the two ends (the transponder interfaces it holds, else the ROADMs' add/drop) and whose
/// <c>route</c> lists, in path order, a connection-end-point on every node-edge-point the path crosses: transponder
/// interface, add/drop, and both degrees of every fibre pair. Each connection-end-point lives in its node-edge-point's
/// <c>cep-list</c> in the topology, with the same UUID (name-based, from tenant, lightpath, node and edge point).
/// </summary>
public static class TapiConnections
{
    /// <summary>A connection-end-point: the node and node-edge-point (its local name) it sits on, its qualifier and UUID.</summary>
    public sealed record Cep(string Node, string Local, string Qualifier, string Uuid);

    public static string ConnectionUuid(LightpathDto lp) => TapiUuid.Of($"connection/{lp.Tenant}/{lp.Id}");

    /// <summary>The connection-end-points of a lightpath's working path in path order; empty when it holds no path on this topology.</summary>
    public static List<Cep> Ceps(LightpathDto lp, NetworkSnapshot snapshot, PathTopology? topology)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(snapshot);
        var ceps = new List<Cep>();
        if (lp.Fibers.Count == 0 || lp.Nodes.Count < 2 || lp.State is "Deleted" or "Blocked" or "Failed")
        {
            return ceps;
        }

        var network = snapshot.Network;
        var roadms = network.Roadms.Select(r => r.Id.Value).ToHashSet(StringComparer.Ordinal);
        void Add(string node, string local, string qualifier) =>
            ceps.Add(new Cep(node, local, qualifier, TapiUuid.Of($"cep/{lp.Tenant}/{lp.Id}/{node}/{local}")));

        if (TapiConnectivity.TransponderAt(lp, first: true, topology, snapshot) is { } a && lp.SourceInterface is { } inA)
        {
            Add(a.Id.Value, TapiTopology.PortName(inA), Otsi);
        }

        if (roadms.Contains(lp.Nodes[0]))
        {
            Add(lp.Nodes[0], TapiTopology.AddDrop, OtsiMc);
        }

        foreach (var id in lp.Fibers)
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

        if (roadms.Contains(lp.Nodes[^1]))
        {
            Add(lp.Nodes[^1], TapiTopology.AddDrop, OtsiMc);
        }

        if (TapiConnectivity.TransponderAt(lp, first: false, topology, snapshot) is { } z && lp.DestinationInterface is { } inZ)
        {
            Add(z.Id.Value, TapiTopology.PortName(inZ), Otsi);
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

        return new JsonObject
        {
            ["uuid"] = ConnectionUuid(lp),
            ["name"] = Names(("connection-name", lp.Id), ("tenant", lp.Tenant), ("route", string.Join(",", lp.Nodes))),
            ["layer-protocol-name"] = PhotonicMedia,
            ["layer-protocol-qualifier"] = Otsi,
            ["direction"] = "BIDIRECTIONAL",
            ["connection-end-point"] = new JsonArray(CepRef(ceps[0]), CepRef(ceps[^1])),
            ["route"] = new JsonArray(new JsonObject
            {
                ["local-id"] = "working",
                ["connection-end-point"] = Array(ceps.Select(c => (JsonNode?)CepRef(c))),
            }),
            ["operational-state"] = lp.State == "Active" ? "ENABLED" : "DISABLED",
            ["lifecycle-state"] = TapiConnectivity.Lifecycle(lp.State),
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
            foreach (var cep in Ceps(lp, snapshot, topology))
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
