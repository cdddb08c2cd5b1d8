using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.TestKit.Routing;
using QuikGraph;

namespace Continuum.Pce.Routing.Tests;

/// <summary>Conversions from test topologies to the routing graph and to QuikGraph, and brute-force enumeration.</summary>
internal static class Helpers
{
    public static CompactGraph ToGraph(this LinkTopology topology, double nodeLatencyUs = 0, long version = 1)
    {
        var builder = new CompactGraphBuilder();
        for (var i = 0; i < topology.Nodes.Count; i++)
        {
            var jurisdiction = topology.NodeJurisdictions?[i] is { } code ? Jurisdiction.Parse(code) : (Jurisdiction?)null;
            var site = topology.NodeSites is { } sites ? new SiteId(sites[i]) : (SiteId?)null;
            builder.AddNode(new NodeId(topology.Nodes[i]), site, jurisdiction, nodeLatencyUs);
        }

        for (var i = 0; i < topology.Links.Count; i++)
        {
            var link = topology.Links[i];
            var srlgs = (link.Srlgs ?? []).Select(s => new SrlgId(s)).ToArray();
            var jurisdictions = (link.Jurisdictions ?? []).Select(Jurisdiction.Parse).ToArray();
            builder.AddDuplex($"L{i}", link.A, link.B, link.Km, srlgs, jurisdictions);
        }

        return builder.Freeze(version);
    }

    /// <summary>QuikGraph view of the same directed graph; edge tags are our edge indices' costs.</summary>
    public static AdjacencyGraph<int, EquatableTaggedEdge<int, double>> ToQuikGraph(this CompactGraph graph, Func<int, double> cost)
    {
        var g = new AdjacencyGraph<int, EquatableTaggedEdge<int, double>>(allowParallelEdges: false);
        for (var v = 0; v < graph.NodeCount; v++)
        {
            g.AddVertex(v);
        }

        for (var e = 0; e < graph.EdgeCount; e++)
        {
            g.AddEdge(new EquatableTaggedEdge<int, double>(graph.Source(e), graph.Target(e), cost(e)));
        }

        return g;
    }

    /// <summary>Every simple path from source to target, as edge lists (depth-first; small graphs only).</summary>
    public static List<int[]> SimplePaths(CompactGraph graph, int source, int target, Func<int, bool>? allowed = null)
    {
        var result = new List<int[]>();
        var onPath = new bool[graph.NodeCount];
        var stack = new List<int>();
        onPath[source] = true;
        Dfs(source);
        return result;

        void Dfs(int u)
        {
            if (u == target)
            {
                result.Add([.. stack]);
                return;
            }

            for (var e = graph.FirstEdge(u); e < graph.EndEdge(u); e++)
            {
                var v = graph.Target(e);
                if (onPath[v] || (allowed is not null && !allowed(e)))
                {
                    continue;
                }

                onPath[v] = true;
                stack.Add(e);
                Dfs(v);
                stack.RemoveAt(stack.Count - 1);
                onPath[v] = false;
            }
        }
    }

    public static double Sum(CompactGraph graph, IEnumerable<int> edges) => edges.Sum(graph.Km);

    public static int[] Nodes(CompactGraph graph, ReadOnlySpan<int> edges)
    {
        var nodes = new int[edges.Length + 1];
        nodes[0] = graph.Source(edges[0]);
        for (var i = 0; i < edges.Length; i++)
        {
            nodes[i + 1] = graph.Target(edges[i]);
        }

        return nodes;
    }

    /// <summary>Two paths share no fibre and no fibre with its reverse (same duplex cable).</summary>
    public static bool LinkDisjoint(CompactGraph graph, IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y || (graph.TryGetReverse(x, out var r) && r == y))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static bool NodeDisjoint(CompactGraph graph, IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var inner = new HashSet<int>(a.Take(a.Count - 1).Select(graph.Target));
        return b.Take(b.Count - 1).All(e => !inner.Contains(graph.Target(e))) && LinkDisjoint(graph, a, b);
    }

    public static bool SrlgDisjoint(CompactGraph graph, IReadOnlyList<int> a, IReadOnlyList<int> b) =>
        LinkDisjoint(graph, a, b) && a.All(x => b.All(y => !graph.ShareSrlg(x, y)));
}
