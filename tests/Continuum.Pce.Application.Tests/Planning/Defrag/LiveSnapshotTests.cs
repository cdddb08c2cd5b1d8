using Continuum.Pce.Application.Planning.Defrag;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Xunit;

namespace Continuum.Pce.Application.Tests.Planning.Defrag;

/// <summary>The live network (lightpaths and fibre claims) mapped onto the planner's snapshot, and the dry-run check.</summary>
public sealed class LiveSnapshotTests
{
    private static readonly HashSet<FiberId> NoGuardBands = [];

    private sealed class Live
    {
        private readonly List<LiveLightpath> _lightpaths = [];
        private readonly List<LiveClaim> _claims = [];

        public IReadOnlyList<LiveLightpath> Lightpaths => _lightpaths;

        public IReadOnlyList<LiveClaim> Claims => _claims;

        /// <summary>A lightpath with its claims on every fibre (both directions of x become "x" and "x'").</summary>
        public Live Lightpath(string tenant, string id, int start, int count, LightpathState state = LightpathState.Active, bool hitless = false, bool isProtected = false, params string[] fibres)
        {
            var all = fibres.SelectMany(f => new[] { new FiberId(f), new FiberId(f + "'") }).ToArray();
            var key = $"{tenant}/{id}";
            _lightpaths.Add(new LiveLightpath(key, tenant, state, [.. all], new SlotRange(start, count), hitless, isProtected));
            _claims.AddRange(all.Select(f => new LiveClaim(f, key, new SlotRange(start, count))));
            return this;
        }

        public Live Claim(string fibre, string holder, int start, int count)
        {
            _claims.Add(new LiveClaim(new FiberId(fibre), holder, new SlotRange(start, count)));
            return this;
        }

        public NetworkSnapshot Snapshot(DefragScope? scope = null, IReadOnlySet<FiberId>? guardBanded = null) =>
            LiveSnapshot.Build(100, Lightpaths, Claims, scope ?? DefragScope.Everything, guardBanded ?? NoGuardBands);
    }

    [Fact]
    public void Build_ActiveLightpathsMatchingTheirClaims_AreMovableOnBothDirections()
    {
        var snapshot = new Live().Lightpath("t", "a", 10, 4, hitless: true, fibres: ["x", "y"]).Snapshot();

        var lp = Assert.Single(snapshot.Lightpaths);
        Assert.Equal("t/a", lp.Id);
        Assert.Equal(["x", "x'", "y", "y'"], lp.Path.Select(f => f.Value));
        Assert.Equal(new SlotRange(10, 4), lp.Slots);
        Assert.True(lp.HitlessRetune);
        Assert.Empty(snapshot.Fixed);
    }

    [Fact]
    public void Build_OutOfScopeProtectedOrNotActiveLightpaths_StayAsFixedClaims()
    {
        var live = new Live()
            .Lightpath("t", "mine", 20, 2, fibres: ["x"])
            .Lightpath("u", "theirs", 10, 2, fibres: ["x"])
            .Lightpath("t", "protected", 30, 2, isProtected: true, fibres: ["x"])
            .Lightpath("t", "degraded", 40, 2, state: LightpathState.Degraded, fibres: ["x"]);

        var snapshot = live.Snapshot(new DefragScope(Tenant: "t"));

        Assert.Equal(["t/mine"], snapshot.Lightpaths.Select(l => l.Id));
        Assert.Equal(6, snapshot.Fixed.Length);
        Assert.Equal(["t/degraded", "t/protected", "u/theirs"], snapshot.Fixed.Select(c => c.Holder).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_ALightpathWithAHoldInFlight_IsNotMovedAndItsHoldsStayFixed()
    {
        // A second claim of the same owner (a reroute or retune in flight) means it is not at rest.
        var snapshot = new Live().Lightpath("t", "a", 10, 2, fibres: ["x"]).Claim("x", "t/a", 0, 2).Snapshot();

        Assert.Empty(snapshot.Lightpaths);
        Assert.Equal(3, snapshot.Fixed.Length);
    }

    [Fact]
    public void Build_FibreScopeAndGuardBands_SelectWhoMoves()
    {
        var live = new Live().Lightpath("t", "on-x", 10, 2, fibres: ["x"]).Lightpath("t", "on-y", 10, 2, fibres: ["y"]).Lightpath("t", "on-z", 20, 2, fibres: ["z"]);

        var byFibre = live.Snapshot(new DefragScope(Fiber: new FiberId("x'")));
        var guarded = live.Snapshot(guardBanded: new HashSet<FiberId> { new("z") });

        Assert.Equal(["t/on-x"], byFibre.Lightpaths.Select(l => l.Id));
        Assert.Equal(["t/on-x", "t/on-y"], guarded.Lightpaths.Select(l => l.Id));
    }

    [Fact]
    public void Plan_AroundAFixedClaim_PacksTheMovableLightpathIntoTheFreeSlotsBelowIt()
    {
        var snapshot = new Live().Lightpath("u", "fixed", 0, 2, state: LightpathState.Degraded, fibres: ["x"]).Lightpath("t", "a", 10, 2, fibres: ["x"])
            .Snapshot(new DefragScope(Tenant: "t"));

        var plan = DefragPlanner.Plan(snapshot);

        var step = Assert.Single(plan.Steps);
        Assert.Equal(new DefragStep(1, "t/a", new SlotRange(10, 2), new SlotRange(2, 2), DefragStepKind.MakeBeforeBreak), step);
        Assert.Equal((11, 3), (plan.HighestSlotBefore, plan.HighestSlotAfter));
        Assert.True(plan.FragmentationAfter < plan.FragmentationBefore);
    }

    [Fact]
    public void Check_UnchangedNetwork_PassesEveryStep_AndATakenTargetFailsOnlyItsStep()
    {
        var live = new Live().Lightpath("t", "a", 10, 2, fibres: ["x"]).Lightpath("t", "b", 20, 2, fibres: ["y"]);
        var plan = DefragPlanner.Plan(live.Snapshot());
        var unchanged = DefragPlanner.Check(plan, live.Snapshot());
        var checks = DefragPlanner.Check(plan, live.Claim("x", "u/new", 0, 2).Snapshot());

        Assert.Equal(2, plan.Steps.Length);
        Assert.All(unchanged, c => Assert.True(c.Passes, c.Problem));
        Assert.False(checks.Single(c => c.Lightpath == "t/a").Passes);
        Assert.True(checks.Single(c => c.Lightpath == "t/b").Passes);
    }

    [Fact]
    public void Check_ALightpathThatMovedSincePlanning_FailsWithWhereItIsNow()
    {
        var plan = DefragPlanner.Plan(new Live().Lightpath("t", "a", 10, 2, fibres: ["x"]).Snapshot());
        var moved = new Live().Lightpath("t", "a", 6, 2, fibres: ["x"]).Snapshot();

        var check = Assert.Single(DefragPlanner.Check(plan, moved));

        Assert.Contains("[6..8)", check.Problem, StringComparison.Ordinal);
    }
}
