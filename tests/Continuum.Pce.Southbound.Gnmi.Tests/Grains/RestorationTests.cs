using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Automatic restoration through the real path: a fibre cut in the emulator → loss of light in telemetry → fibre grain
/// → lightpath grain (hold-off) → path computation and QoT around the cut → reservation → gNMI to the devices.
/// </summary>
[Collection(RestorationClusterCollection.Name)]
public sealed class RestorationTests(RestorationClusterFixture fixture)
{
    private const string Tenant = "tenant-r";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private static string NewId() => "rs-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task FibreCut_OnARestorableLightpath_MovesItAroundTheCutAndConfiguresTheNewPath()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore", priority: 2));
        Assert.Equal(LightpathState.Active, created.State);
        var cut = new FiberId(created.Fibers[0]);
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);

            var restored = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active && !v.Fibers.Contains(cut.Value), Deadline, "Active off the cut fibre");
            Assert.DoesNotContain(restored.Fibers, f => created.Fibers.Contains(f));
            Assert.Contains(restored.History, e => e.From == LightpathState.Restoring && e.To == LightpathState.Active);
            Assert.Contains(restored.History, e => e.To == LightpathState.Restoring && e.Reason!.StartsWith($"restoration: fibre {cut.Value} down", StringComparison.Ordinal));
            Assert.Null(restored.RestorationFailure);
            Assert.Empty(restored.HomeFibers);

            // The devices carry the channel on the new path only: the transit ROADM of the old path was cleared.
            var oldTransit = created.Nodes[1];
            var newTransit = restored.Nodes[1];
            Assert.NotEqual(oldTransit, newTransit);
            Assert.True(await CarriesChannelAsync(newTransit, id));
            Assert.False(await CarriesChannelAsync(oldTransit, id));
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task RoadmUnreachable_OnARestorableLightpathThroughIt_MovesItAroundTheNodeAndClearsTheStaleChannelWhenItReturns()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore", priority: 1));
        Assert.Equal(LightpathState.Active, created.State);
        var transit = created.Nodes[1];

        // A lightpath through the same ROADM that did not ask for restoration stays where it is.
        var stayId = NewId();
        var stay = Grains.Lightpath(Tenant, stayId);
        var stayed = await stay.Create(fixture.Order(stayId, Tenant, "S1", "S3", constraints: new() { IncludeNodes = [transit] }));
        Assert.Equal(LightpathState.Active, stayed.State);
        Assert.Contains(transit, stayed.Nodes);

        var emulator = fixture.Emulator.Emulator;
        var media = $"/wavelength-router/media-channels/channel[index={Index(id)}]";
        LightpathView restored;
        emulator.MakeUnreachable(transit);
        try
        {
            restored = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active && !v.Nodes.Contains(transit), Deadline, "Active on a path avoiding the unreachable ROADM");
            Assert.Contains(restored.History, e => e.To == LightpathState.Restoring && e.Reason!.StartsWith($"restoration: node {transit} unreachable", StringComparison.Ordinal));
            Assert.True(await CarriesChannelAsync(restored.Nodes[1], id), "the new transit ROADM does not carry the channel");

            // The unreachable ROADM still holds the old channel (it could not be told); the lightpath owes its cleanup and
            // keeps the old path's claims meanwhile, so nothing else can be lit into that stale channel.
            Assert.NotNull(emulator.ReadJson(transit, media));
            Assert.NotNull(restored.CleanupFailure);
            foreach (var fiber in created.ReservedFibers)
            {
                Assert.Contains((await Grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims, c => c.Lightpath == Key(id));
            }

            var unmoved = await stay.Get();
            Assert.Equal(stayed.Fibers.ToArray(), unmoved.Fibers.ToArray());
            Assert.DoesNotContain(unmoved.History, e => e.To == LightpathState.Restoring);
        }
        finally
        {
            emulator.MakeReachable(transit);
        }

        // Back: the stale channel is cleared from it, the old path's claims released, the live path untouched.
        var clean = await Eventually.MatchAsync(grain.Get, v => v.CleanupFailure is null, Deadline, "the stale configuration cleared once the ROADM answers");
        Assert.Equal(restored.Fibers.ToArray(), clean.Fibers.ToArray());
        Assert.Null(emulator.ReadJson(transit, media));
        Assert.True(await CarriesChannelAsync(clean.Nodes[1], id));
        foreach (var fiber in created.ReservedFibers.Except(clean.ReservedFibers))
        {
            Assert.DoesNotContain((await Grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims, c => c.Lightpath == Key(id));
        }

        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
        Assert.Equal(LightpathState.Deleted, (await stay.Delete()).State);
    }

    [Fact]
    public async Task FibreCut_WhileADeviceCleanupIsOwed_IsRestoredOnceTheCleanupIsDone()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore", priority: 1));
        Assert.Equal(LightpathState.Active, created.State);
        var transit = created.Nodes[1];
        var emulator = fixture.Emulator.Emulator;

        // The transit ROADM goes away: the lightpath moves around it and owes the cleanup of its old channel there.
        emulator.MakeUnreachable(transit);
        LightpathView moved;
        FiberId cut;
        try
        {
            moved = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active && !v.Nodes.Contains(transit) && v.CleanupFailure is not null,
                Deadline, "moved around the unreachable ROADM, cleanup owed");

            // Now a fibre of the new path is cut while the cleanup is still owed: no reroute may start yet.
            cut = new FiberId(moved.Fibers[0]);
            emulator.CutFiber(cut);
            await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Degraded, Deadline, "Degraded on the cut fibre");

            // The ROADM comes back, but refuses the first cleanup: the restoration that follows its return finds the
            // cleanup still owed. It must be tried again once the cleanup's retry has succeeded, not dropped.
            emulator.RejectNextSet(transit);
        }
        finally
        {
            emulator.MakeReachable(transit);
        }

        try
        {
            var restored = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active && v.CleanupFailure is null && !v.Fibers.Contains(cut.Value),
                Deadline, "restored off the cut fibre once the cleanup was done");
            Assert.Contains(transit, restored.Nodes);
            Assert.Contains(restored.History, e => e.To == LightpathState.Restoring && e.Reason!.StartsWith($"restoration: fibre {cut.Value} down", StringComparison.Ordinal));
            Assert.True(await CarriesChannelAsync(transit, id), "the ROADM of the restored path does not carry the channel");
        }
        finally
        {
            emulator.RepairFiber(cut);
        }

        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task FibreCut_WithoutARestorationPolicy_LeavesTheLightpathDegradedOnItsPath()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3"));
        Assert.Equal(LightpathState.Active, created.State);
        Assert.Equal(RestorationPolicy.None, created.Restoration);
        var cut = new FiberId(created.Fibers[0]);
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);
            var degraded = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Degraded, Deadline, "Degraded after the cut");
            Assert.Equal(created.Fibers.ToArray(), degraded.Fibers.ToArray());
            Assert.DoesNotContain(degraded.History, e => e.To == LightpathState.Restoring);
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active, Deadline, "Active again after the repair");
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task Revertive_AfterTheRepairHoldsForWaitToRestore_ReturnsToItsHomePath()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore-revertive"));
        Assert.Equal(LightpathState.Active, created.State);
        var cut = new FiberId(created.Fibers[^1]);
        fixture.Emulator.Emulator.CutFiber(cut);
        LightpathView restored;
        try
        {
            restored = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active && !v.Fibers.Contains(cut.Value), Deadline, "restored off the cut fibre");
            Assert.Equal(created.Fibers.ToArray(), restored.HomeFibers.ToArray());
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        var repairedAt = DateTimeOffset.UtcNow;
        var home = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active && v.Fibers.SequenceEqual(created.Fibers), Deadline, "back on the home path");
        Assert.Empty(home.HomeFibers);
        var revert = home.History.Last(e => e.To == LightpathState.Restoring);
        Assert.StartsWith("revert", revert.Reason, StringComparison.Ordinal);
        Assert.True(revert.At - repairedAt >= RestorationClusterFixture.WaitToRestore - TimeSpan.FromMilliseconds(250), $"reverted {revert.At - repairedAt} after the repair, before wait-to-restore");
        Assert.True(await CarriesChannelAsync(created.Nodes[1], id));
        Assert.False(await CarriesChannelAsync(restored.Nodes[1], id));
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task FibreCut_WithNoWayAround_KeepsThePathReportsWhyAndClearsOnRepair()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore"));
        Assert.Equal(LightpathState.Active, created.State);

        // Both ways out of R1 fail: the path's first fibre, then the other side's.
        var cut = new FiberId(created.Fibers[0]);
        var otherSide = created.Nodes[1] == "R2" ? new FiberId("R1-R4") : new FiberId("R1-R2");
        fixture.Emulator.Emulator.CutFiber(otherSide);
        fixture.Emulator.Emulator.CutFiber(cut);
        try
        {
            var stuck = await Eventually.MatchAsync(grain.Get, v => v.RestorationFailure is not null, Deadline, "a restoration failure reported");
            Assert.Equal(created.Fibers.ToArray(), stuck.Fibers.ToArray());
            Assert.Contains(cut.Value, stuck.RestorationFailure, StringComparison.Ordinal);

            // Found unrestorable by the storm's batch planner: reported without ever going Restoring.
            Assert.DoesNotContain(stuck.History, e => e.To == LightpathState.Restoring);
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(otherSide);
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        var recovered = await Eventually.MatchAsync(grain.Get, v => v.RestorationFailure is null && v.State == LightpathState.Active, Deadline, "failure cleared and Active after the repair");
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
        _ = recovered;
    }

    [Fact]
    public async Task ControllerRestart_DuringARestorationStorm_EndsWithEveryLightpathRestoredAndTheDevicesAgreeing()
    {
        var ids = Enumerable.Range(0, 6).Select(_ => NewId()).ToList();
        var created = new List<LightpathView>();
        foreach (var id in ids)
        {
            created.Add(await Grains.Lightpath(Tenant, id).Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore", priority: created.Count % 8)));
        }

        Assert.All(created, v => Assert.Equal(LightpathState.Active, v.State));
        var cut = new FiberId(created[0].Fibers[0]);
        var hit = created.Where(v => v.Fibers.Contains(cut.Value)).Select(v => v.Id).ToHashSet();
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);
            // Restart as soon as the first lightpath has started moving: the others are waiting, in flight or done.
            await Eventually.MatchAsync(() => Grains.Lightpath(Tenant, ids[0]).Get(), v => v.History.Any(e => e.To == LightpathState.Restoring), Deadline, "a restoration started");
            await fixture.RestartControllerAsync();

            foreach (var id in ids)
            {
                var view = await Eventually.MatchAsync(() => Grains.Lightpath(Tenant, id).Get(), v => v.State == LightpathState.Active && !v.Fibers.Contains(cut.Value), Deadline, $"{id} Active off the cut fibre after the restart");
                var before = created.Single(c => c.Id == id);
                if (hit.Contains(id))
                {
                    Assert.False(await CarriesChannelAsync(before.Nodes[1], id), $"{id}: the old transit ROADM still carries the channel");
                }

                Assert.True(await CarriesChannelAsync(view.Nodes[1], id), $"{id}: the new transit ROADM does not carry the channel");
                foreach (var fiber in view.ReservedFibers.Union(before.ReservedFibers))
                {
                    var claims = (await Grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims.Where(c => c.Lightpath == Key(id)).ToList();
                    Assert.Equal(view.ReservedFibers.Contains(fiber) ? 1 : 0, claims.Count);
                }
            }
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        foreach (var id in ids)
        {
            Assert.Equal(LightpathState.Deleted, (await Grains.Lightpath(Tenant, id).Delete()).State);
        }
    }

    private static string Key(string id) => LightpathGrains.KeyOf(Tenant, id);

    private static uint Index(string id) => PathTopology.MediaChannelIndex(new LightpathId(Key(id)));

    private Task<bool> CarriesChannelAsync(string roadm, string id) => fixture.Devices.CarriesChannelAsync(roadm, Key(id));
}
