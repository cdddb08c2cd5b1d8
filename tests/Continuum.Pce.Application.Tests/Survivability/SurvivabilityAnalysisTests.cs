using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Survivability;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Survivability;

public sealed class SurvivabilityAnalysisTests
{
    /// <summary>A ring A–B–C–D–A of 100 km links: every lightpath has a way round.</summary>
    private static readonly OpticalNetwork Ring = new NetworkBuilder()
        .Site("A").Site("B").Site("C").Site("D")
        .Link("A", "B", 100).Link("B", "C", 100).Link("C", "D", 100).Link("D", "A", 100)
        .Build();

    /// <summary>A chain A–B–C: no way round a cut.</summary>
    private static readonly OpticalNetwork Chain = new NetworkBuilder()
        .Site("A").Site("B").Site("C")
        .Link("A", "B", 100).Link("B", "C", 100)
        .Build();

    private static FailureImpact Impact(SurvivabilityResult result, FailureKind kind, string id) =>
        Assert.Single(result.Failures, f => f.Failure.Kind == kind && f.Failure.Id == id);

    private static SurvivabilityResult Analyse(OpticalNetwork network, params LightpathDemand[] entries)
    {
        var placed = SurvivabilityBaseline.Place(network, TestEquipment.Library, entries);
        Assert.Empty(placed.Refused);
        return SurvivabilityAnalysis.Run(new NetworkSnapshot(network, TestEquipment.Library, 1), placed.Lightpaths);
    }

    private static LightpathDemand Lp(string from, string to, int gbps = 100, string tenant = "t1", int priority = 0, int count = 1) =>
        new(new Demand(new SiteId(from), new SiteId(to), gbps, count), tenant, priority);

    [Fact]
    public void Ring_EveryFibreCut_RestoresEveryHitLightpathTheLongWayRound()
    {
        var result = Analyse(Ring, Lp("A", "B"), Lp("B", "C"), Lp("C", "D"), Lp("D", "A"));

        var cuts = result.Failures.Where(f => f.Failure.Kind == FailureKind.Fiber).ToList();
        Assert.Equal(4, cuts.Count);
        foreach (var cut in cuts)
        {
            var hit = Assert.Single(cut.Hit);
            Assert.True(hit.Restored, $"{cut.Failure}: {hit.Reason}");
            Assert.Equal(0, cut.LostGbps);
            Assert.Empty(cut.LostGbpsByTenant);
            // 100 km direct becomes 300 km round the ring: 200 km more fibre (4.897 µs/km) and two more ROADMs.
            Assert.InRange(hit.ExtraLatencyUs, 200 * 4.8, 200 * 5.2);
            Assert.Equal(3, hit.Restoration!.Hops);
            Assert.DoesNotContain(hit.Restoration.Fibers, f => cut.Failure.FailedFibers.Contains(f));
            Assert.NotNull(hit.Restoration.MarginDb);
            Assert.True(hit.Restoration.MarginDb >= 0);
        }
    }

    [Fact]
    public void OnePlusOne_AFailureOfOneLeg_SwitchesOntoTheOtherWithoutRerouting_AnEndRoadmFailureLosesIt()
    {
        var placed = SurvivabilityBaseline.Place(Ring, TestEquipment.Library, [Lp("A", "B")]);
        var working = Assert.Single(placed.Lightpaths);
        Assert.Equal(["A-B"], working.Fibers.Select(f => f.Value));
        var protectedLp = working with
        {
            ProtectionNodes = [working.Nodes[0], .. new[] { "A-D", "D-C", "C-B" }.Select(f => Ring.Fibers.Single(x => x.Id.Value == f).Destination)],
            ProtectionFibers = [new FiberId("A-D"), new FiberId("D-C"), new FiberId("C-B")],
            ProtectionLatencyUs = working.LatencyUs * 3,
        };

        var result = SurvivabilityAnalysis.Run(new NetworkSnapshot(Ring, TestEquipment.Library, 1), [protectedLp]);

        var workingCut = Assert.Single(Impact(result, FailureKind.Fiber, "A-B").Hit);
        Assert.True(workingCut.Switched);
        Assert.True(workingCut.Restored);
        Assert.Equal(["A-D", "D-C", "C-B"], workingCut.Restoration!.Fibers.Select(f => f.Value));
        Assert.Equal(working.LatencyUs * 2, workingCut.ExtraLatencyUs, 6);

        var protectionCut = Assert.Single(Impact(result, FailureKind.Fiber, "C-D").Hit);
        Assert.True(protectionCut.Switched);
        Assert.Equal(0, protectionCut.ExtraLatencyUs, 6);

        var transit = Assert.Single(result.Failures.Single(f => f.Failure.Kind == FailureKind.Node && f.Failure.FailedNode!.Value.Value.StartsWith('D')).Hit);
        Assert.True(transit.Switched);

        var end = Assert.Single(result.Failures.Single(f => f.Failure.Kind == FailureKind.Node && f.Failure.FailedNode == working.Source).Hit);
        Assert.False(end.Restored);
        Assert.False(end.Switched);
        Assert.Equal(0, result.LightpathsAtRisk);
    }

