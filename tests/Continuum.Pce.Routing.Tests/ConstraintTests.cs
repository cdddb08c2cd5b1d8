using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Routing.Constraints;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Search;
using Continuum.Pce.TestKit.Routing;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

/// <summary>
/// A ladder: top row A0-A1-A2-A3 (short), bottom row B0..B3 (longer), rungs between them. The shortest A0 → A3 path
/// runs along the top; each constraint must push it off what it excludes.
/// </summary>
public sealed class ConstraintTests
{
    private static CompactGraph Ladder()
    {
        var topology = new LinkTopology("ladder", ["A0", "A1", "A2", "A3", "B0", "B1", "B2", "B3"],
        [
            new TestLink(0, 1, 10, ["top1"], ["DE"]), new TestLink(1, 2, 10, ["top2"], ["FR"]), new TestLink(2, 3, 10, null, ["DE"]),
            new TestLink(4, 5, 20, null, ["DE"]), new TestLink(5, 6, 20, null, ["DE"]), new TestLink(6, 7, 20, null, ["DE"]),
            new TestLink(0, 4, 1, null, ["DE"]), new TestLink(1, 5, 1, null, ["DE"]), new TestLink(2, 6, 1, null, ["DE"]), new TestLink(3, 7, 1, null, ["DE"]),
        ])
        {
            NodeJurisdictions = ["DE", "DE", "FR", "DE", "DE", "DE", "DE", "DE"],
            NodeSites = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"],
        };
        return topology.ToGraph(nodeLatencyUs: 5);
    }

    private static int[] Route(CompactGraph graph, PathConstraints constraints)
    {
        Assert.True(ConstraintMask.TryCompile(graph, constraints, out var mask, out var error), error);
        var cache = new CandidateCache(graph, RouteMetric.Km, 1);
        var set = cache.Get(0, 3, mask);
        Assert.Equal(1, set.Count);
        return cache.Edges(set.First).ToArray();
    }

    private static int[] NodesOf(CompactGraph graph, int[] edges) => Helpers.Nodes(graph, edges);

    [Fact]
    public void Route_NoConstraints_TakesTopRow()
    {
        var graph = Ladder();
        Assert.Equal([0, 1, 2, 3], NodesOf(graph, Route(graph, PathConstraints.None)));
    }

    [Fact]
    public void ExcludeNode_OnShortestPath_PathAvoidsNode()
    {
        var graph = Ladder();
        var path = Route(graph, new PathConstraints { ExcludeNodes = [new NodeId("A1")] });
        Assert.DoesNotContain(1, NodesOf(graph, path));
    }

    [Fact]
    public void ExcludeFibre_OnShortestPath_PathAvoidsFibre()
    {
        var graph = Ladder();
        var path = Route(graph, new PathConstraints { ExcludeFibers = [new FiberId("L1:f")] });
        graph.TryGetEdge(new FiberId("L1:f"), out var excluded);
        Assert.DoesNotContain(excluded, path);
        Assert.Contains(1, NodesOf(graph, path)); // still uses A1, just not the A1 → A2 fibre
    }

    [Fact]
    public void ExcludeSrlg_OnShortestPath_PathAvoidsEveryFibreInIt()
    {
        var graph = Ladder();
        graph.TryGetSrlg(new SrlgId("top1"), out var srlg);
        var path = Route(graph, new PathConstraints { ExcludeSrlgs = [new SrlgId("top1")] });
        Assert.All(path, e => Assert.DoesNotContain(srlg, graph.Srlgs(e).ToArray()));
    }

    [Fact]
    public void ExcludeSite_HousingShortestPathNode_PathAvoidsSite()
    {
        var graph = Ladder();
        var path = Route(graph, new PathConstraints { ExcludeSites = [new SiteId("s2")] });
        Assert.DoesNotContain(2, NodesOf(graph, path));
    }

    [Fact]
    public void ForbiddenJurisdiction_CrossedByShortestPath_PathStaysOut()
    {
        var graph = Ladder();
        var path = Route(graph, new PathConstraints { ForbiddenJurisdictions = [Jurisdiction.Parse("FR")] });
        Assert.DoesNotContain(2, NodesOf(graph, path));
        Assert.All(path, e => Assert.All(graph.EdgeJurisdictions(e).ToArray(), j => Assert.Equal("DE", graph.JurisdictionOf(j).Country)));
    }

    [Fact]
    public void AllowedJurisdictions_OnlyGermany_PathCrossesOnlyGermany()
    {
        var graph = Ladder();
        var path = Route(graph, new PathConstraints { AllowedJurisdictions = [Jurisdiction.Parse("DE")] });
        Assert.All(NodesOf(graph, path), v => Assert.Equal("DE", graph.JurisdictionOf(graph.NodeJurisdiction(v)).Country));
        Assert.All(path, e => Assert.All(graph.EdgeJurisdictions(e).ToArray(), j => Assert.Equal("DE", graph.JurisdictionOf(j).Country)));
    }

