using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Routing.Graph;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class GraphTests
{
    [Fact]
    public void Freeze_EdgesAddedOutOfOrder_GroupsOutgoingEdgesBySource()
    {
        var builder = new CompactGraphBuilder();
        var a = builder.AddNode("a");
        var b = builder.AddNode("b");
        var c = builder.AddNode("c");
        builder.AddFiber(new FiberId("c-a"), c, a, 1);
        builder.AddFiber(new FiberId("a-b"), a, b, 2);
        builder.AddFiber(new FiberId("a-c"), a, c, 3);
        var graph = builder.Freeze(42);
        Assert.Equal(42, graph.Version);
        Assert.Equal(0, graph.FirstEdge(a));
        Assert.Equal(2, graph.EndEdge(a));
        Assert.Equal(new FiberId("a-b"), graph.FiberIdOf(0));
        Assert.Equal(new FiberId("a-c"), graph.FiberIdOf(1));
        Assert.Equal(new FiberId("c-a"), graph.FiberIdOf(2));
        Assert.True(graph.TryGetEdge(new FiberId("c-a"), out var ca));
        Assert.Equal(c, graph.Source(ca));
        Assert.Equal(a, graph.Target(ca));
    }

    [Fact]
    public void Latency_NodeLatencies_CountEveryRoadmOnceIncludingBothEnds()
    {
        var builder = new CompactGraphBuilder();
        var a = builder.AddNode("a", latencyUs: 1);
        var b = builder.AddNode("b", latencyUs: 2);
        var c = builder.AddNode("c", latencyUs: 4);
        builder.AddDuplex("ab", a, b, 100);
        builder.AddDuplex("bc", b, c, 50);
        var graph = builder.Freeze(1);
        graph.TryFindEdge(a, b, out var ab);
        graph.TryFindEdge(b, c, out var bc);
        var expected = 1 + 2 + 4 + PhysicalConstants.FiberLatencyUs(150);
        Assert.Equal(expected, graph.PathLatencyUs([ab, bc]), 9);
        Assert.Equal(150 * 4.897, graph.PathLatencyUs([ab, bc]) - 7, 0);
    }

    [Fact]
    public void FromNetwork_RoadmsAndFibres_BecomeNodesAndEdgesWithTypeLatency()
    {
        var jp = Jurisdiction.Parse("JP");
        var sites = new[]
        {
            new Site(new SiteId("tokyo"), "Tokyo", SiteTier.CoreDc, jp, new GeoPoint(35.7, 139.7), 0.2, 450),
            new Site(new SiteId("osaka"), "Osaka", SiteTier.CoreDc, jp, new GeoPoint(34.7, 135.5), 0.2, 450),
        };
        var roadmType = new RoadmType(new RoadmTypeId("cdc"), "CDC", 5, 8, 35, 0, 7.5, 50, 1000);
        var nodes = new OpticalNode[]
        {
            new Roadm(new NodeId("R1"), "R1", new SiteId("tokyo"), roadmType.Id, 2, 1),
            new Roadm(new NodeId("R2"), "R2", new SiteId("osaka"), roadmType.Id, 2, 1),
            new Transponder(new NodeId("T1"), "T1", new SiteId("tokyo"), new TransceiverTypeId("x"), new NodeId("R1"), 4),
        };
        var spans = ImmutableArray.Create(new Span(80, new FiberTypeId("SSMF")), new Span(320, new FiberTypeId("SSMF")));
        var fibres = new[]
        {
            new Fiber(new FiberId("f"), new NodeId("R1"), new NodeId("R2"), spans, [new SrlgId("duct")], [jp], new FiberId("r"), 1),
            new Fiber(new FiberId("r"), new NodeId("R2"), new NodeId("R1"), spans, [new SrlgId("duct")], [jp], new FiberId("f"), 1),
        };
        var network = new OpticalNetwork("jp", SpectrumGrid.CBandFlex, sites, nodes, fibres);
        var library = new EquipmentLibrary("lib", "USD", [], [], [], [roadmType]);
        var graph = CompactGraphBuilder.FromNetwork(network, library, 3);
        Assert.Equal(2, graph.NodeCount);
        Assert.Equal(2, graph.EdgeCount);
        Assert.True(graph.TryGetEdge(new FiberId("f"), out var f));
        Assert.True(graph.TryGetReverse(f, out var r));
        Assert.Equal(new FiberId("r"), graph.FiberIdOf(r));
        Assert.Equal(400, graph.Km(f));
        Assert.Equal(PhysicalConstants.FiberLatencyUs(400) + 7.5, graph.LatencyUs(f), 9);
        Assert.Equal(1, graph.GuardBandSlots(f));
        Assert.Equal(1, graph.Srlgs(f).Length);
        Assert.Equal(jp, graph.JurisdictionOf(graph.NodeJurisdiction(0)));
    }
}
