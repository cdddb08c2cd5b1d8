using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Search;
using Continuum.Pce.TestKit.Routing;
using CsCheck;
using QuikGraph.Algorithms;
using QuikGraph.Algorithms.ShortestPath;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class ShortestPathTests
{
    private static readonly Gen<(int Seed, int Nodes, int Extra)> SmallGraphs =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[2, 9], Gen.Int[0, 12]);

    [Fact]
    public void Dijkstra_OnPropertyGraphs_AgreesWithQuikGraphAndBruteForce()
    {
        SmallGraphs.Sample(t =>
        {
            var graph = RandomTopologies.Connected(t.Seed, t.Nodes, t.Extra).ToGraph();
            var quik = graph.ToQuikGraph(graph.Km);
            var context = new SearchContext(graph);
            for (var s = 0; s < graph.NodeCount; s++)
            {
                var tryPath = quik.ShortestPathsDijkstra(edge => edge.Tag, s);
                for (var d = 0; d < graph.NodeCount; d++)
                {
                    if (s == d)
                    {
                        continue;
                    }

                    Assert.True(context.TryShortestPath(s, d, default(KmCost), default(AllEdges), out var path, out var cost));
                    Assert.Equal(cost, Helpers.Sum(graph, path.ToArray()));
                    Assert.True(tryPath(d, out var reference));
                    Assert.Equal(reference.Sum(e => e.Tag), cost);
                    Assert.Equal(Helpers.SimplePaths(graph, s, d).Min(p => Helpers.Sum(graph, p)), cost);
                }
            }
        }, iter: 60);
    }

    [Fact]
    public void Yen_OnPropertyGraphs_MatchesBruteForceCostSequence()
    {
        SmallGraphs.Sample(t =>
        {
            var graph = RandomTopologies.Connected(t.Seed, t.Nodes, t.Extra).ToGraph();
            var context = new SearchContext(graph);
            var output = new PathSet();
            const int k = 6;
            var s = 0;
            var d = graph.NodeCount - 1;
            context.KShortestPaths(s, d, k, default(KmCost), default(AllEdges), output);
            var expected = Helpers.SimplePaths(graph, s, d).Select(p => Helpers.Sum(graph, p)).Order().Take(k).ToArray();
            var actual = Enumerable.Range(0, output.Count).Select(output.Cost).ToArray();
            Assert.Equal(expected, actual);
            var distinct = new HashSet<string>();
            for (var i = 0; i < output.Count; i++)
            {
                var edges = output.Edges(i).ToArray();
                Assert.Equal(output.Cost(i), Helpers.Sum(graph, edges));
                var nodes = Helpers.Nodes(graph, edges);
                Assert.Equal(nodes.Length, nodes.Distinct().Count());
                Assert.True(distinct.Add(string.Join(',', edges)));
            }
        }, iter: 150);
    }

    [Fact]
    public void Yen_OnPropertyGraphs_AgreesWithQuikGraphYen()
    {
        SmallGraphs.Sample(t =>
        {
            var graph = RandomTopologies.Connected(t.Seed, t.Nodes, t.Extra).ToGraph();
            var quik = graph.ToQuikGraph(graph.Km);
            var context = new SearchContext(graph);
            var output = new PathSet();
            const int k = 5;
            var s = 0;
            var d = graph.NodeCount - 1;
            context.KShortestPaths(s, d, k, default(KmCost), default(AllEdges), output);
            var reference = new YenShortestPathsAlgorithm<int>(quik, s, d, k, e => e.Tag).Execute()
                .Select(p => p.Sum(e => e.Tag)).Order().ToArray();
            var ours = Enumerable.Range(0, output.Count).Select(output.Cost).ToArray();
            Assert.Equal(reference, ours);
        }, iter: 150);
    }

    [Fact]
    public void Yen_SameInputTwice_GivesIdenticalPaths()
    {
        var graph = RandomTopologies.Connected(7, 30, 40).ToGraph();
        var a = new PathSet();
        var b = new PathSet();
        new SearchContext(graph).KShortestPaths(0, 29, 8, default(LatencyCost), default(AllEdges), a);
        var context = new SearchContext(graph);
        context.KShortestPaths(3, 17, 8, default(LatencyCost), default(AllEdges), b);
        context.KShortestPaths(0, 29, 8, default(LatencyCost), default(AllEdges), b);
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a.Edges(i).ToArray(), b.Edges(i).ToArray());
        }
    }

    [Fact]
    public void Yen_WithHopMetric_CountsHops()
    {
        var graph = RandomTopologies.Connected(3, 8, 8).ToGraph();
        var output = new PathSet();
        new SearchContext(graph).KShortestPaths(0, 7, 4, default(HopCost), default(AllEdges), output);
        for (var i = 0; i < output.Count; i++)
        {
            Assert.Equal(output.Length(i), output.Cost(i));
        }
    }

    [Fact]
    public void WeightedCost_Combination_EqualsWeightedSum()
    {
        var graph = RandomTopologies.Connected(5, 8, 6).ToGraph(nodeLatencyUs: 10);
        var weighted = new WeightedCost(0.5, 2.0, 100);
        var context = new SearchContext(graph);
        Assert.True(context.TryShortestPath(0, 7, weighted, default(AllEdges), out var path, out var cost));
        var edges = path.ToArray();
        var expected = edges.Sum(e => (0.5 * graph.LatencyUs(e)) + (2.0 * graph.Km(e)) + 100);
        Assert.Equal(expected, cost, 9);
        var best = Helpers.SimplePaths(graph, 0, 7).Min(p => p.Sum(e => (0.5 * graph.LatencyUs(e)) + (2.0 * graph.Km(e)) + 100));
        Assert.Equal(best, cost, 9);
    }

    [Fact]
    public void Dijkstra_DisconnectedTarget_ReturnsFalse()
    {
        var builder = new CompactGraphBuilder();
        var a = builder.AddNode("a");
        var b = builder.AddNode("b");
        builder.AddNode("c");
        builder.AddDuplex("ab", a, b, 10);
        var graph = builder.Freeze(1);
        Assert.False(new SearchContext(graph).TryShortestPath(0, 2, default(KmCost), default(AllEdges), out _, out _));
        Assert.Equal(0, new SearchContext(graph).KShortestPaths(0, 2, 3, default(KmCost), default(AllEdges), new PathSet()));
    }
}