    [Fact]
    public void MaxLatency_BelowShortestButAboveDetour_NoCandidateExceedsBound()
    {
        var graph = Ladder();
        Assert.True(ConstraintMask.TryCompile(graph, new PathConstraints { MaxLatencyUs = 200 }, out var mask, out _));
        var cache = new CandidateCache(graph, RouteMetric.Hops, 10);
        var set = cache.Get(0, 3, mask);
        Assert.True(set.Count > 0);
        Assert.NotEqual(CandidateNotes.None, set.Notes & CandidateNotes.LatencyDropped);
        for (var i = 0; i < set.Count; i++)
        {
            Assert.True(cache.LatencyUs(set.First + i) <= 200);
        }
    }

    [Fact]
    public void IncludeNode_OffTheShortestPath_PathVisitsIt()
    {
        var graph = Ladder();
        var path = Route(graph, new PathConstraints { IncludeNodes = [new NodeId("B2")] });
        Assert.Contains(6, NodesOf(graph, path));
        var nodes = NodesOf(graph, path);
        Assert.Equal(nodes.Length, nodes.Distinct().Count());
    }

    [Fact]
    public void IncludeNode_Unknown_FailsToCompile()
    {
        Assert.False(ConstraintMask.TryCompile(Ladder(), new PathConstraints { IncludeNodes = [new NodeId("nowhere")] }, out _, out var error));
        Assert.Contains("nowhere", error);
    }

    [Fact]
    public void MaskFilter_ExcludedNode_DisjointPairAvoidsItToo()
    {
        var found = 0;
        for (var seed = 0; seed < 30; seed++)
        {
            var graph = RandomTopologies.Connected(seed, 10, 14).ToGraph();
            Assert.True(ConstraintMask.TryCompile(graph, new PathConstraints { ExcludeNodes = [new NodeId("N4")] }, out var mask, out _));
            var output = new PathSet();
            foreach (var mode in new[] { Disjointness.Link, Disjointness.Node, Disjointness.Srlg })
            {
                if (new SearchContext(graph).DisjointPair(0, 9, mode, default(KmCost), new MaskFilter(mask), output) == PairSearchOutcome.Found)
                {
                    found++;
                    Assert.DoesNotContain(4, Helpers.Nodes(graph, output.Edges(0)));
                    Assert.DoesNotContain(4, Helpers.Nodes(graph, output.Edges(1)));
                }
            }
        }

        Assert.True(found > 10);
    }

    [Fact]
    public void Signature_EqualConstraints_EqualSignatures()
    {
        var graph = Ladder();
        var c = new PathConstraints { ExcludeNodes = ImmutableArray.Create(new NodeId("A1")) };
        ConstraintMask.TryCompile(graph, c, out var a, out _);
        ConstraintMask.TryCompile(graph, c with { }, out var b, out _);
        ConstraintMask.TryCompile(graph, PathConstraints.None, out var none, out _);
        Assert.Equal(a.Signature, b.Signature);
        Assert.NotEqual(a.Signature, none.Signature);
    }

    [Fact]
    public void Compile_WithNothingRestricted_SharesOneUnconstrainedMaskPerGraphAndAllocatesNothing()
    {
        var graph = Ladder();
        Assert.True(ConstraintMask.TryCompile(graph, PathConstraints.None, out var first, out _));

        var empty = new PathConstraints();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var compiledEmpty = ConstraintMask.TryCompile(graph, empty, out var second, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(compiledEmpty);
        Assert.Same(first, second);
        Assert.Same(first, ConstraintMask.Unconstrained(graph));
        Assert.Equal(0, allocated);

        // The full compilation of constraints that exclude nothing real gives the same mask.
        Assert.True(ConstraintMask.TryCompile(graph, new PathConstraints { ExcludeNodes = [new NodeId("not-in-the-graph")] }, out var compiled, out _));
        Assert.NotSame(first, compiled);
        Assert.True(first.IsUnconstrained && compiled.IsUnconstrained);
        Assert.Equal(compiled.Signature, first.Signature);
        Assert.All(Enumerable.Range(0, graph.EdgeCount), e => Assert.True(first.EdgeAllowed(e)));
        Assert.All(Enumerable.Range(0, graph.NodeCount), v => Assert.True(first.NodeAllowed(v) && first.NodeJurisdictionAllowed(v)));

        // A jurisdiction rule alone is a restriction.
        Assert.True(ConstraintMask.TryCompile(graph, new PathConstraints { ForbiddenJurisdictions = [Jurisdiction.Parse("FR")] }, out var noFrance, out _));
        Assert.True(noFrance.HasJurisdictionRules);
        Assert.Contains(Enumerable.Range(0, graph.EdgeCount), e => !noFrance.EdgeAllowed(e));
    }
}
