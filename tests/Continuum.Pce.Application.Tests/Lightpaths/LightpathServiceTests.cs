using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Lightpaths;

/// <summary>The lightpath use cases without a cluster: in-memory ledgers, interfaces and devices (<see cref="LightpathWorld"/>).</summary>
public sealed class LightpathServiceTests
{
    private readonly LightpathWorld _world = new();

    [Fact]
    public async Task Create_EndsActive_WithClaimsBothWays_InterfacesAndEveryDeviceConfigured()
    {
        var lp = _world.Lightpath("acme", "lp-1");

        var record = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));

        Assert.Equal(LightpathState.Active, record.State);
        Assert.All(_world.Topology.BothWays(record.Path!.Fibers), f => Assert.Contains(_world.Ledgers[f], c => c.Owner == "acme/lp-1" && c.Committed));
        Assert.Equal(2, _world.InterfaceOwners.Count(o => o == "acme/lp-1"));
        Assert.All(record.Path.Nodes, n => Assert.True(_world.Devices[n].ContainsKey("acme/lp-1")));
        Assert.Contains(_world.Published, c => c.Transition?.To == LightpathState.Active && c.Key.ToString() == "acme/lp-1");
    }

    [Fact]
    public async Task Delete_WhenADeviceRefusesTheRemoval_StaysDeletingAndKeepsClaimsAndInterfaces()
    {
        var lp = _world.Lightpath("acme", "lp-1");
        var created = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));
        _world.Faults.Enqueue(new DeviceFault(created.Path!.Nodes[^1], FaultKind.RefuseRemoval));

        var record = await DeleteLightpath.ExecuteAsync(lp.Context, new DeleteLightpathRequest());

        Assert.Equal(LightpathState.Deleting, record!.State);
        Assert.Contains("UNAVAILABLE", lp.Data.CleanupFailure, StringComparison.Ordinal);
        Assert.Equal(_world.Now + TimeSpan.FromSeconds(2), lp.Data.CleanupRetryAt);
        Assert.All(_world.Topology.BothWays(created.Path.Fibers), f => Assert.Contains(_world.Ledgers[f], c => c.Owner == "acme/lp-1"));
        Assert.Equal(2, _world.InterfaceOwners.Count(o => o == "acme/lp-1"));
        Assert.True(ReconcileLightpath.IsPending(lp.Data));
    }

    [Fact]
    public async Task Reconcile_AfterARefusedRemoval_RetriesWithBackOffUntilTheDevicesAreClear_ThenReleases()
    {
        var lp = _world.Lightpath("acme", "lp-1");
        var created = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));
        var last = created.Path!.Nodes[^1];
        _world.Faults.Enqueue(new DeviceFault(last, FaultKind.RefuseRemoval));
        await DeleteLightpath.ExecuteAsync(lp.Context, new DeleteLightpathRequest());
        _world.Faults.Enqueue(new DeviceFault(last, FaultKind.RefuseRemoval));

        await ReconcileLightpath.ExecuteAsync(lp.Context);
        var second = lp.Data.CleanupRetryAt;
        var cleared = await ReconcileLightpath.ExecuteAsync(lp.Context);

        Assert.Equal(_world.Now + TimeSpan.FromSeconds(4), second);
        Assert.Equal(LightpathState.Deleted, cleared!.State);
        Assert.Null(lp.Data.CleanupFailure);
        Assert.False(ReconcileLightpath.IsPending(lp.Data));
        Assert.DoesNotContain(_world.Ledgers.Values.SelectMany(l => l), c => c.Owner == "acme/lp-1");
        Assert.DoesNotContain("acme/lp-1", _world.InterfaceOwners);
        Assert.DoesNotContain(_world.Devices.Values, d => d.ContainsKey("acme/lp-1"));
    }

    [Fact]
    public async Task Create_ThatFailsOnTheDevices_WhenItsSpectrumReleaseDoesNotAnswer_OwesTheRelease_AndReconcileReleasesIt()
    {
        var lp = _world.Lightpath("acme", "lp-1");
        _world.Faults.Enqueue(new DeviceFault(NetworkBuilder.RoadmOf("B"), FaultKind.RefuseProvisioning));
        _world.FailingReleases = 1;

        var failed = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));

        Assert.Equal(LightpathState.Failed, failed.State);
        Assert.Contains("not released yet", lp.Data.CleanupFailure, StringComparison.Ordinal);
        Assert.Contains(_world.Ledgers.Values.SelectMany(l => l), c => c.Owner == "acme/lp-1");
        Assert.True(ReconcileLightpath.IsPending(lp.Data));

        var reconciled = await ReconcileLightpath.ExecuteAsync(lp.Context);

        Assert.Equal(LightpathState.Failed, reconciled!.State);
        Assert.Null(lp.Data.CleanupFailure);
        Assert.DoesNotContain(_world.Ledgers.Values.SelectMany(l => l), c => c.Owner == "acme/lp-1");
        Assert.DoesNotContain("acme/lp-1", _world.InterfaceOwners);
    }

    [Fact]
    public async Task ForcedDelete_ReleasesDespiteTheRefusal_AndSaysSo()
    {
        var lp = _world.Lightpath("acme", "lp-1");
        var created = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));
        _world.Faults.Enqueue(new DeviceFault(created.Path!.Nodes[0], FaultKind.RefuseRemoval));

        var record = await DeleteLightpath.ExecuteAsync(lp.Context, new DeleteLightpathRequest(Force: true));

        Assert.Equal(LightpathState.Deleted, record!.State);
        Assert.StartsWith("forced by an operator", record.History[^1].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(_world.Ledgers.Values.SelectMany(l => l), c => c.Owner == "acme/lp-1");
    }

    [Fact]
    public async Task Reroute_ReleasesTheOldClaimsOnlyAfterTheOldDevicesAreCleared_AndAnswersCommittedForThemMeanwhile()
    {
        var lp = _world.Lightpath("acme", "lp-1");
        var created = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));
        var oldAttempt = created.CommittedAttempt!;
        var oldFibers = _world.Topology.BothWays(created.Path!.Fibers);
        var seen = new List<(bool OldClaimsHeld, AttemptStatus OldAttempt, LightpathState State)>();
        _world.OnRemoval = _ => seen.Add((oldFibers.All(f => _world.Ledgers[f].Any(c => c.Attempt == oldAttempt)), lp.Context.StatusOf(oldAttempt), lp.Data.Record!.State));

        var outcome = await RerouteLightpath.ExecuteAsync(lp.Context, new RerouteLightpathRequest());

        Assert.True(outcome.Moved, outcome.Detail);
        var during = Assert.Single(seen);
        Assert.True(during.OldClaimsHeld);
        Assert.Equal(AttemptStatus.Committed, during.OldAttempt);
        Assert.Equal(LightpathState.Restoring, during.State);
        Assert.Equal(LightpathState.Active, outcome.Record!.State);
        Assert.DoesNotContain(_world.Ledgers.Values.SelectMany(l => l), c => c.Attempt == oldAttempt);
        Assert.Equal(AttemptStatus.Aborted, lp.Context.StatusOf(oldAttempt));
    }

    [Fact]
    public async Task Reroute_AbandonedBecauseTheOldDevicesRefuseTheRemoval_AnswersCommittedForTheOldAttemptWhileTheNewClaimsAreReleased()
    {
        // Found by the chaos harness (issue 26): a fibre that checked the old attempt while the new claims were being
        // released heard Aborted and released the old claims, and the lightpath went back Active on a path it no longer held.
        var lp = _world.Lightpath("acme", "lp-1");
        var created = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));
        var oldAttempt = created.CommittedAttempt!;
        _world.Faults.Enqueue(new DeviceFault(created.Path!.Nodes[0], FaultKind.RefuseRemoval));
        var seen = new List<AttemptStatus>();
        _world.OnRelease = (owner, attempt) =>
        {
            if (owner == "acme/lp-1" && attempt != oldAttempt)
            {
                seen.Add(lp.Context.StatusOf(oldAttempt));
            }
        };

        var outcome = await RerouteLightpath.ExecuteAsync(lp.Context, new RerouteLightpathRequest());

        Assert.Equal("Render", outcome.Refusal);
        Assert.Equal(LightpathState.Active, outcome.Record!.State);
        Assert.Equal(oldAttempt, outcome.Record.CommittedAttempt);
        Assert.Equal(AttemptStatus.Committed, Assert.Single(seen));
        Assert.All(_world.Topology.BothWays(created.Path.Fibers), f => Assert.Contains(_world.Ledgers[f], c => c.Attempt == oldAttempt));
        Assert.DoesNotContain(_world.Ledgers.Values.SelectMany(l => l), c => c.Owner == "acme/lp-1" && c.Attempt != oldAttempt);
    }

    [Fact]
    public async Task Reroute_WhoseNewPathCanNeitherBeConfiguredNorCleared_KeepsTheOldPath_AndTheStrandedClaimsUntilReconciled()
    {
        var lp = _world.Lightpath("acme", "lp-1");
        var created = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));
        var transponder = NetworkBuilder.TransponderOf("B");
        _world.Faults.Enqueue(new DeviceFault(transponder, FaultKind.RefuseProvisioningNoRollback));
        _world.Faults.Enqueue(new DeviceFault(transponder, FaultKind.RefuseRemoval));

        var outcome = await RerouteLightpath.ExecuteAsync(lp.Context, new RerouteLightpathRequest());

        Assert.Equal("Render", outcome.Refusal);
        Assert.Equal(LightpathState.Active, outcome.Record!.State);
        Assert.Equal(created.Path, outcome.Record.Path);
        var stranded = lp.Data.StrandedPath!;
        Assert.NotNull(lp.Data.CleanupFailure);
        Assert.Equal(AttemptStatus.Committed, lp.Context.StatusOf(lp.Data.StrandedAttempt!));
        Assert.Contains(_world.Ledgers[stranded.Fibers[0]], c => c.Attempt == lp.Data.StrandedAttempt);

        var strandedAttempt = lp.Data.StrandedAttempt!;
        await ReconcileLightpath.ExecuteAsync(lp.Context);

        Assert.Null(lp.Data.StrandedPath);
        Assert.Null(lp.Data.CleanupFailure);
        Assert.DoesNotContain(_world.Ledgers.Values.SelectMany(l => l), c => c.Attempt == strandedAttempt);
        Assert.All(created.Path!.Nodes, n => Assert.Equal(created.Path.Slots, _world.Devices[n]["acme/lp-1"]));
    }

    [Fact]
    public async Task Reroute_WhenNeitherTheNewPathNorTheOldOneCanBeConfigured_StaysActiveOnTheOldPathWithItsClaims_AndOwesAPush()
    {
        var lp = _world.Lightpath("acme", "lp-1");
        var created = await CreateLightpath.ExecuteAsync(lp.Context, _world.Create("acme", "lp-1", "A", "B"));
        var transponder = NetworkBuilder.TransponderOf("B");
        _world.Faults.Enqueue(new DeviceFault(transponder, FaultKind.RefuseProvisioning)); // the new path
        _world.Faults.Enqueue(new DeviceFault(transponder, FaultKind.RefuseProvisioning)); // putting the old one back

        var outcome = await RerouteLightpath.ExecuteAsync(lp.Context, new RerouteLightpathRequest());

        Assert.Equal("Render", outcome.Refusal);
        Assert.Equal(LightpathState.Active, outcome.Record!.State);
        Assert.Equal(created.Path, outcome.Record.Path);
        Assert.Equal(created.CommittedAttempt, outcome.Record.CommittedAttempt);
        Assert.All(_world.Topology.BothWays(created.Path!.Fibers), f => Assert.Contains(_world.Ledgers[f], c => c.Attempt == created.CommittedAttempt));
        Assert.DoesNotContain(_world.Ledgers.Values.SelectMany(l => l), c => c.Owner == "acme/lp-1" && c.Attempt != created.CommittedAttempt);
        Assert.Equal(AttemptStatus.Committed, lp.Context.StatusOf(created.CommittedAttempt!));
        Assert.True(ReconcileLightpath.IsPending(lp.Data));

        var reconciled = await ReconcileLightpath.ExecuteAsync(lp.Context);

        Assert.Equal(LightpathState.Active, reconciled!.State);
        Assert.Null(lp.Data.CleanupFailure);
        Assert.All(created.Path.Nodes, n => Assert.Equal(created.Path.Slots, _world.Devices[n]["acme/lp-1"]));
    }

    [Fact]
    public async Task Create_DiverseFromAnotherLightpathOfTheTenant_AvoidsItsFibres_AndAnUnknownNameIsRefused()
    {
        var first = await CreateLightpath.ExecuteAsync(_world.Lightpath("acme", "lp-1").Context, _world.Create("acme", "lp-1", "A", "C"));
        var diverse = _world.Create("acme", "lp-2", "A", "C", constraints: c => c with { DiverseFrom = [new LightpathId("lp-1")] });
        var foreign = _world.Create("globex", "lp-3", "A", "C", constraints: c => c with { DiverseFrom = [new LightpathId("lp-1")] });

        var second = await CreateLightpath.ExecuteAsync(_world.Lightpath("acme", "lp-2").Context, diverse);
        var refused = await CreateLightpath.ExecuteAsync(_world.Lightpath("globex", "lp-3").Context, foreign);

        Assert.Equal(LightpathState.Active, second.State);
        Assert.Empty(second.Path!.Fibers.Intersect(first.Path!.Fibers));
        Assert.Equal(BlockReason.InvalidRequest, refused.Blocked!.Reason);
        Assert.Contains("lp-1", refused.Blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameId_InTwoTenants_IsTwoLightpathsWithTheirOwnClaimsAndDeviceNames()
    {
        var a = await CreateLightpath.ExecuteAsync(_world.Lightpath("acme", "lp-1").Context, _world.Create("acme", "lp-1", "A", "B"));
        var b = await CreateLightpath.ExecuteAsync(_world.Lightpath("globex", "lp-1").Context, _world.Create("globex", "lp-1", "A", "B"));

        Assert.Equal(LightpathState.Active, a.State);
        Assert.Equal(LightpathState.Active, b.State);
        Assert.False(a.Path!.Slots.Overlaps(b.Path!.Slots) && a.Path.Fibers.Intersect(b.Path.Fibers).Any());
        Assert.True(_world.Devices[a.Path.Nodes[0]].ContainsKey("acme/lp-1"));
        Assert.True(_world.Devices[b.Path.Nodes[0]].ContainsKey("globex/lp-1"));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(20, 300)]
    public void CleanupBackoff_DoublesFromTheInitialDelay_UpToTheCap(int failures, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), new LightpathServiceOptions().CleanupBackoff(failures));
    }
}
