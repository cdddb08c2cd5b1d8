using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Paths;

public sealed class RoutingPathComputerTests
{
    private sealed class FakeView : ISpectrumView
    {
        private readonly Dictionary<FiberId, ulong[]> _masks = [];
        private readonly List<FiberId> _log = [];

        /// <summary>Whether the view tells what changed (path computers then refresh only that); off, they re-read everything.</summary>
        public bool LogsChanges { get; init; }

        public long Version { get; private set; }

        public HashSet<FiberId> Down { get; } = [];

        public void Occupy(string fiber, int start, int count)
        {
            var words = _masks.TryGetValue(new FiberId(fiber), out var w) ? w : _masks[new FiberId(fiber)] = new ulong[12];
            for (var s = start; s < start + count; s++)
            {
                words[s >> 6] |= 1UL << (s & 63);
            }

            _log.Add(new FiberId(fiber));
            Version++;
        }

        public bool TryGetChangesSince(long sinceVersion, List<FiberId> changed)
        {
            if (!LogsChanges || sinceVersion < 0 || sinceVersion > _log.Count)
            {
                return false;
            }

            changed.AddRange(_log.Skip((int)sinceVersion));
            return true;
        }

        public void CopyOccupancy(FiberId fiber, Span<ulong> words)
        {
            words.Clear();
            if (_masks.TryGetValue(fiber, out var w))
            {
                w.AsSpan(0, words.Length).CopyTo(words);
            }
        }

        public bool IsUp(FiberId fiber) => !Down.Contains(fiber);
    }

    private static RoutingPathComputer Computer()
    {
        var network = new NetworkBuilder().Site("A").Site("B").Site("C").Site("D")
            .Link("A", "B", 100).Link("B", "C", 100).Link("A", "D", 150).Link("D", "C", 150).Build();
        var catalog = new InMemoryNetworkCatalog();
        catalog.Publish(new NetworkSnapshot(network, TestEquipment.Library, 1));
        return new RoutingPathComputer(catalog);
    }

    private static PathRequest AToC(int rate = 400) => new(new NodeId("A-R"), new NodeId("C-R"), rate, PathConstraints.None);

    [Fact]
    public void Compute_UnderATightMemoryBudget_EvictsAndGivesTheSameAnswersAsWithoutOne()
    {
        // A 4 × 4 grid of sites: 240 ordered pairs, each with its candidates and the QoT of their paths.
        var builder = new NetworkBuilder();
        for (var i = 0; i < 16; i++)
        {
            builder.Site($"S{i}");
        }

        for (var i = 0; i < 16; i++)
        {
            if (i % 4 < 3)
            {
                builder.Link($"S{i}", $"S{i + 1}", 80 + (7 * i));
            }

            if (i < 12)
            {
                builder.Link($"S{i}", $"S{i + 4}", 90 + (5 * i));
            }
        }

        var catalog = new InMemoryNetworkCatalog();
        catalog.Publish(new NetworkSnapshot(builder.Build(), TestEquipment.Library, 1));
        var unbounded = new RoutingPathComputer(catalog);
        var bounded = new RoutingPathComputer(catalog) { MemoryBudgetBytes = 48 * 1024 };
        var view = new FakeView();
        for (var round = 0; round < 2; round++)
        {
            for (var s = 0; s < 16; s++)
            {
                for (var t = 0; t < 16; t++)
                {
                    if (s == t)
                    {
                        continue;
                    }

                    var request = new PathRequest(new NodeId($"S{s}-R"), new NodeId($"S{t}-R"), 100, PathConstraints.None);
                    var expected = unbounded.Compute(request, view, 3);
                    var actual = bounded.Compute(request, view, 3);
                    Assert.Equal(expected.IsFound, actual.IsFound);
                    Assert.Equal(
                        expected.Candidates.Select(c => (string.Join(",", c.Fibers), c.Slots, c.Mode, c.GsnrDb)),
                        actual.Candidates.Select(c => (string.Join(",", c.Fibers), c.Slots, c.Mode, c.GsnrDb)));
                }
            }
        }

        Assert.True(bounded.Evictions > 0, "the budget never evicted");
        Assert.Equal(0, unbounded.Evictions);
        Assert.True(unbounded.FootprintBytes > 2 * bounded.MemoryBudgetBytes, $"unbounded: {unbounded.FootprintBytes} B");
        Assert.True(bounded.FootprintBytes < 3 * bounded.MemoryBudgetBytes, $"bounded: {bounded.FootprintBytes} B");
    }

    [Fact]
    public void Compute_AtEqualChannelWidth_ChoosesTheLowestLineRateThatCarriesTheDemand()
    {
        // 400G and 200G both take 87.5 GHz here: a 200 Gb/s demand gets the 200G mode (more margin, less power), not 400G.
        var result = Computer().Compute(AToC(rate: 200), new FakeView(), 1);

        Assert.True(result.IsFound);
        Assert.Equal(new ModeId("200G"), result.Candidates[0].Mode);
        Assert.Equal(new ModeId("400G"), Computer().Compute(AToC(rate: 400), new FakeView(), 1).Candidates[0].Mode);
    }

    [Fact]
    public void Compute_OnAnEmptyNetwork_PutsTheLowestLatencyPathFirst()
    {
        var result = Computer().Compute(AToC(), new FakeView(), 3);

        Assert.True(result.IsFound);
        Assert.Equal(["A-B", "B-C"], result.Candidates[0].Fibers.Select(f => f.Value).ToArray());
        Assert.Equal(new ModeId("400G"), result.Candidates[0].Mode);
    }

