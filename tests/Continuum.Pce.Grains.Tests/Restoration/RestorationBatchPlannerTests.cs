using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Restoration;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Spectrum;
using Continuum.Pce.TestKit.Topology;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Restoration;

/// <summary>
/// The storm's batch planner on a triangle: A–B is cut, the only way around is A–C–B. The live spectrum view is a real
/// <see cref="SiloSpectrumView"/> and the computations are the real path computer's.
/// </summary>
public sealed class RestorationBatchPlannerTests
{
    private static readonly FiberId[] Detour = [new("A-C"), new("C-A"), new("C-B"), new("B-C")];

    private readonly OpticalNetwork _network = new NetworkBuilder().Site("A").Site("B").Site("C")
        .Link("A", "B", 100).Link("A", "C", 100).Link("C", "B", 100).Build();

    private readonly InMemoryNetworkCatalog _catalog = new();
    private readonly SiloSpectrumView _live = new();
    private readonly RoutingPathComputer _computer;

    public RestorationBatchPlannerTests()
    {
        _catalog.Publish(new NetworkSnapshot(_network, TestEquipment.Library, 1));
        _computer = new RoutingPathComputer(_catalog);
        foreach (var fiber in _network.Fibers)
        {
            _live.Update(fiber.Id, new ulong[Words], true);
        }

        _live.Update(new FiberId("A-B"), new ulong[Words], false);
        _live.Update(new FiberId("B-A"), new ulong[Words], false);
    }

    private int Words => (_network.Grid.SlotCount + 63) / 64;

    [Fact]
    public void Plan_WithRoomForEveryone_GivesEachDemandItsOwnSlotsAroundTheCut()
    {
        var demands = Enumerable.Range(0, 5).Select(i => Demand($"t/lp{i}", priority: 4, arrival: i)).ToList();

        var plans = RestorationBatchPlanner.Plan(demands, Snapshot(), _computer);

        Assert.All(plans, p => Assert.Equal(RestorationPlanKind.Planned, p.Plan.Kind));
        Assert.All(plans, p => Assert.Equal(["A-C", "C-B"], p.Plan.Path!.Fibers.Select(f => f.Value)));
        var slots = plans.Select(p => p.Plan.Path!.Slots).ToList();
        for (var i = 0; i < slots.Count; i++)
        {
            for (var j = i + 1; j < slots.Count; j++)
            {
                Assert.False(slots[i].Overlaps(slots[j]), $"demands {i} and {j} were both planned on slots {slots[i]} / {slots[j]}");
            }
        }
    }

    [Fact]
    public void Plan_TwoDemandsForTheLastSlots_PlansOneAndReportsTheOtherUnrestorable()
    {
        var width = LeaveOneChannelOnTheDetour();

        var plans = RestorationBatchPlanner.Plan([Demand("t/first", 3, 0), Demand("t/second", 3, 1)], Snapshot(), _computer);

        Assert.Equal(RestorationPlanKind.Planned, plans[0].Plan.Kind);
        Assert.Equal(new SlotRange(0, width), plans[0].Plan.Path!.Slots);
        Assert.Equal(RestorationPlanKind.Unrestorable, plans[1].Plan.Kind);
        Assert.Equal("t/second", plans[1].Demand.Owner);
        Assert.Null(plans[1].Plan.Path);
        Assert.NotNull(plans[1].Plan.Blocked);
    }

    [Fact]
    public void Plan_ScarceSpectrum_GoesToTheHigherPriorityWhateverTheArrivalOrder()
    {
        LeaveOneChannelOnTheDetour();
        var early = Demand("t/low", priority: 6, arrival: 0);
        var late = Demand("t/high", priority: 1, arrival: 1);
        var tie = Demand("t/high-later", priority: 1, arrival: 2);

        var plans = RestorationBatchPlanner.Plan([early, tie, late], Snapshot(), _computer);

        Assert.Equal(["t/high", "t/high-later", "t/low"], plans.Select(p => p.Demand.Owner));
        Assert.Equal([RestorationPlanKind.Planned, RestorationPlanKind.Unrestorable, RestorationPlanKind.Unrestorable], plans.Select(p => p.Plan.Kind));
    }

    [Fact]
    public void Plan_TellsEachPlanAsSoonAsItIsMade_BeforeTheNextDemandIsComputed()
    {
        var events = new List<string>();
        var computer = new Recording(_computer, events);

        RestorationBatchPlanner.Plan([Demand("t/b", 2, 0), Demand("t/a", 1, 0)], Snapshot(), computer, (d, p) => events.Add($"{d.Owner} {p.Kind}"));

        Assert.Equal(["compute", "t/a Planned", "compute", "t/b Planned"], events);
    }

    [Fact]
    public void Plan_BooksInItsSnapshotOnly_TheLiveViewAndItsComputationsAreUntouched()
    {
        var width = LeaveOneChannelOnTheDetour();

        var plans = RestorationBatchPlanner.Plan([Demand("t/a", 0, 0)], Snapshot(), _computer);
        Assert.Equal(RestorationPlanKind.Planned, plans[0].Plan.Kind);

        // The same path computer, asked against the live view right after, still finds the slots the batch booked in
        // its own copy (it re-reads the live view rather than applying the snapshot's changes to it).
        var live = _computer.Compute(Demand("t/b", 0, 1).Search, _live, 1);
        Assert.True(live.IsFound);
        Assert.Equal(new SlotRange(0, width), live.Candidates[0].Slots);
    }

