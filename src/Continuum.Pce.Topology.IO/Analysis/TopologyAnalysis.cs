using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO.Validation;
using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;
using QuikGraph.Algorithms.Search;

namespace Continuum.Pce.Topology.IO.Analysis;

/// <summary>Structural facts of the ROADM graph (fibres taken as undirected links).</summary>
public sealed record TopologyStructure(
    IReadOnlyList<IReadOnlyList<string>> Components,
    IReadOnlyList<(string A, string B)> Bridges,
    IReadOnlyList<string> ArticulationPoints);

/// <summary>
/// Connectivity, bridges and articulation points of a network, computed with QuikGraph (speed does not matter here;
/// the routing core has its own graph). Bridges and articulation points use Tarjan's low-link rule on the events of
/// QuikGraph's undirected depth-first search.
/// </summary>
public static class TopologyAnalysis
{
    public static TopologyStructure Analyse(OpticalNetwork network)
    {
        var graph = new UndirectedGraph<string, UndirectedEdge<string>>(allowParallelEdges: false);
        foreach (var roadm in network.Roadms.OrderBy(r => r.Id.Value, StringComparer.Ordinal))
        {
            graph.AddVertex(roadm.Id.Value);
        }

        var seen = new HashSet<(string, string)>();
        foreach (var fiber in network.Fibers)
        {
            var (a, b) = string.CompareOrdinal(fiber.Source.Value, fiber.Destination.Value) < 0
                ? (fiber.Source.Value, fiber.Destination.Value)
                : (fiber.Destination.Value, fiber.Source.Value);
            if (a != b && graph.ContainsVertex(a) && graph.ContainsVertex(b) && seen.Add((a, b)))
            {
                graph.AddEdge(new UndirectedEdge<string>(a, b));
            }
        }

        var components = new ConnectedComponentsAlgorithm<string, UndirectedEdge<string>>(graph);
        components.Compute();
        var groups = components.Components
            .GroupBy(kv => kv.Value, kv => kv.Key)
            .Select(g => (IReadOnlyList<string>)[.. g.Order(StringComparer.Ordinal)])
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g[0], StringComparer.Ordinal)
            .ToList();

        var (bridges, articulation) = BridgesAndArticulationPoints(graph);
        return new TopologyStructure(groups, bridges, articulation);
    }

    /// <summary>Warnings for a network that is valid but fragile or odd.</summary>
    public static IEnumerable<TopologyIssue> Warnings(OpticalNetwork network)
    {
        var structure = Analyse(network);
        if (structure.Components.Count > 1)
        {
            yield return new TopologyIssue(IssueSeverity.Warning, IssueCodes.Disconnected, "$.fibers",
                $"the network has {structure.Components.Count} disconnected parts: " +
                string.Join("; ", structure.Components.Select(c => c.Count <= 4 ? string.Join(", ", c) : $"{c[0]} and {c.Count - 1} more")));
        }

        foreach (var (a, b) in structure.Bridges)
        {
            yield return new TopologyIssue(IssueSeverity.Warning, IssueCodes.Bridge, "$.fibers",
                $"the link {a} — {b} is a bridge: cutting it disconnects the network (no disjoint protection across it)");
        }

        foreach (var node in structure.ArticulationPoints)
        {
            yield return new TopologyIssue(IssueSeverity.Warning, IssueCodes.ArticulationPoint, "$.nodes",
                $"ROADM {node} is an articulation point: its failure disconnects the network");
        }

        var sitesWithNodes = network.Nodes.Select(n => n.Site).ToHashSet();
        for (var i = 0; i < network.Sites.Length; i++)
        {
            if (!sitesWithNodes.Contains(network.Sites[i].Id))
            {
                yield return new TopologyIssue(IssueSeverity.Warning, IssueCodes.SiteWithoutNodes, $"$.sites[{i}]", $"site '{network.Sites[i].Id}' houses no node");
            }
        }

        for (var i = 0; i < network.Fibers.Length; i++)
        {
            if (network.Fibers[i].Reverse is null)
            {
                yield return new TopologyIssue(IssueSeverity.Warning, IssueCodes.FiberWithoutReverse, $"$.fibers[{i}]", $"fibre '{network.Fibers[i].Id}' has no reverse direction");
            }
        }
    }

    private static (List<(string, string)> Bridges, List<string> Articulation) BridgesAndArticulationPoints(UndirectedGraph<string, UndirectedEdge<string>> graph)
    {
        var discovery = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var parent = new Dictionary<string, string>();
        var parentEdge = new Dictionary<string, UndirectedEdge<string>>();
        var children = new Dictionary<string, int>();
        var bridges = new List<(string, string)>();
        var articulation = new SortedSet<string>(StringComparer.Ordinal);
        var time = 0;

        var dfs = new UndirectedDepthFirstSearchAlgorithm<string, UndirectedEdge<string>>(graph);
        dfs.DiscoverVertex += v =>
        {
            discovery[v] = low[v] = time++;
            children[v] = 0;
        };
        dfs.TreeEdge += (_, args) =>
        {
            parent[args.Target] = args.Source;
            parentEdge[args.Target] = args.Edge;
            children[args.Source]++;
        };
        dfs.BackEdge += (_, args) =>
        {
            if (!parentEdge.TryGetValue(args.Source, out var toParent) || !ReferenceEquals(toParent, args.Edge))
            {
                low[args.Source] = Math.Min(low[args.Source], discovery[args.Target]);
            }
        };
        dfs.FinishVertex += v =>
        {
            if (parent.TryGetValue(v, out var p))
            {
                low[p] = Math.Min(low[p], low[v]);
                if (low[v] > discovery[p])
                {
                    bridges.Add(string.CompareOrdinal(p, v) < 0 ? (p, v) : (v, p));
                }

                if (parent.ContainsKey(p) && low[v] >= discovery[p])
                {
                    articulation.Add(p);
                }
            }
            else if (children[v] > 1)
            {
                articulation.Add(v);
            }
        };
        dfs.Compute();
        bridges.Sort((x, y) => string.CompareOrdinal(x.Item1 + "\0" + x.Item2, y.Item1 + "\0" + y.Item2));
        return (bridges, [.. articulation]);
    }
}