    [Fact]
    public void OnePlusOne_FromALightpathFile_IsPlacedAsAPairAndSwitchesOnEitherLegsFailure()
    {
        Assert.True(LightpathFile.TryParse("""[{"from":"A","to":"B","rateGbps":100,"protection":"1+1"},{"from":"C","to":"D","rateGbps":100}]""", out var entries, out var errors), string.Join("; ", errors));
        var placed = SurvivabilityBaseline.Place(Ring, TestEquipment.Library, entries);
        Assert.Empty(placed.Refused);
        var pair = placed.Lightpaths[0];
        Assert.True(pair.IsProtected);
        Assert.Empty(pair.Fibers.Intersect(pair.ProtectionFibers));
        Assert.False(placed.Lightpaths[1].IsProtected);

        var result = SurvivabilityAnalysis.Run(new NetworkSnapshot(Ring, TestEquipment.Library, 1), placed.Lightpaths);

        foreach (var fibre in pair.Fibers.Concat(pair.ProtectionFibers))
        {
            var failure = result.Failures.Single(f => f.Failure.Kind == FailureKind.Fiber && f.Failure.FailedFibers.Contains(fibre));
            var hit = Assert.Single(failure.Hit, h => h.Lightpath.Id == pair.Id);
            Assert.True(hit.Switched, $"{failure.Failure}");
        }

        Assert.False(LightpathFile.TryParse("""[{"from":"A","to":"B","rateGbps":100,"protection":"2+2"}]""", out _, out var bad));
        Assert.Contains(bad, e => e.StartsWith("$[0].protection", StringComparison.Ordinal));
    }

    [Fact]
    public void Ring_FibreCut_IsOneFailurePerDuplexPairAndHitsLightpathsEitherDirection()
    {
        var result = Analyse(Ring, Lp("B", "A"));

        var cut = Impact(result, FailureKind.Fiber, "A-B");
        Assert.Equal(["A-B", "B-A"], cut.Failure.FailedFibers.Select(f => f.Value));
        Assert.Equal(1, cut.HitCount);
        Assert.DoesNotContain(result.Failures, f => f.Failure.Kind == FailureKind.Fiber && f.Failure.Id == "B-A");
    }

    [Fact]
    public void Chain_Cut_LeavesTheLightpathsAcrossItUnrestorable()
    {
        var result = Analyse(Chain, Lp("A", "C"), Lp("B", "C"));

        var cut = Impact(result, FailureKind.Fiber, "A-B");
        var hit = Assert.Single(cut.Hit);
        Assert.False(hit.Restored);
        Assert.Equal(BlockReason.NoPath, hit.Reason!.Reason);
        Assert.Equal(100, cut.LostGbps);
        Assert.Equal(2, Impact(result, FailureKind.Fiber, "B-C").LostCount);
        Assert.Equal(2, result.LightpathsAtRisk);
    }

    [Fact]
    public void Srlg_TakingTwoFibres_HitsTheLightpathsOfBothAndCutsTheRingInTwo()
    {
        var ring = new NetworkBuilder()
            .Site("A").Site("B").Site("C").Site("D")
            .Link("A", "B", 100, srlgs: ["duct"]).Link("B", "C", 100).Link("C", "D", 100, srlgs: ["duct"]).Link("D", "A", 100)
            .Build();

        var result = Analyse(ring, Lp("A", "B"), Lp("C", "D"), Lp("B", "C"));

        var duct = Impact(result, FailureKind.Srlg, "duct");
        Assert.Equal(["A-B", "B-A", "C-D", "D-C"], duct.Failure.FailedFibers.Select(f => f.Value));
        Assert.Equal(2, duct.HitCount);
        Assert.All(duct.Hit, h => Assert.False(h.Restored));
        Assert.Equal(200, duct.LostGbps);
        Assert.True(Impact(result, FailureKind.Fiber, "B-C").Hit.Single().Restored);
    }

