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

/// <summary>The memory budget: trimming bounds the footprint and never changes an answer.</summary>
public sealed class CandidateCacheBudgetTests
{
    [Fact]
    public void TrimToBudget_OverTheBudget_EvictsUntilWithinIt_AndEveryPairIsComputedAgainWithTheSamePaths()
    {
        var graph = XlronTopologyReader.Usa100().ToGraph();
        var reference = new CandidateCache(graph, RouteMetric.Latency, 5);
        var bounded = new CandidateCache(graph, RouteMetric.Latency, 5) { MemoryBudgetBytes = 64 * 1024 };
        var random = new Random(7);
        var peak = 0L;
        for (var i = 0; i < 2_000; i++)
        {
            var (s, t) = (random.Next(graph.NodeCount), random.Next(graph.NodeCount));
            if (s == t)
            {
                continue;
            }

            // Between two requests, as the controller's path computer does.
            bounded.TrimToBudget();
            Assert.True(bounded.FootprintBytes <= bounded.MemoryBudgetBytes || bounded.CachedKeys <= 1, $"request {i}: {bounded.FootprintBytes} B after a trim");
            var expected = reference.Get(s, t, null);
            var actual = bounded.Get(s, t, null);
            peak = Math.Max(peak, bounded.FootprintBytes);
            Assert.Equal(expected.Count, actual.Count);
            for (var c = 0; c < expected.Count; c++)
            {
                Assert.Equal(reference.Edges(expected.First + c).ToArray(), bounded.Edges(actual.First + c).ToArray());
                Assert.Equal(reference.LatencyUs(expected.First + c), bounded.LatencyUs(actual.First + c));
            }
        }

        Assert.True(bounded.Evictions > 10, $"{bounded.Evictions} evictions");
        Assert.True(reference.FootprintBytes > 4 * bounded.MemoryBudgetBytes, $"the unbounded cache holds {reference.FootprintBytes} B");
        Assert.True(peak < 3 * bounded.MemoryBudgetBytes, $"peak {peak} B");
    }

    [Fact]
    public void TrimToBudget_UnderTheBudget_KeepsEverything()
    {
        var graph = XlronTopologyReader.Nsfnet().ToGraph();
        var cache = new CandidateCache(graph, RouteMetric.Km, 5) { MemoryBudgetBytes = 1L << 30 };
        var first = cache.Get(0, 13, null);

        Assert.False(cache.TrimToBudget());
        Assert.Equal(first, cache.Get(0, 13, null));
        Assert.Equal(0, cache.Evictions);
        Assert.Equal(1, cache.CachedKeys);
    }

    [Fact]
    public void Engine_TrimCandidates_BoundsTheCachesOfEveryMetricTogether()
    {
        var graph = XlronTopologyReader.Usa100().ToGraph();
        const long budget = 128 * 1024;
        var engine = new RsaEngine(graph, new Continuum.Pce.Routing.Spectrum.SpectrumState(graph, Continuum.Pce.Domain.Spectrum.SpectrumGrid.CBandFlex), 5);
        for (var s = 0; s < 40; s++)
        {
            engine.Candidates(RouteMetric.Latency).Get(s, (s + 50) % graph.NodeCount, null);
            engine.Candidates(RouteMetric.Km).Get(s, (s + 50) % graph.NodeCount, null);
        }

        Assert.True(engine.CandidateFootprintBytes > budget);
        Assert.True(engine.TrimCandidates(budget));
        Assert.True(engine.CandidateFootprintBytes <= budget, $"{engine.CandidateFootprintBytes} B");
        Assert.True(engine.CandidateEvictions >= 1);
        Assert.False(engine.TrimCandidates(budget));
    }

    [Fact]
    public void OnAGraphAboveTheDenseLimit_UnconstrainedPairsLiveInTheTable_WithYensPaths_AndMemoryFollowsThePairsAsked()
    {
        var graph = Grid(50);
        Assert.True(graph.NodeCount > CandidateCache.DenseNodeLimit);
        var cache = new CandidateCache(graph, RouteMetric.Km, 3);
        var search = new SearchContext(graph);
        var direct = new PathSet();
        var random = new Random(3);
        for (var i = 0; i < 50; i++)
        {
            var (s, t) = (random.Next(graph.NodeCount), random.Next(graph.NodeCount));
            if (s == t)
            {
                continue;
            }

            var set = cache.Get(s, t, null);
            Assert.Equal(set, cache.Get(s, t, null));
            search.KShortestPaths(s, t, 3, default(KmCost), default(AllEdges), direct);
            Assert.Equal(direct.Count, set.Count);
            for (var c = 0; c < set.Count; c++)
            {
                Assert.Equal(direct.Edges(c).ToArray(), cache.Edges(set.First + c).ToArray());
            }
        }

        // Fifty pairs cost kilobytes, not fifty rows of 2,500 entries (≈ 1.6 MB).
        Assert.True(cache.FootprintBytes < 256 * 1024, $"{cache.FootprintBytes} B");
    }

