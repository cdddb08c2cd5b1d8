using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Search;
using Continuum.Pce.TestKit.Routing;
using CsCheck;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class DisjointPairTests
{
    private static readonly Gen<(int Seed, int Nodes, int Extra)> SmallGraphs =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[3, 8], Gen.Int[1, 10]);

    private static double? BestPair(CompactGraph graph, int s, int d, Func<int[], int[], bool> disjoint)
    {
        var paths = Helpers.SimplePaths(graph, s, d);
        double? best = null;
        for (var i = 0; i < paths.Count; i++)
        {
            for (var j = i + 1; j < paths.Count; j++)
            {
                if (disjoint(paths[i], paths[j]))
                {
                    var total = Helpers.Sum(graph, paths[i]) + Helpers.Sum(graph, paths[j]);
                    best = best is null ? total : Math.Min(best.Value, total);
                }
            }
        }

        return best;
    }

    [Fact]
    public void Suurballe_LinkDisjoint_IsDisjointAndNoEnumeratedPairIsCheaper()
    {
        SmallGraphs.Sample(t =>
        {
            var graph = RandomTopologies.Connected(t.Seed, t.Nodes, t.Extra).ToGraph();
            var output = new PathSet();
            var outcome = new SearchContext(graph).DisjointPair(0, graph.NodeCount - 1, Disjointness.Link, default(KmCost), default(AllEdges), output);
            var best = BestPair(graph, 0, graph.NodeCount - 1, (a, b) => Helpers.LinkDisjoint(graph, a, b));
            if (best is null)
            {
                Assert.Equal(PairSearchOutcome.NotFound, outcome);
                return;
            }

            Assert.Equal(PairSearchOutcome.Found, outcome);
            var a = output.Edges(0).ToArray();
            var b = output.Edges(1).ToArray();
            Assert.True(Helpers.LinkDisjoint(graph, a, b));
            AssertSimplePath(graph, a, 0, graph.NodeCount - 1);
            AssertSimplePath(graph, b, 0, graph.NodeCount - 1);
            Assert.Equal(best.Value, Helpers.Sum(graph, a) + Helpers.Sum(graph, b));
        }, iter: 300);
    }

    [Fact]
    public void Suurballe_NodeDisjoint_IsDisjointAndNoEnumeratedPairIsCheaper()
    {
        SmallGraphs.Sample(t =>
        {
            var graph = RandomTopologies.Connected(t.Seed, t.Nodes, t.Extra).ToGraph();
            var output = new PathSet();
            var outcome = new SearchContext(graph).DisjointPair(0, graph.NodeCount - 1, Disjointness.Node, default(KmCost), default(AllEdges), output);
            var best = BestPair(graph, 0, graph.NodeCount - 1, (a, b) => Helpers.NodeDisjoint(graph, a, b));
            if (best is null)
            {
                Assert.Equal(PairSearchOutcome.NotFound, outcome);
                return;
            }

            Assert.Equal(PairSearchOutcome.Found, outcome);
            var a = output.Edges(0).ToArray();
            var b = output.Edges(1).ToArray();
            Assert.True(Helpers.NodeDisjoint(graph, a, b));
            AssertSimplePath(graph, a, 0, graph.NodeCount - 1);
            AssertSimplePath(graph, b, 0, graph.NodeCount - 1);
            Assert.Equal(best.Value, Helpers.Sum(graph, a) + Helpers.Sum(graph, b));
        }, iter: 300);
    }

    [Fact]
    public void SrlgPair_OnRandomNetworksWithSrlgs_MatchesEnumeration()
    {
        SmallGraphs.Sample(t =>
        {
            var graph = RandomTopologies.Connected(t.Seed, t.Nodes, t.Extra, srlgCount: 4).ToGraph();
            var output = new PathSet();
            var outcome = new SearchContext(graph).SrlgDisjointPair(0, graph.NodeCount - 1, default(KmCost), default(AllEdges), output);
            var best = BestPair(graph, 0, graph.NodeCount - 1, (a, b) => Helpers.SrlgDisjoint(graph, a, b));
            if (best is null)
            {
                Assert.Equal(PairSearchOutcome.NotFound, outcome);
                return;
            }

            Assert.Equal(PairSearchOutcome.Found, outcome);
            var a = output.Edges(0).ToArray();
            var b = output.Edges(1).ToArray();
            Assert.True(Helpers.SrlgDisjoint(graph, a, b));
            Assert.Equal(best.Value, Helpers.Sum(graph, a) + Helpers.Sum(graph, b));
        }, iter: 300);
    }

    [Fact]
    public void Suurballe_TrapTopology_FindsPairThatShortestThenRemoveMisses()
    {
        // The classic trap: the shortest path s-a-b-t blocks every disjoint partner, yet s-a-t + s-b-t exists.
        var builder = new CompactGraphBuilder();
        var s = builder.AddNode("s");
        var a = builder.AddNode("a");
        var b = builder.AddNode("b");
        var t = builder.AddNode("t");
        builder.AddDuplex("sa", s, a, 1);
        builder.AddDuplex("ab", a, b, 1);
        builder.AddDuplex("bt", b, t, 1);
        builder.AddDuplex("at", a, t, 5);
        builder.AddDuplex("sb", s, b, 5);
        var graph = builder.Freeze(1);
        var context = new SearchContext(graph);
        var output = new PathSet();
        Assert.True(context.TryShortestPath(s, t, default(KmCost), default(AllEdges), out var shortest, out _));
        Assert.Equal(3, shortest.Length);
        Assert.Equal(PairSearchOutcome.Found, context.DisjointPair(s, t, Disjointness.Link, default(KmCost), default(AllEdges), output));
        Assert.Equal(12, output.Cost(0) + output.Cost(1));
        Assert.True(Helpers.LinkDisjoint(graph, output.Edges(0).ToArray(), output.Edges(1).ToArray()));
    }

    [Fact]
    public void SrlgPair_TinyBudget_ReportsBudgetExhaustedAndStillSrlgDisjoint()
    {
        // Several cheap paths all share SRLG "x"; the only SRLG-disjoint partner is far down Yen's order.
        var topology = new LinkTopology("trap", ["s", "m1", "m2", "m3", "t", "far"],
        [
            new TestLink(0, 1, 1, ["x"]), new TestLink(1, 4, 1, ["x"]),
            new TestLink(0, 2, 1, ["x"]), new TestLink(2, 4, 1),
            new TestLink(0, 3, 1), new TestLink(3, 4, 1, ["x"]),
            new TestLink(0, 5, 50), new TestLink(5, 4, 50),
        ]);
        var graph = topology.ToGraph();
        var output = new PathSet();
        var context = new SearchContext(graph);
        Assert.Equal(PairSearchOutcome.BudgetExhausted, context.SrlgDisjointPair(0, 4, default(KmCost), default(AllEdges), output, budget: 1));
        if (output.Count == 2)
        {
            Assert.True(Helpers.SrlgDisjoint(graph, output.Edges(0).ToArray(), output.Edges(1).ToArray()));
        }

        Assert.Equal(PairSearchOutcome.Found, context.SrlgDisjointPair(0, 4, default(KmCost), default(AllEdges), output));
        Assert.True(Helpers.SrlgDisjoint(graph, output.Edges(0).ToArray(), output.Edges(1).ToArray()));
    }

    private static void AssertSimplePath(CompactGraph graph, int[] edges, int s, int t)
    {
        var nodes = Helpers.Nodes(graph, edges);
        Assert.Equal(s, nodes[0]);
        Assert.Equal(t, nodes[^1]);
        Assert.Equal(nodes.Length, nodes.Distinct().Count());
        for (var i = 0; i + 1 < edges.Length; i++)
        {
            Assert.Equal(graph.Target(edges[i]), graph.Source(edges[i + 1]));
        }
    }
}