    [Fact]
    public void Node_Failure_RestoresTransitLightpathsAndLosesItsOwnAddDrop()
    {
        // A–B–C is the short way from A to C (2 × 100 km); A–D–C the long one (2 × 300 km).
        var network = new NetworkBuilder()
            .Site("A").Site("B").Site("C").Site("D")
            .Link("A", "B", 100).Link("B", "C", 100).Link("C", "D", 300).Link("D", "A", 300)
            .Build();

        var result = Analyse(network, Lp("A", "C"), Lp("A", "B", tenant: "t2"), Lp("B", "C", tenant: "t3"));

        var node = Impact(result, FailureKind.Node, "B-R");
        Assert.Equal(3, node.HitCount);
        var transit = Assert.Single(node.Hit, h => h.Lightpath.Tenant == "t1");
        Assert.True(transit.Restored);
        Assert.Equal(["A-R", "D-R", "C-R"], transit.Restoration!.Nodes.Select(n => n.Value));
        Assert.All(node.Hit.Where(h => h.Lightpath.Tenant != "t1"), h =>
        {
            Assert.False(h.Restored);
            Assert.Contains("B-R failed", h.Reason!.Detail, StringComparison.Ordinal);
        });
        Assert.Equal(new Dictionary<string, int> { ["t2"] = 100, ["t3"] = 100 }, node.LostGbpsByTenant);
        // Losing an end ROADM is not "at risk": every fibre cut of this network is survived by every lightpath.
        Assert.Equal(0, result.LightpathsAtRisk);
    }

    [Fact]
    public void CapacityLost_IsSummedPerTenantOverTheLostLightpathsOnly()
    {
        var result = Analyse(Chain, Lp("A", "C", 100, "t1", count: 2), Lp("A", "B", 400, "t2"), Lp("B", "C", 100, "t3"));

        Assert.Equal(new Dictionary<string, int> { ["t1"] = 200, ["t2"] = 400 }, Impact(result, FailureKind.Fiber, "A-B").LostGbpsByTenant);
        Assert.Equal(new Dictionary<string, int> { ["t1"] = 200, ["t3"] = 100 }, Impact(result, FailureKind.Fiber, "B-C").LostGbpsByTenant);
        var t2 = Assert.Single(result.Tenants, t => t.Tenant == "t2");
        Assert.Equal(400, t2.WorstLostGbps);
        Assert.Equal("A-B", t2.WorstFailure!.Id);
        Assert.Equal(400, t2.CarriedGbps);
    }

    [Fact]
    public void Tenants_ATenantNoFailureCostsAnything_HasNoWorstFailure()
    {
        // Found by the REST fuzzer (issue 26): every cut of the ring is restored, so no tenant loses anything.
        var result = Analyse(Ring, Lp("A", "B", tenant: "t1"), Lp("C", "D", tenant: "t2"));

        var survivedOnlyFibreCuts = result with { Failures = [.. result.Failures.Where(f => f.Failure.Kind == FailureKind.Fiber)] };

        Assert.All(survivedOnlyFibreCuts.Tenants, t =>
        {
            Assert.Equal(0, t.WorstLostGbps);
            Assert.Null(t.WorstFailure);
        });
    }

    /// <summary>
    /// A 16-slot grid (two 100G channels per fibre): A–B direct carries two lightpaths; the detour A–C–B has room for one,
    /// because A→C already holds half of A–C.
    /// </summary>
    private static readonly OpticalNetwork Narrow = new NetworkBuilder()
        .WithGrid(new SpectrumGrid(new Frequency(193_000_000), 6_250, 16))
        .Site("A").Site("B").Site("C")
        .Link("A", "B", 100).Link("A", "C", 100).Link("C", "B", 100)
        .Build();

    [Theory]
    [InlineData(1, 5, "lp-1")]
    [InlineData(5, 1, "lp-2")]
    public void SpectrumShort_RestoresTheHigherPriorityFirst(int first, int second, string winner)
    {
        var result = Analyse(Narrow, Lp("A", "B", priority: first), Lp("A", "B", priority: second), Lp("A", "C"));

        var cut = Impact(result, FailureKind.Fiber, "A-B");
        Assert.Equal(2, cut.HitCount);
        Assert.Equal(winner, Assert.Single(cut.Hit, h => h.Restored).Lightpath.Id);
        var lost = Assert.Single(cut.Hit, h => !h.Restored);
        Assert.Equal(BlockReason.Spectrum, lost.Reason!.Reason);
        Assert.Equal(winner, cut.Hit[0].Lightpath.Id);
    }