    [Fact]
    public void Compute_ReturnsDistinctAlternatives_ThatDoNotOverlapEachOther()
    {
        var result = Computer().Compute(AToC(), new FakeView(), 4);

        Assert.Equal(4, result.Candidates.Length);
        for (var i = 0; i < result.Candidates.Length; i++)
        {
            for (var j = i + 1; j < result.Candidates.Length; j++)
            {
                var a = result.Candidates[i];
                var b = result.Candidates[j];
                Assert.False(a.Fibers.Intersect(b.Fibers).Any() && a.Slots.Overlaps(b.Slots), $"candidates {i} and {j} collide");
            }
        }
    }

    [Fact]
    public void Compute_AvoidsSlotsTheViewShowsOccupied()
    {
        var view = new FakeView();
        view.Occupy("B-C", 0, 200);

        var first = Computer().Compute(AToC(), view, 1).Candidates[0];

        Assert.True(first.Fibers.Contains(new FiberId("B-C")) ? first.Slots.Start >= 200 : true);
    }

    [Fact]
    public void Compute_FollowsTheViewAsItChanges()
    {
        var computer = Computer();
        var view = new FakeView();
        var before = computer.Compute(AToC(), view, 1).Candidates[0];

        view.Occupy(before.Fibers[0].Value, before.Slots.Start, before.Slots.Count);
        var after = computer.Compute(AToC(), view, 1).Candidates[0];

        Assert.False(after.Fibers.Contains(before.Fibers[0]) && after.Slots.Overlaps(before.Slots));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Compute_AfterAChangeOnlyOnTheReverseFibre_AvoidsThoseSlotsOnTheForwardFibre(bool incremental)
    {
        // Lightpaths are bidirectional: slots taken on B→A (and told as a change of B→A alone) are not offered on A→B.
        var computer = Computer();
        var view = new FakeView { LogsChanges = incremental };
        var before = computer.Compute(AToC(), view, 1).Candidates[0];
        Assert.Equal("A-B", before.Fibers[0].Value);

        view.Occupy("B-A", before.Slots.Start, before.Slots.Count);
        view.Occupy("B-A", before.Slots.Start, before.Slots.Count);
        var after = computer.Compute(AToC(), view, 1).Candidates[0];

        Assert.False(after.Fibers.Contains(new FiberId("A-B")) && after.Slots.Overlaps(before.Slots), $"{string.Join(",", after.Fibers)} {after.Slots}");
    }

    [Fact]
    public void Compute_DownFibre_IsAvoided()
    {
        var view = new FakeView();
        view.Down.Add(new FiberId("A-B"));
        view.Occupy("A-D", 0, 1);

        var first = Computer().Compute(AToC(), view, 1).Candidates[0];

        Assert.DoesNotContain(new FiberId("A-B"), first.Fibers);
    }

    [Fact]
    public void Compute_UnknownEndpoint_IsBlockedAsAnInvalidRequest()
    {
        var result = Computer().Compute(new PathRequest(new NodeId("A-R"), new NodeId("Z-R"), 100, PathConstraints.None), new FakeView(), 2);

        Assert.False(result.IsFound);
        Assert.Equal(BlockReason.InvalidRequest, result.Blocked!.Reason);
    }
}

public sealed class QotWiringTests
{
    private static RoutingPathComputer Computer(Continuum.Pce.Domain.Network.OpticalNetwork network)
    {
        var catalog = new InMemoryNetworkCatalog();
        catalog.Publish(new NetworkSnapshot(network, TestEquipment.Library, 1));
        return new RoutingPathComputer(catalog);
    }

    private sealed class EmptyView : ISpectrumView
    {
        public long Version => 0;

        public void CopyOccupancy(FiberId fiber, Span<ulong> words) => words.Clear();

        public bool IsUp(FiberId fiber) => true;
    }

    [Fact]
    public void Found_CarriesTheGsnrAndMarginOfItsMode()
    {
        var network = new NetworkBuilder().Site("A").Site("B").Link("A", "B", 240).Build();

        var found = Computer(network).Compute(new PathRequest(new NodeId("A-R"), new NodeId("B-R"), 400, PathConstraints.None), new EmptyView(), 1);

        var candidate = Assert.Single(found.Candidates);
        Assert.NotNull(candidate.GsnrDb);
        Assert.True(candidate.MarginDb >= 2.0, $"margin {candidate.MarginDb}");
        Assert.InRange(candidate.GsnrDb!.Value, 15, 40);
    }

    [Fact]
    public void LongerPath_GetsALowerGsnr()
    {
        var shortNet = new NetworkBuilder().Site("A").Site("B").Link("A", "B", 160).Build();
        var longNet = new NetworkBuilder().Site("A").Site("B").Link("A", "B", 1600).Build();
        var request = new PathRequest(new NodeId("A-R"), new NodeId("B-R"), 100, PathConstraints.None);

        var near = Computer(shortNet).Compute(request, new EmptyView(), 1).Candidates[0];
        var far = Computer(longNet).Compute(request, new EmptyView(), 1).Candidates[0];

        Assert.True(far.GsnrDb < near.GsnrDb - 5, $"{far.GsnrDb} vs {near.GsnrDb}");
    }

    [Fact]
    public void TooLongForEveryMode_IsBlockedByQot_NamingTheClosestShortfall()
    {
        var network = new NetworkBuilder().Site("A").Site("B").Link("A", "B", 12000).Build();

        var result = Computer(network).Compute(new PathRequest(new NodeId("A-R"), new NodeId("B-R"), 100, PathConstraints.None), new EmptyView(), 1);

        Assert.False(result.IsFound);
        Assert.Equal(BlockReason.Qot, result.Blocked!.Reason);
        Assert.Contains("short of", result.Blocked.Detail, StringComparison.Ordinal);
    }
}