    [Fact]
    public void EvictLeastRecentlyUsed_DropsTheOlderHalfByLastUse_AndWhatStaysServesTheSamePaths()
    {
        var graph = XlronTopologyReader.Usa100().ToGraph();
        var cache = new CandidateCache(graph, RouteMetric.Km, 5);
        var reference = new CandidateCache(graph, RouteMetric.Km, 5);
        var pairs = Enumerable.Range(0, 10).Select(i => (Source: i, Target: 50 + i)).ToArray();
        foreach (var (s, t) in pairs)
        {
            cache.Get(s, t, null);
        }

        // Pairs 0–2 used again: with 8 and 9 they are the newest five.
        foreach (var (s, t) in pairs[..3])
        {
            cache.Get(s, t, null);
        }

        cache.EvictLeastRecentlyUsed();

        Assert.Equal(5, cache.CachedKeys);
        Assert.Equal(1, cache.Evictions);
        foreach (var (i, (s, t)) in pairs.Index())
        {
            var before = cache.CachedKeys;
            var set = cache.Get(s, t, null);
            var kept = i is < 3 or >= 8;
            Assert.True(kept == (cache.CachedKeys == before), $"pair {i}: {(kept ? "recomputed although recently used" : "still cached although least recently used")}");
            AssertSamePaths(reference, reference.Get(s, t, null), cache, set);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrimToBudget_HotPairsUsedBetweenColdOnes_SurviveEveryTrim(bool aboveDenseLimit)
    {
        var graph = aboveDenseLimit ? Grid(50) : XlronTopologyReader.Usa100().ToGraph();
        var cache = new CandidateCache(graph, RouteMetric.Latency, 3) { MemoryBudgetBytes = 96 * 1024 };
        var reference = new CandidateCache(graph, RouteMetric.Latency, 3);
        var hot = new[] { (1, 60), (2, 77), (5, 90), (9, 33) };
        var random = new Random(11);
        var trims = 0;
        for (var i = 0; i < 3_000; i++)
        {
            if (cache.TrimToBudget())
            {
                trims++;
                // Every hot pair was used within the last few lookups: each is served without being computed again.
                foreach (var (s, t) in hot)
                {
                    var before = cache.CachedKeys;
                    var set = cache.Get(s, t, null);
                    Assert.True(cache.CachedKeys == before, $"request {i}: hot pair {s}->{t} was evicted");
                    AssertSamePaths(reference, reference.Get(s, t, null), cache, set);
                }
            }

            var (hs, ht) = hot[i % hot.Length];
            cache.Get(hs, ht, null);
            var (cs, ct) = (random.Next(graph.NodeCount), random.Next(graph.NodeCount));
            if (cs != ct)
            {
                AssertSamePaths(reference, reference.Get(cs, ct, null), cache, cache.Get(cs, ct, null));
            }
        }

        Assert.True(trims >= 3, $"{trims} trims");
    }

    private static void AssertSamePaths(CandidateCache reference, CandidateSet expected, CandidateCache cache, CandidateSet actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Notes, actual.Notes);
        for (var c = 0; c < expected.Count; c++)
        {
            Assert.Equal(reference.Edges(expected.First + c).ToArray(), cache.Edges(actual.First + c).ToArray());
            Assert.Equal(reference.LatencyUs(expected.First + c), cache.LatencyUs(actual.First + c));
            Assert.Equal(reference.Km(expected.First + c), cache.Km(actual.First + c));
        }
    }

    /// <summary>A side × side grid of duplex links (2,500 nodes at side 50: above the dense-row limit).</summary>
    private static Continuum.Pce.Routing.Graph.CompactGraph Grid(int side)
    {
        var builder = new Continuum.Pce.Routing.Graph.CompactGraphBuilder();
        for (var i = 0; i < side * side; i++)
        {
            builder.AddNode($"N{i}");
        }

        var link = 0;
        for (var i = 0; i < side * side; i++)
        {
            if (i % side < side - 1)
            {
                builder.AddDuplex($"L{link++}", i, i + 1, 50 + (i % 7));
            }

            if (i < side * (side - 1))
            {
                builder.AddDuplex($"L{link++}", i, i + side, 50 + (i % 5));
            }
        }

        return builder.Freeze(1);
    }
}
