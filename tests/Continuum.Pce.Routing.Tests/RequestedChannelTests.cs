using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;
using Continuum.Pce.TestKit.Routing;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

/// <summary>The layer-0 attributes of a request (central frequency, width, mode, minimum OSNR) honoured by the RSA.</summary>
public sealed class RequestedChannelTests
{
    // 100 slots of 12.5 GHz from 191.325 THz: slot boundary b is at 191.325 THz + b · 12.5 GHz.
    private static readonly SpectrumGrid Grid = new(new Frequency(191_325_000), 12_500, 100);

    // s(0) - a(1) - t(2): 200 km; s - b(3) - t: 600 km.
    private static CompactGraph Diamond() => new LinkTopology("diamond", ["s", "a", "t", "b"],
    [
        new TestLink(0, 1, 100), new TestLink(1, 2, 100),
        new TestLink(0, 3, 300), new TestLink(3, 2, 300),
    ]).ToGraph();

    private static PathComputer Computer()
    {
        var graph = Diamond();
        return new PathComputer(graph, new SpectrumState(graph, Grid));
    }

    private static int Edge(CompactGraph graph, int from, int to)
    {
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            if (graph.Source(e) == from && graph.Target(e) == to)
            {
                return e;
            }
        }

        throw new ArgumentException($"no edge {from} → {to}");
    }

    // "hi" carries 200 Gb/s over 500 km in 50 GHz; "lo" 100 Gb/s over 2000 km in 50 GHz, so "hi" is the usual choice.
    private static ReachTableModes Modes => new([Mode("hi", "DP-16QAM", 200, 500), Mode("lo", "DP-QPSK", 100, 2000)], Grid);

    private static TransceiverMode Mode(string id, string format, int rate, double reachKm) =>
        new(new ModeId(id), format, rate, 32, 0.1, 20, 50, reachKm, 20, 1000, 40, 50_000, 30, 1, 4);

    private static PathRequest Request(PathConstraints constraints) => new(new NodeId("s"), new NodeId("t"), 100, constraints);

    private static Frequency Boundary(int b) => new(Grid.Start.Mhz + (b * Grid.SlotWidthMhz));

    [Fact]
    public void Compute_RequestedCentreAndWidth_PlacesTheChannelExactlyThere()
    {
        var found = Assert.IsType<RsaFound>(Computer().Compute(Request(new PathConstraints { CentralFrequency = Boundary(40), ChannelWidthMhz = 75_000 }), Modes));

        Assert.Equal(new SlotRange(37, 6), found.Working.Slots);
        Assert.Equal(Boundary(40), Grid.RangeCentre(found.Working.Slots));
        Assert.Equal(["s", "a", "t"], found.Working.Nodes.Select(n => n.Value));
    }

    [Fact]
    public void Compute_RequestedCentreWithoutWidth_TakesTheModesWidthCentredThere()
    {
        var found = Assert.IsType<RsaFound>(Computer().Compute(Request(new PathConstraints { CentralFrequency = Boundary(10) }), Modes));

        Assert.Equal(new SlotRange(8, 4), found.Working.Slots);
    }

    [Fact]
    public void Compute_RequestedSlotsTakenOnTheShortRoute_UsesTheNextCandidateWhereTheyAreFree()
    {
        var computer = Computer();
        Assert.True(computer.Spectrum.TryReserve([Edge(computer.Graph, 0, 1)], 39, 1));

        var found = Assert.IsType<RsaFound>(computer.Compute(Request(new PathConstraints { CentralFrequency = Boundary(40), ChannelWidthMhz = 50_000 }), Modes));

        Assert.Equal(["s", "b", "t"], found.Working.Nodes.Select(n => n.Value));
        Assert.Equal(new SlotRange(38, 4), found.Working.Slots);
    }

    [Fact]
    public void Compute_RequestedSlotsTakenOnEveryCandidate_BlockedForSpectrumNamingTheFrequency()
    {
        var computer = Computer();
        Assert.True(computer.Spectrum.TryReserve([Edge(computer.Graph, 0, 1)], 40, 1));
        Assert.True(computer.Spectrum.TryReserve([Edge(computer.Graph, 0, 3)], 41, 1));

        var blocked = Assert.IsType<RsaBlocked>(computer.Compute(Request(new PathConstraints { CentralFrequency = Boundary(40), ChannelWidthMhz = 50_000 }), Modes));

        Assert.Equal(BlockReason.Spectrum, blocked.Reason);
        Assert.Contains("191.825000 THz", blocked.Blocked.Detail, StringComparison.Ordinal);
        Assert.Contains("taken", blocked.Blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_RequestedChannelReachingPastTheBand_BlockedForSpectrum()
    {
        var blocked = Assert.IsType<RsaBlocked>(Computer().Compute(Request(new PathConstraints { CentralFrequency = Boundary(99), ChannelWidthMhz = 50_000 }), Modes));

        Assert.Equal(BlockReason.Spectrum, blocked.Reason);
        Assert.Contains("outside the band", blocked.Blocked.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 20_000L, "whole number")] // 20 GHz is 1.6 slots
    [InlineData(191_331_250L, null, "not on the grid")] // half a slot off a boundary
    [InlineData(191_450_000L, 37_500L, "even number of slots")] // 3 slots centred on a boundary
    public void Compute_RequestedChannelOffTheGrid_IsAnInvalidRequestSayingWhy(long? centreMhz, long? widthMhz, string why)
    {
        var constraints = new PathConstraints { CentralFrequency = centreMhz is { } c ? new Frequency(c) : null, ChannelWidthMhz = widthMhz };

        var blocked = Assert.IsType<RsaBlocked>(Computer().Compute(Request(constraints), Modes));

        Assert.Equal(BlockReason.InvalidRequest, blocked.Reason);
        Assert.Contains(why, blocked.Blocked.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("dp-qpsk")]
    public void Compute_RequestedModeByIdOrFormat_UsesOnlyThatMode(string mode)
    {
        var found = Assert.IsType<RsaFound>(Computer().Compute(Request(new PathConstraints { Mode = mode }), Modes));

        Assert.Equal("lo", found.Working.Mode.Name);
    }

    [Fact]
    public void Compute_RequestedModeThatDoesNotReach_BlockedForQotNamingTheMode()
    {
        var onlyLongRoute = new PathConstraints { Mode = "hi", ExcludeNodes = [new NodeId("a")] };

        var blocked = Assert.IsType<RsaBlocked>(Computer().Compute(Request(onlyLongRoute), Modes));

        Assert.Equal(BlockReason.Qot, blocked.Reason);
        Assert.Contains("mode hi", blocked.Blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_UnknownMode_IsAnInvalidRequest()
    {
        var blocked = Assert.IsType<RsaBlocked>(Computer().Compute(Request(new PathConstraints { Mode = "DP-64QAM" }), Modes));

        Assert.Equal(BlockReason.InvalidRequest, blocked.Reason);
        Assert.Contains("DP-64QAM", blocked.Blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_WidthNarrowerThanEveryMode_BlockedForQot()
    {
        var blocked = Assert.IsType<RsaBlocked>(Computer().Compute(Request(new PathConstraints { ChannelWidthMhz = 25_000 }), Modes));

        Assert.Equal(BlockReason.Qot, blocked.Reason);
    }

    [Fact]
    public void Compute_WidthWiderThanTheMode_ReservesTheRequestedWidth()
    {
        var found = Assert.IsType<RsaFound>(Computer().Compute(Request(new PathConstraints { ChannelWidthMhz = 100_000 }), Modes));

        Assert.Equal(new SlotRange(0, 8), found.Working.Slots);
        Assert.Equal("hi", found.Working.Mode.Name);
    }

    [Fact]
    public void Compute_MinimumOsnrWithAPolicyThatEstimatesNone_BlockedForQot()
    {
        var blocked = Assert.IsType<RsaBlocked>(Computer().Compute(Request(new PathConstraints { MinOsnrDb = 15 }), Modes));

        Assert.Equal(BlockReason.Qot, blocked.Reason);
        Assert.Contains("OSNR ≥ 15 dB", blocked.Blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ProtectedWithRequestedCentre_BothLegsSitThere()
    {
        var request = Request(new PathConstraints { CentralFrequency = Boundary(20), ChannelWidthMhz = 50_000, DiversityLevel = Disjointness.Link }) with { Protection = Protection.OnePlusOne };

        var found = Assert.IsType<RsaFound>(Computer().Compute(request, Modes));

        Assert.Equal(new SlotRange(18, 4), found.Working.Slots);
        Assert.Equal(new SlotRange(18, 4), found.Protection!.Slots);
    }

    [Fact]
    public void TryCompute_WarmWithAndWithoutARequestedChannel_AllocatesNothing()
    {
        var graph = Diamond();
        var engine = new RsaEngine(graph, new SpectrumState(graph, Grid));
        var modes = Modes;
        var fit = default(FirstFit);
        var plain = new RsaRequest(0, 2, 100);
        var centred = plain with { Channel = new ChannelRequirement(modes.ModesNamed("lo"), CentreBoundary: 40, Slots: 6) };
        Assert.True(engine.TryCompute(plain, RouteMetric.Latency, ref modes, ref fit, out _));
        Assert.True(engine.TryCompute(centred, RouteMetric.Latency, ref modes, ref fit, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var foundPlain = engine.TryCompute(plain, RouteMetric.Latency, ref modes, ref fit, out var a);
        var foundCentred = engine.TryCompute(centred, RouteMetric.Latency, ref modes, ref fit, out var b);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(foundPlain && foundCentred);
        Assert.Equal((0, 37, 6), (a.StartSlot, b.StartSlot, b.SlotCount));
        Assert.Equal(0, allocated);
    }
}
