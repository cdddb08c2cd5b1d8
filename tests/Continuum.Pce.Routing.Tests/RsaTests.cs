using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;
using Continuum.Pce.TestKit.Routing;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class RsaTests
{
    // s(0) - a(1) - t(3) short via a (in DE), s - b(2) - t long via b (in FR); a line tail t - u(4).
    private static CompactGraph Diamond() => new LinkTopology("diamond", ["s", "a", "b", "t", "u"],
    [
        new TestLink(0, 1, 100, ["d1"], ["DE"]), new TestLink(1, 3, 100, ["d1"], ["DE"]),
        new TestLink(0, 2, 300, null, ["FR"]), new TestLink(2, 3, 300, null, ["FR"]),
        new TestLink(3, 4, 50, null, ["DE"]),
    ])
    {
        NodeJurisdictions = ["DE", "DE", "FR", "DE", "DE"],
    }.ToGraph(nodeLatencyUs: 2);

    private static PathComputer Computer(CompactGraph graph, int slots = 100) =>
        new(graph, new SpectrumState(graph, new SpectrumGrid(new Domain.Units.Frequency(191_325_000), 12_500, slots)));

    private static DeepRmsaModes Modes => new(SpectrumGrid.Benchmark100x12_5);

    private static PathRequest Request(string from, string to, PathConstraints? constraints = null, Protection protection = Protection.None, int rate = 100) =>
        new(new NodeId(from), new NodeId(to), rate, constraints ?? PathConstraints.None, Objective.Latency, protection);

    private static TransceiverMode Mode(string id, int rate, double reachKm, double spacingGhz) =>
        new(new ModeId(id), id, rate, 60, 0.1, 20, spacingGhz, reachKm, 20, 1000, 40, 50_000, 30, 1, 4);

    [Fact]
    public void Compute_ConnectedPair_FindsShortestPathWithModeSlotsAndFigures()
    {
        var computer = Computer(Diamond());
        var found = Assert.IsType<RsaFound>(computer.Compute(Request("s", "t"), Modes));
        Assert.Equal(["s", "a", "t"], found.Working.Nodes.Select(n => n.Value));
        Assert.Equal(200, found.Working.Km);
        Assert.Equal(2, found.Working.Hops);
        Assert.Equal("16QAM", found.Working.Mode.Name);
        Assert.Equal(new SlotRange(0, 3), found.Working.Slots); // ceil(100 / 50) + 1 guard
        Assert.Equal((200 * Domain.Units.PhysicalConstants.FiberLatencyUsPerKm) + 6, found.Working.LatencyUs, 6);
    }

    [Fact]
    public void Compute_UnknownEndpoint_BlockedAsInvalidRequest()
    {
        var blocked = Assert.IsType<RsaBlocked>(Computer(Diamond()).Compute(Request("s", "nowhere"), Modes));
        Assert.Equal(BlockReason.InvalidRequest, blocked.Reason);
    }

    [Fact]
    public void Compute_ExclusionsDisconnectPair_BlockedAsNoPath()
    {
        var constraints = new PathConstraints { ExcludeNodes = [new NodeId("a"), new NodeId("b")] };
        var blocked = Assert.IsType<RsaBlocked>(Computer(Diamond()).Compute(Request("s", "t", constraints), Modes));
        Assert.Equal(BlockReason.NoPath, blocked.Reason);
    }

    [Fact]
    public void Compute_EveryRouteCrossesForbiddenJurisdiction_BlockedAsJurisdiction()
    {
        var constraints = new PathConstraints { AllowedJurisdictions = [Jurisdiction.Parse("DE")], ExcludeNodes = [new NodeId("a")] };
        var blocked = Assert.IsType<RsaBlocked>(Computer(Diamond()).Compute(Request("s", "t", constraints), Modes));
        Assert.Equal(BlockReason.Jurisdiction, blocked.Reason);
    }

    [Fact]
    public void Compute_EndpointInForbiddenJurisdiction_BlockedAsJurisdiction()
    {
        var constraints = new PathConstraints { ForbiddenJurisdictions = [Jurisdiction.Parse("FR")] };
        var blocked = Assert.IsType<RsaBlocked>(Computer(Diamond()).Compute(Request("s", "b", constraints), Modes));
        Assert.Equal(BlockReason.Jurisdiction, blocked.Reason);
    }

    [Fact]
    public void Compute_BoundBelowFastestRoute_BlockedAsLatency()
    {
        var constraints = new PathConstraints { MaxLatencyUs = 500 };
        var blocked = Assert.IsType<RsaBlocked>(Computer(Diamond()).Compute(Request("s", "t", constraints), Modes));
        Assert.Equal(BlockReason.Latency, blocked.Reason);
    }

    [Fact]
    public void Compute_BoundAboveFastestRoute_FoundWithinBound()
    {
        var constraints = new PathConstraints { MaxLatencyUs = 1500 };
        var found = Assert.IsType<RsaFound>(Computer(Diamond()).Compute(Request("s", "t", constraints), Modes));
        Assert.True(found.Working.LatencyUs <= 1500);
    }

    [Fact]
    public void Compute_NoModeReachesPathLength_BlockedAsQot()
    {
        var graph = Diamond();
        var modes = new ReachTableModes([Mode("400G-short", 400, 150, 75)], SpectrumGrid.Benchmark100x12_5);
        var blocked = Assert.IsType<RsaBlocked>(Computer(graph).Compute(Request("s", "t", rate: 400), modes));
        Assert.Equal(BlockReason.Qot, blocked.Reason);
    }

    [Fact]
    public void Compute_ReachTable_PicksMostEfficientModeThatReaches()
    {
        var modes = new ReachTableModes([Mode("400G", 400, 150, 75), Mode("200G", 200, 600, 75), Mode("100G", 100, 3000, 50)], SpectrumGrid.Benchmark100x12_5);
        var found = Assert.IsType<RsaFound>(Computer(Diamond()).Compute(Request("s", "t", rate: 100), modes));
        Assert.Equal("200G", found.Working.Mode.Name);
        Assert.Equal(6, found.Working.Slots.Count);
    }

    [Fact]
    public void Compute_AllSlotsTakenOnEveryRoute_BlockedAsSpectrum()
    {
        var graph = Diamond();
        var computer = Computer(graph);
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            computer.Spectrum.SetRange(e, 0, 99, true);
        }

        var blocked = Assert.IsType<RsaBlocked>(computer.Compute(Request("s", "t"), Modes));
        Assert.Equal(BlockReason.Spectrum, blocked.Reason);
    }

    [Fact]
    public void Compute_OnlyRouteAvoidingGivenLightpathIsMissing_BlockedAsDiversity()
    {
        var graph = Diamond();
        var request = Request("t", "u") with { Constraints = new PathConstraints { DiverseFrom = [new LightpathId("lp-1")] } };
        var blocked = Assert.IsType<RsaBlocked>(Computer(graph).Compute(request, Modes, diverseFromFibers: [new FiberId("L4:f")]));
        Assert.Equal(BlockReason.Diversity, blocked.Reason);
    }

    [Fact]
    public void Compute_DiverseFromLightpath_AvoidsItsFibresAndTheirReverses()
    {
        var request = Request("s", "t") with { Constraints = new PathConstraints { DiverseFrom = [new LightpathId("lp-1")] } };
        var found = Assert.IsType<RsaFound>(Computer(Diamond()).Compute(request, Modes, diverseFromFibers: [new FiberId("L0:r")]));
        Assert.Equal(["s", "b", "t"], found.Working.Nodes.Select(n => n.Value));
    }

    [Fact]
    public void Compute_NodeDiverseFromLightpath_AvoidsItsInteriorNodes()
    {
        var request = Request("s", "t") with { Constraints = new PathConstraints { DiverseFrom = [new LightpathId("lp-1")], DiversityLevel = Disjointness.Node } };
        var found = Assert.IsType<RsaFound>(Computer(Diamond()).Compute(request, Modes, diverseFromFibers: [new FiberId("L0:f"), new FiberId("L1:f")]));
        Assert.DoesNotContain(new NodeId("a"), found.Working.Nodes);
    }

    [Fact]
    public void Compute_LatencyMetricBoundPrunesButKeepsPathAtBound_Found()
    {
        var graph = Diamond();
        var fastest = (200 * Domain.Units.PhysicalConstants.FiberLatencyUsPerKm) + 6;
        var found = Assert.IsType<RsaFound>(Computer(graph).Compute(Request("s", "t", new PathConstraints { MaxLatencyUs = fastest }), Modes));
        Assert.Equal(fastest, found.Working.LatencyUs, 6);
    }

    [Fact]
    public void Compute_OnePlusOneOnLineTail_BlockedAsDiversity()
    {
        var blocked = Assert.IsType<RsaBlocked>(Computer(Diamond()).Compute(Request("s", "u", protection: Protection.OnePlusOne), Modes));
        Assert.Equal(BlockReason.Diversity, blocked.Reason);
    }

    [Fact]
    public void Compute_OnePlusOne_WorkingAndProtectionDisjointEachWithSpectrum()
    {
        var computer = Computer(Diamond());
        computer.Spectrum.SetRange(0, 0, 10, true); // only on one fibre of the short route
        var found = Assert.IsType<RsaFound>(computer.Compute(Request("s", "t", protection: Protection.OnePlusOne), Modes));
        Assert.NotNull(found.Protection);
        Assert.Empty(found.Working.Fibers.Intersect(found.Protection!.Fibers));
        Assert.Equal(found.Working.Slots, found.Protection.Slots); // one transponder behind a line protection card
        Assert.Equal(found.Working.Mode, found.Protection.Mode);
        Assert.True(computer.TryReserve(found.Working));
        Assert.True(computer.TryReserve(found.Protection));
    }

    [Fact]
    public void Compute_OnePlusOneSrlg_SharedSrlgPair_BlockedAsDiversity()
    {
        // Both s-a-t fibres share SRLG d1 with each other but not with s-b-t: an SRLG-disjoint pair exists.
        var request = Request("s", "t", new PathConstraints { DiversityLevel = Disjointness.Srlg }, Protection.OnePlusOne);
        Assert.IsType<RsaFound>(Computer(Diamond()).Compute(request, Modes));
        var graph = new LinkTopology("shared", ["s", "a", "b", "t"],
        [
            new TestLink(0, 1, 100, ["duct"]), new TestLink(1, 3, 100), new TestLink(0, 2, 100, ["duct"]), new TestLink(2, 3, 100),
        ]).ToGraph();
        var blocked = Assert.IsType<RsaBlocked>(Computer(graph).Compute(request, Modes));
        Assert.Equal(BlockReason.Diversity, blocked.Reason);
    }

    [Fact]
    public void TryCompute_ReserveThenRelease_RestoresSpectrum()
    {
        var graph = XlronTopologyReader.Nsfnet().ToGraph();
        var engine = new RsaEngine(graph, new SpectrumState(graph, SpectrumGrid.Benchmark100x12_5));
        var modes = Modes;
        Assert.True(engine.TryCompute(new RsaRequest(0, 13, 100), ref modes, out var first));
        Assert.True(engine.TryReserve(first));
        Assert.True(engine.TryCompute(new RsaRequest(0, 13, 100), ref modes, out var second));
        Assert.False(second.StartSlot < first.StartSlot + first.SlotCount && second.Candidate == first.Candidate);
        engine.Release(first);
        Assert.True(engine.TryCompute(new RsaRequest(0, 13, 100), ref modes, out var third));
        Assert.Equal(first, third);
    }

    [Fact]
    public void DeepRmsaModes_ByLength_MatchesTable()
    {
        var graph = Diamond();
        var modes = Modes;
        Assert.True(modes.TrySelect(graph, [], 625, 100, out var qam16));
        Assert.Equal(("16QAM", 3), (modes.Describe(qam16.Mode).Name, qam16.Slots));
        Assert.True(modes.TrySelect(graph, [], 1250, 100, out var qam8));
        Assert.Equal(("8QAM", 4), (modes.Describe(qam8.Mode).Name, qam8.Slots)); // ceil(100/37.5)=3 +1
        Assert.True(modes.TrySelect(graph, [], 2500, 25, out var qpsk));
        Assert.Equal(("QPSK", 2), (modes.Describe(qpsk.Mode).Name, qpsk.Slots));
        Assert.True(modes.TrySelect(graph, [], 2501, 30, out var bpsk));
        Assert.Equal(("BPSK", 4), (modes.Describe(bpsk.Mode).Name, bpsk.Slots));
        var cband = new DeepRmsaModes(SpectrumGrid.CBandFlex);
        Assert.True(cband.TrySelect(graph, [], 100, 100, out var narrow));
        Assert.Equal(6, narrow.Slots); // 3 × 12.5 GHz = 6 × 6.25 GHz
    }

    [Fact]
    public void SpectrumOrder_LowestStartOverAllK_PrefersLaterCandidateWithLowerStart()
    {
        var graph = Diamond();
        var state = new SpectrumState(graph, SpectrumGrid.Benchmark100x12_5);
        graph.TryFindEdge(0, 1, out var sa);
        state.SetRange(sa, 0, 50, true);
        var engine = new RsaEngine(graph, state);
        var modes = Modes;
        var fit = default(FirstFit);
        Assert.True(engine.TryCompute(new RsaRequest(0, 3, 100), RouteMetric.Latency, ref modes, ref fit, out var kThenFit));
        Assert.Equal((0, 50), (kThenFit.Rank, kThenFit.StartSlot));
        Assert.True(engine.TryCompute(new RsaRequest(0, 3, 100, Order: SpectrumOrder.LowestStartOverAllK), RouteMetric.Latency, ref modes, ref fit, out var overAll));
        Assert.Equal((1, 0), (overAll.Rank, overAll.StartSlot));
    }

    [Fact]
    public void TryCompute_SameTopologyStateAndRequest_SameAnswer()
    {
        var topology = RandomTopologies.Connected(17, 40, 50, maxKm: 400);
        RsaResult Run()
        {
            var graph = topology.ToGraph();
            var engine = new RsaEngine(graph, new SpectrumState(graph, SpectrumGrid.Benchmark100x12_5));
            var modes = Modes;
            var fit = default(BestFit);
            for (var e = 0; e < graph.EdgeCount; e += 3)
            {
                engine.Spectrum.SetRange(e, e % 90, 7, true);
            }

            engine.TryCompute(new RsaRequest(0, 39, 80), RouteMetric.Km, ref modes, ref fit, out var result);
            return result;
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Bundle_FourDisjointWithinSkew_AllLatenciesWithinSkewAndDisjoint()
    {
        var graph = RandomTopologies.Connected(5, 30, 60, maxKm: 300).ToGraph(nodeLatencyUs: 1);
        var computer = Computer(graph);
        foreach (var skew in new[] { 50.0, 200.0, 1000.0 })
        {
            var outcome = computer.ComputeBundle(new NodeId("N0"), new NodeId("N29"), 3, 100, skew, linkDisjoint: true, PathConstraints.None, Modes);
            if (outcome is not BundleFound bundle)
            {
                Assert.Contains(Assert.IsType<RsaBlocked>(outcome).Reason, new[] { BlockReason.Diversity, BlockReason.Latency });
                continue;
            }

            Assert.Equal(3, bundle.Lightpaths.Length);
            var latencies = bundle.Lightpaths.Select(l => l.LatencyUs).ToArray();
            Assert.True(latencies.Max() - latencies.Min() <= skew);
            Assert.Equal(latencies.Max() - latencies.Min(), bundle.SkewUs, 9);
            for (var i = 0; i < 3; i++)
            {
                for (var j = i + 1; j < 3; j++)
                {
                    Assert.Empty(bundle.Lightpaths[i].Fibers.Intersect(bundle.Lightpaths[j].Fibers));
                }
            }
        }
    }

    [Fact]
    public void Bundle_SharedPathsAllowed_GivesDistinctSlotsOnSharedFibres()
    {
        var computer = Computer(Diamond());
        var bundle = Assert.IsType<BundleFound>(computer.ComputeBundle(new NodeId("s"), new NodeId("t"), 3, 100, 0, linkDisjoint: false, PathConstraints.None, Modes));
        Assert.Equal(0, bundle.SkewUs);
        foreach (var plan in bundle.Lightpaths)
        {
            Assert.True(computer.TryReserve(plan)); // reservable together: no two share a slot on a fibre
        }
    }

    [Fact]
    public void Bundle_SkewTooTightForDisjointPaths_BlockedAsLatency()
    {
        var blocked = Assert.IsType<RsaBlocked>(Computer(Diamond()).ComputeBundle(new NodeId("s"), new NodeId("t"), 2, 100, 10, linkDisjoint: true, PathConstraints.None, Modes));
        Assert.Equal(BlockReason.Latency, blocked.Reason);
    }

    [Fact]
    public void Bundle_MoreDisjointPathsThanTheTopologyHas_BlockedAsDiversity()
    {
        var blocked = Assert.IsType<RsaBlocked>(Computer(Diamond()).ComputeBundle(new NodeId("s"), new NodeId("t"), 3, 100, 1e6, linkDisjoint: true, PathConstraints.None, Modes));
        Assert.Equal(BlockReason.Diversity, blocked.Reason);
    }

    [Fact]
    public void Bundle_SpectrumFullOnEveryRoute_BlockedAsSpectrum()
    {
        var graph = Diamond();
        var computer = Computer(graph);
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            computer.Spectrum.SetRange(e, 0, 99, true);
        }

        var blocked = Assert.IsType<RsaBlocked>(computer.ComputeBundle(new NodeId("s"), new NodeId("t"), 2, 100, 1e6, linkDisjoint: true, PathConstraints.None, Modes));
        Assert.Equal(BlockReason.Spectrum, blocked.Reason);
    }
}
