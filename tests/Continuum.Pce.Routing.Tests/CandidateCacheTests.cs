using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Constraints;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Search;
using Continuum.Pce.TestKit.Routing;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class CandidateCacheTests
{
    [Fact]
    public void Get_SamePairTwice_ReturnsSameSliceWithoutRecomputing()
    {
        var graph = XlronTopologyReader.Nsfnet().ToGraph();
        var cache = new CandidateCache(graph, RouteMetric.Km, 5);
        var first = cache.Get(0, 13, null);
        var second = cache.Get(0, 13, null);
        Assert.Equal(first, second);
        Assert.Equal(5, first.Count);
        Assert.Equal(graph.Version, cache.Version);
    }

    [Fact]
    public void Get_CandidatesInCostOrder_MatchYenDirectly()
    {
        var graph = XlronTopologyReader.Usa100().ToGraph();
        var cache = new CandidateCache(graph, RouteMetric.Km, 5);
        var set = cache.Get(3, 70, null);
        var direct = new PathSet();
        new SearchContext(graph).KShortestPaths(3, 70, 5, default(KmCost), default(AllEdges), direct);
        Assert.Equal(direct.Count, set.Count);
        for (var i = 0; i < set.Count; i++)
        {
            Assert.Equal(direct.Edges(i).ToArray(), cache.Edges(set.First + i).ToArray());
            Assert.Equal(graph.PathKm(direct.Edges(i)), cache.Km(set.First + i), 9);
        }
    }

    [Fact]
    public void Get_ConstrainedAndUnconstrainedKeys_AreCachedApart()
    {
        var graph = XlronTopologyReader.Nsfnet().ToGraph();
        var cache = new CandidateCache(graph, RouteMetric.Km, 3);
        var plain = cache.Get(0, 13, null);
        ConstraintMask.TryCompile(graph, new PathConstraints { ExcludeNodes = [graph.NodeIdOf(graph.Target(cache.Edges(plain.First)[0]))] }, out var mask, out _);
        var constrained = cache.Get(0, 13, mask);
        Assert.NotEqual(cache.Edges(plain.First).ToArray(), cache.Edges(constrained.First).ToArray());
        Assert.Equal(constrained, cache.Get(0, 13, mask));
        Assert.Equal(plain, cache.Get(0, 13, null));
    }

    [Fact]
    public void IncludeFibre_OffTheShortestPath_EveryCandidateUsesIt()
    {
        var graph = XlronTopologyReader.Nsfnet().ToGraph();
        var cache = new CandidateCache(graph, RouteMetric.Km, 3);
        var plain = cache.Get(0, 13, null);
        var onShortest = new HashSet<int>(cache.Edges(plain.First).ToArray());
        var off = Enumerable.Range(0, graph.EdgeCount).First(e => !onShortest.Contains(e) && graph.Source(e) != 13 && graph.Target(e) != 0);
        ConstraintMask.TryCompile(graph, new PathConstraints { IncludeFibers = [graph.FiberIdOf(off)] }, out var mask, out _);
        var set = cache.Get(0, 13, mask);
        Assert.True(set.Count > 0);
        for (var i = 0; i < set.Count; i++)
        {
            Assert.Contains(off, cache.Edges(set.First + i).ToArray());
        }
    }

    [Fact]
    public void Get_WeightedMetric_OrdersByWeightedSum()
    {
        var graph = XlronTopologyReader.Usa100().ToGraph(nodeLatencyUs: 20);
        var weights = new WeightedCost(1.0, 0.0, 500.0); // a hop costs as much as 500 µs
        var cache = new CandidateCache(graph, RouteMetric.Weighted, 5, weights: weights);
        var set = cache.Get(0, 99, null);
        Assert.Equal(5, set.Count);
        for (var i = 0; i < set.Count; i++)
        {
            var edges = cache.Edges(set.First + i).ToArray();
            Assert.Equal(edges.Sum(e => graph.LatencyUs(e) + 500.0), cache.Cost(set.First + i), 6);
            if (i > 0)
            {
                Assert.True(cache.Cost(set.First + i - 1) <= cache.Cost(set.First + i));
            }
        }
    }

    [Fact]
    public void Get_ManyConstrainedKeys_TableGrowsAndKeepsEveryEntry()
    {
        var graph = XlronTopologyReader.Usa100().ToGraph();
        var cache = new CandidateCache(graph, RouteMetric.Km, 2);
        var masks = new List<ConstraintMask>();
        for (var v = 1; v < 60; v++)
        {
            ConstraintMask.TryCompile(graph, new PathConstraints { ExcludeNodes = [graph.NodeIdOf(v)] }, out var mask, out _);
            masks.Add(mask);
        }

        var first = masks.Select(m => cache.Get(0, 99, m)).ToArray();
        var again = masks.Select(m => cache.Get(0, 99, m)).ToArray();
        Assert.Equal(first, again);
        for (var i = 0; i < masks.Count; i++)
        {
            var excluded = i + 1;
            for (var c = 0; c < first[i].Count; c++)
            {
                Assert.DoesNotContain(excluded, Helpers.Nodes(graph, cache.Edges(first[i].First + c)));
            }
        }
    }
}