    [Fact]
    public async Task Scheduler_UnrestorableDemand_IsAnsweredWithoutATurnWhileThePlannedOneHoldsTheOnlyTurn()
    {
        LeaveOneChannelOnTheDetour();
        var (scheduler, time) = Scheduler(concurrency: 1);
        var low = scheduler.PlanAsync(Demand("t/low", priority: 5, arrival: 0));
        var high = scheduler.PlanAsync(Demand("t/high", priority: 0, arrival: 0));
        Assert.False(low.IsCompleted); // gathered until the window closes
        time.Advance(TimeSpan.FromMilliseconds(50));

        var planned = await high.WaitAsync(TimeSpan.FromSeconds(10));
        var refused = await low.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RestorationPlanKind.Planned, planned.Plan.Kind);
        Assert.Equal(RestorationPlanKind.Unrestorable, refused.Plan.Kind);
        Assert.Null(refused.Turn);
        using (await planned.Turn!.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(1, scheduler.Running);
        }

        Assert.Equal(0, scheduler.Running);
        Assert.Equal(1, scheduler.Batches);
    }

    [Fact]
    public async Task Scheduler_APlanNotYetSettled_IsBookedInTheNextBatchAndFreedBySettling()
    {
        LeaveOneChannelOnTheDetour();
        var (scheduler, time) = Scheduler(concurrency: 4);
        var first = scheduler.PlanAsync(Demand("t/first", 2, 0));
        time.Advance(TimeSpan.FromMilliseconds(50));
        var firstTicket = await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RestorationPlanKind.Planned, firstTicket.Plan.Kind);
        Assert.Equal(1, scheduler.Outstanding);

        // The first has not reserved yet (the live view is unchanged): a second batch must not plan onto its slots.
        var second = scheduler.PlanAsync(Demand("t/second", 0, 0));
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(RestorationPlanKind.Unrestorable, (await second.WaitAsync(TimeSpan.FromSeconds(10))).Plan.Kind);

        (await firstTicket.Turn!).Dispose();
        scheduler.Settle("t/first");
        Assert.Equal(0, scheduler.Outstanding);
        var third = scheduler.PlanAsync(Demand("t/second", 0, 0));
        time.Advance(TimeSpan.FromMilliseconds(50));
        var thirdTicket = await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RestorationPlanKind.Planned, thirdTicket.Plan.Kind);
        (await thirdTicket.Turn!).Dispose();
    }

    [Fact]
    public async Task Scheduler_WithoutAPathComputer_LeavesEveryRestorationToThePerLightpathWay()
    {
        var scheduler = new RestorationScheduler(Options.Create(new RestorationOptions()), new FakeTimeProvider());

        var ticket = await scheduler.PlanAsync(Demand("t/a", 0, 0));

        Assert.Equal(RestorationPlanKind.Unplanned, ticket.Plan.Kind);
        Assert.Null(ticket.Turn);
    }

    private sealed class Recording(IPathComputer inner, List<string> events) : IPathComputer
    {
        public PathComputation Compute(PathRequest request, ISpectrumView spectrum, int maxCandidates, IReadOnlyCollection<FiberId>? diverseFromFibers = null)
        {
            events.Add("compute");
            return inner.Compute(request, spectrum, maxCandidates, diverseFromFibers);
        }
    }

    private (RestorationScheduler Scheduler, FakeTimeProvider Time) Scheduler(int concurrency)
    {
        var time = new FakeTimeProvider();
        var options = Options.Create(new RestorationOptions { Concurrency = concurrency, GatherWindow = TimeSpan.FromMilliseconds(50) });
        return (new RestorationScheduler(options, time, _computer, _live, _catalog), time);
    }

    private BatchSpectrumView Snapshot() => new(_network, _live);

    /// <summary>Occupies every slot of the detour but the first channel's width (found by planning once); the width.</summary>
    private int LeaveOneChannelOnTheDetour()
    {
        var width = RestorationBatchPlanner.Plan([Demand("t/probe", 0, 0)], Snapshot(), _computer)[0].Plan.Path!.Slots.Count;
        var words = new ulong[Words];
        for (var s = width; s < _network.Grid.SlotCount; s++)
        {
            words[s >> 6] |= 1UL << (s & 63);
        }

        foreach (var fiber in Detour)
        {
            _live.Update(fiber, words, true);
        }

        return width;
    }

    private static RestorationDemand Demand(string owner, int priority, long arrival)
    {
        var constraints = PathConstraints.None with { ExcludeFibers = [new FiberId("A-B"), new FiberId("B-A")] };
        var current = new PathCandidate([new NodeId("A-R"), new NodeId("B-R")], [new FiberId("A-B")], new SlotRange(0, 4), new ModeId("m"), 100, 500, 100);
        return new RestorationDemand(owner, priority, arrival, new PathRequest(new NodeId("A-R"), new NodeId("B-R"), 100, constraints), current);
    }
}
