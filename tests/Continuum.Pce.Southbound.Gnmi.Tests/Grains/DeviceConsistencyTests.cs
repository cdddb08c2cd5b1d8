using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Models;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Issue 21, device consistency: a lightpath never says it is gone, nor offers its spectrum or interfaces for reuse,
/// while a device still carries its channel. Driven through the grains and the gNMI renderer onto the emulator, with the
/// emulator's fault injection refusing the removal.
/// </summary>
[Collection(GnmiClusterCollection.Name)]
public sealed class DeviceConsistencyTests(GnmiClusterFixture fixture)
{
    private const string Tenant = "tenant-c";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    private static string NewId() => "dc-" + Guid.NewGuid().ToString("N")[..10];

    private static string Key(string id) => LightpathGrains.KeyOf(Tenant, id);

    [Fact]
    public async Task Delete_WhenADeviceRefusesTheRemoval_StaysDeletingWithItsClaims_ThenRetriesToDeleted()
    {
        var id = NewId();
        var grain = _grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S4"));
        Assert.Equal(LightpathState.Active, created.State);
        fixture.Emulator.Emulator.RejectNextSet("R3", StatusCode.Unavailable, "line card busy");

        var refused = await grain.Delete();

        Assert.Equal(LightpathState.Deleting, refused.State);
        Assert.Contains("R3", refused.CleanupFailure, StringComparison.Ordinal);
        Assert.NotNull(refused.CleanupRetryAt);
        await AssertClaimedAsync(created, claimed: true);
        Assert.True(await CarriesChannelAsync("R3", id), "R3 refused the removal, so it still carries the channel");
        Assert.Contains((await _grains.GetGrain<IOpticalNodeGrain>("T1").GetStatus()).Interfaces, u => u.Lightpath == Key(id));

        // The retry (back-off from 2 s) clears the devices, then releases.
        var deleted = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Deleted, Deadline, "Deleted after the cleanup retry");

        Assert.Null(deleted.CleanupFailure);
        await AssertClaimedAsync(created, claimed: false);
        foreach (var roadm in GnmiClusterFixture.Roadms)
        {
            Assert.False(await CarriesChannelAsync(roadm, id), $"{roadm} still carries the channel of a Deleted lightpath");
        }