    [Fact]
    public void HitLightpath_ReleasesItsSlots_SoItsRestorationReusesThemOnTheFibresThatSurvive()
    {
        // 16 slots: B–C is full (A→C and B→C); when A–B is cut, A→C can only go A–D–B–C on its own B–C slots.
        var network = new NetworkBuilder()
            .WithGrid(new SpectrumGrid(new Frequency(193_000_000), 6_250, 16))
            .Site("A").Site("B").Site("C").Site("D")
            .Link("A", "B", 100).Link("B", "C", 100).Link("A", "D", 100).Link("D", "B", 100)
            .Build();

        var result = Analyse(network, Lp("A", "C"), Lp("B", "C"));

        var hit = Assert.Single(Impact(result, FailureKind.Fiber, "A-B").Hit);
        Assert.True(hit.Restored, hit.Reason?.ToString());
        Assert.Equal(["A-R", "D-R", "B-R", "C-R"], hit.Restoration!.Nodes.Select(n => n.Value));
        Assert.Equal(hit.Lightpath.Slots, hit.Restoration.Slots);
    }

    [Fact]
    public void Restorations_NeverDoubleBookASlot_OnALoadedMesh()
    {
        var network = MeshNetwork.Network;
        var placed = SurvivabilityBaseline.Place(network, TestEquipment.Library, MeshNetwork.Demands(12));
        var result = SurvivabilityAnalysis.Run(new NetworkSnapshot(network, TestEquipment.Library, 1), placed.Lightpaths);

        Assert.True(result.Failures.Sum(f => f.RestoredCount) > 100);
        Assert.True(result.Failures.Sum(f => f.LostCount) > 0, "the load should be high enough that some restorations compete and fail");
        foreach (var failure in result.Failures)
        {
            var hit = failure.Hit.Select(h => h.Lightpath.Id).ToHashSet();
            var held = new Dictionary<(string Fiber, int Slot), string>();
            var lit = placed.Lightpaths.Where(l => !hit.Contains(l.Id)).Select(l => (l.Id, (IEnumerable<FiberId>)l.Fibers, l.Slots))
                .Concat(failure.Hit.Where(h => h.Restored).Select(h => (h.Lightpath.Id, (IEnumerable<FiberId>)h.Restoration!.Fibers, h.Restoration.Slots)));
            foreach (var (id, fibres, slots) in lit)
            {
                foreach (var fibre in fibres)
                {
                    var pair = network.Fiber(fibre).PairKey().Value;
                    for (var s = slots.Start; s < slots.End; s++)
                    {
                        Assert.True(held.TryAdd((pair, s), id), $"{failure.Failure}: slot {s} of {pair} held by {held.GetValueOrDefault((pair, s))} and {id}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Outcome_DoesNotDependOnTheNumberOfThreads()
    {
        var placed = SurvivabilityBaseline.Place(MeshNetwork.Network, TestEquipment.Library, MeshNetwork.Demands(6));
        var snapshot = new NetworkSnapshot(MeshNetwork.Network, TestEquipment.Library, 1);

        var one = SurvivabilityAnalysis.Run(snapshot, placed.Lightpaths, new SurvivabilityOptions { MaxDegreeOfParallelism = 1 });
        var many = SurvivabilityAnalysis.Run(snapshot, placed.Lightpaths, new SurvivabilityOptions { MaxDegreeOfParallelism = 4 });

        Assert.Equal(Summary(one), Summary(many));

        static IEnumerable<string> Summary(SurvivabilityResult r) => r.Failures.SelectMany(f => f.Hit.Select(h =>
            $"{f.Failure}|{h.Lightpath.Id}|{string.Join(',', h.Restoration?.Fibers.Select(x => x.Value) ?? [])}|{h.Restoration?.Slots}|{h.Reason}"));
    }

    [Fact]
    public void Enumerate_ListsEachPairSrlgAndRoadmOnce()
    {
        var ring = new NetworkBuilder()
            .Site("A").Site("B").Site("C")
            .Link("A", "B", 100, srlgs: ["x"]).Link("B", "C", 100, srlgs: ["x", "y"]).Link("C", "A", 100)
            .Build();

        var all = FailureScenarios.Enumerate(ring);

        Assert.Equal(["fiber A-B", "fiber A-C", "fiber B-C", "srlg x", "srlg y", "node A-R", "node B-R", "node C-R"], all.Select(f => f.ToString()));
        Assert.Equal(["x", "y"], FailureScenarios.Fiber(ring, new FiberId("C-B")).Avoid.ExcludeSrlgs.Select(s => s.Value));
    }
}