        Assert.DoesNotContain((await _grains.GetGrain<IOpticalNodeGrain>("T1").GetStatus()).Interfaces, u => u.Lightpath == Key(id));
    }

    [Fact]
    public async Task Create_WhileTheSourceTransponderIsUnreachable_EndsFailedOwingCleanup_ThenReleasesOnceItAnswers()
    {
        // The chaos harness's emulator kills: a create that cannot reach a device fails, but what the other devices got
        // must be cleared before its spectrum and interfaces are offered again.
        var id = NewId();
        var grain = _grains.Lightpath(Tenant, id);
        fixture.Emulator.Emulator.MakeUnreachable("T1");
        LightpathView failed;
        try
        {
            failed = await grain.Create(fixture.Order(id, Tenant, "S1", "S4"));
            Assert.Equal(LightpathState.Failed, failed.State);
            Assert.Contains("T1", failed.CleanupFailure, StringComparison.Ordinal);
            await AssertClaimedAsync(failed, claimed: true);
        }
        finally
        {
            fixture.Emulator.Emulator.MakeReachable("T1");
        }

        var settled = await Eventually.MatchAsync(grain.Get, v => v.CleanupFailure is null, Deadline, "the cleanup retried once T1 answers");

        Assert.Equal(LightpathState.Failed, settled.State);
        await AssertClaimedAsync(failed, claimed: false); // the fibres it held while the cleanup was owed
        Assert.NotEmpty(failed.ReservedFibers);
        Assert.DoesNotContain((await _grains.GetGrain<IOpticalNodeGrain>("T1").GetStatus()).Interfaces, u => u.Lightpath == Key(id));
    }

    [Fact]
    public async Task Resync_WhenADeviceThatLostTheChannelRefusesThePush_OwesItAndRetriesUntilTheDeviceCarriesIt()
    {
        // Found by the chaos harness (tools/Continuum.Pce.Chaos): after a restart, a resync that one device refused was
        // only logged, and the lightpath stayed Active while that ROADM carried none of its channel.
        var id = NewId();
        var grain = _grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S4"));
        Assert.Equal(LightpathState.Active, created.State);
        await fixture.Devices.ClientFor(new NodeId("R3")).SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(Index(id))), GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(Index(id) + 1)) } });
        Assert.False(await CarriesChannelAsync("R3", id));
        fixture.Emulator.Emulator.RejectNextSet("R3", StatusCode.Unavailable, "line card busy");

        var refused = await grain.Resync();

        // Without the channel on R3 the light is lost downstream, so telemetry may already have marked it Degraded.
        Assert.Contains(refused.State, new[] { LightpathState.Active, LightpathState.Degraded });
        Assert.Contains("R3", refused.CleanupFailure, StringComparison.Ordinal);
        Assert.NotNull(refused.CleanupRetryAt);
        await Eventually.MatchAsync(grain.Get, v => v.CleanupFailure is null, Deadline, "the push retried");
        Assert.True(await CarriesChannelAsync("R3", id), "the retried push put the channel back on R3");
        await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active, Deadline, "Active again once the light is back");

        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task ForceDelete_WhenTheDeviceStillRefuses_ReleasesAndSaysSoInTheHistory()
    {
        var id = NewId();
        var grain = _grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S4"));
        Assert.Equal(LightpathState.Active, created.State);
        fixture.Emulator.Emulator.RejectNextSet("R2", StatusCode.Aborted);
        Assert.Equal(LightpathState.Deleting, (await grain.Delete()).State);
        fixture.Emulator.Emulator.RejectNextSet("R2", StatusCode.Aborted);

        var forced = await grain.ForceDelete();

        Assert.Equal(LightpathState.Deleted, forced.State);
        Assert.Contains("forced by an operator", forced.History[^1].Reason, StringComparison.Ordinal);
        await AssertClaimedAsync(created, claimed: false);

        // What the forced delete left on R2 is the operator's to clear; the test leaves the emulator clean.
        await fixture.Devices.ClientFor(new NodeId("R2")).SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(Index(id))), GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(Index(id) + 1)) } });
    }

    [Fact]
    public async Task Reroute_WhenTheOldPathCannotBeCleared_KeepsTheOldPathAndItsClaims_AndReleasesTheNewOnes()
    {
        var id = NewId();
        var grain = _grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S4"));
        Assert.Equal(LightpathState.Active, created.State);
        try
        {
            fixture.Emulator.Emulator.RejectNextSet("R3", StatusCode.Unavailable);

            var after = await grain.Reroute(null);

            Assert.Equal("Render", after.Outcome);
            Assert.Equal(LightpathState.Active, after.Lightpath.State);
            Assert.Equal(created.SlotStart, after.Lightpath.SlotStart);
            Assert.Contains("old path's devices could not be cleared", after.Lightpath.History[^1].Reason, StringComparison.Ordinal);
            foreach (var fiber in created.ReservedFibers)
            {
                var claims = (await _grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims.Where(c => c.Lightpath == Key(id)).ToList();
                var claim = Assert.Single(claims);
                Assert.Equal(created.SlotStart, claim.SlotStart);
            }

            // Every ROADM carries the channel at the old frequency again (what the partial removal took was put back).
            var spectrum = ChannelSpectrum(created);
            foreach (var roadm in GnmiClusterFixture.Roadms)
            {
                var json = await fixture.Devices.ClientFor(new NodeId(roadm)).GetJsonAsync(RenderPlanBuilder.MediaChannelPath(Index(id)), GetRequest.Types.DataType.Config);
                var channel = WavelengthRouterMediaChannelsChannel.FromJson(json.Single());
                Assert.Equal((ulong)spectrum.Lower.Mhz, channel.Config!.LowerFrequency);
            }
        }
        finally
        {
            Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
        }
    }

    [Fact]
    public async Task AttemptOfTheOldPath_WhileARerouteIsInFlight_IsCommittedNotAborted()
    {
        // The crash window: a fibre that checks its claims with their owner while the lightpath is Restoring must not
        // hear "aborted" for the path the devices still carry.
        var id = NewId();
        var grain = _grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S4"));
        Assert.Equal(LightpathState.Active, created.State);
        var fiber = _grains.GetGrain<IFiberGrain>(created.Fibers[0]);
        var attempt = (await fiber.GetSpectrum()).Claims.Single(c => c.Lightpath == Key(id)).Attempt;

        Assert.Equal(AttemptOutcome.Committed, await grain.ResolveAttempt(attempt));
        Assert.Equal(AttemptOutcome.Aborted, await grain.ResolveAttempt("never-made"));
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
        Assert.Equal(AttemptOutcome.Aborted, await grain.ResolveAttempt(attempt));
    }

    private static uint Index(string id) => PathTopology.MediaChannelIndex(new LightpathId(Key(id)));

    private static Application.Ports.ChannelSpectrum ChannelSpectrum(LightpathView view) =>
        Application.Ports.ChannelSpectrum.FromSlots(GnmiClusterFixture.Snapshot.Network.Grid, new SlotRange(view.SlotStart!.Value, view.SlotCount!.Value));

    private Task<bool> CarriesChannelAsync(string roadm, string id) => fixture.Devices.CarriesChannelAsync(roadm, Key(id));

    private async Task AssertClaimedAsync(LightpathView lightpath, bool claimed)
    {
        foreach (var fiber in lightpath.ReservedFibers)
        {
            var claims = (await _grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims;
            Assert.Equal(claimed, claims.Any(c => c.Lightpath == Key(lightpath.Id)));
        }
    }
}
