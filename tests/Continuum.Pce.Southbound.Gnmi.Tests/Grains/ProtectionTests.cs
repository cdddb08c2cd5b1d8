using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// 1+1 protection through the real path: the pair computed and held on one slot range, both legs and the protection
/// switches (openconfig-transport-line-protection APS modules) configured over gNMI, the emulator's switches acting on
/// loss of light, the controller reading and recording where they stand, manual switches, and a failed leg restored.
/// </summary>
[Collection(ProtectionClusterCollection.Name)]
public sealed class ProtectionTests(ProtectionClusterFixture fixture)
{
    private const string Tenant = "tenant-p";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private static string NewId() => "pp-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Create1Plus1_LightsBothDisjointLegsOnOneSlotRangeAndConfiguresBothSwitches()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", protection: "1+1"));
        Assert.Equal(LightpathState.Active, created.State);
        var protection = Assert.IsType<ProtectionView>(created.Protection);
        Assert.Equal(Domain.Requests.Disjointness.Srlg, protection.Diversity);
        Assert.Equal(["R1", "R2", "R3"], created.Nodes.ToArray()); // the shortest route works
        Assert.Equal(["R1", "R4", "R3"], protection.Nodes.ToArray()); // the next disjoint one protects
        Assert.Empty(created.Fibers.Intersect(protection.Fibers));

        // Both legs' fibres hold the same slots for this lightpath, both ways.
        foreach (var fiber in created.ReservedFibers)
        {
            var claim = Assert.Single((await Grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims, c => c.Lightpath == Key(id));
            Assert.Equal((created.SlotStart!.Value, created.SlotCount!.Value), (claim.SlotStart, claim.SlotCount));
        }

        Assert.Equal(8, created.ReservedFibers.Length);

        // The devices: each leg's transit ROADM carries its own media channel, both transponders a configured switch.
        Assert.True(await CarriesAsync("R2", WorkingIndex(id)));
        Assert.True(await CarriesAsync("R4", ProtectionIndex(id)));
        Assert.False(await CarriesAsync("R5", WorkingIndex(id)) || await CarriesAsync("R5", ProtectionIndex(id)));
        Assert.Equal("NONE", fixture.Emulator.Emulator.ForcedPath("T1", created.SourceInterface!.Value));
        Assert.Equal("NONE", fixture.Emulator.Emulator.ForcedPath("T3", created.DestinationInterface!.Value));

        var read = await grain.ReadProtection();
        Assert.Equal(ProtectionLeg.Working, read.Protection!.ActiveAtSource);
        Assert.Equal(ProtectionLeg.Working, read.Protection.ActiveAtDestination);

        var deleted = await grain.Delete();
        Assert.Equal(LightpathState.Deleted, deleted.State);
        Assert.False(await CarriesAsync("R2", WorkingIndex(id)));
        Assert.False(await CarriesAsync("R4", ProtectionIndex(id)));
        Assert.Null(fixture.Emulator.Emulator.ForcedPath("T1", created.SourceInterface!.Value));
        foreach (var fiber in created.ReservedFibers)
        {
            Assert.DoesNotContain((await Grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims, c => c.Lightpath == Key(id));
        }
    }

    [Fact]
    public async Task WorkingLegCut_DevicesSwitchToProtection_ServiceStaysActive_AndTheWorkingLegIsRestoredOnTheThirdRoute()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore", protection: "1+1"));
        Assert.Equal(LightpathState.Active, created.State);
        var cut = new FiberId("R2-R3");
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);

            // The emulator's switch at T3 (receiving A→Z) selects the protection leg; the controller reads and records it.
            var switched = await Eventually.MatchAsync(grain.Get, v => v.Protection?.ActiveAtDestination == ProtectionLeg.Protection, Deadline, "the destination switch on the protection leg");
            Assert.Contains(switched.History, e => e.Reason!.StartsWith("protection switched", StringComparison.Ordinal));
            Assert.Equal("openconfig-transport-line-protection:SECONDARY", fixture.Emulator.Emulator.ActivePath("T3", created.DestinationInterface!.Value));

            // The failed working leg moves to the third route; the protection leg is untouched throughout.
            var restored = await Eventually.MatchAsync(grain.Get, v => v.Nodes.SequenceEqual(["R1", "R5", "R3"]), Deadline, "the working leg restored via R5");
            Assert.Equal(LightpathState.Active, restored.State);
            Assert.Equal(created.Protection!.Fibers.ToArray(), restored.Protection!.Fibers.ToArray());
            Assert.Equal(created.SlotStart, restored.SlotStart);
            Assert.Contains(restored.History, e => e.Reason!.Contains("working leg moved", StringComparison.Ordinal));
            Assert.DoesNotContain(restored.History, e => e.To is LightpathState.Restoring or LightpathState.Degraded);
            Assert.Null(restored.RestorationFailure);

            Assert.True(await CarriesAsync("R5", WorkingIndex(id)));
            Assert.False(await CarriesAsync("R2", WorkingIndex(id)));
            Assert.True(await CarriesAsync("R4", ProtectionIndex(id)));

            // Not revertive (policy "restore"): the switch stays on the protection leg although the working leg has light again.
            Assert.Equal("false", await ApsLeafAsync("T3", created.DestinationInterface!.Value, "revertive"));
            Assert.Equal("openconfig-transport-line-protection:SECONDARY", fixture.Emulator.Emulator.ActivePath("T3", created.DestinationInterface!.Value));

            // Claims: the new working leg's fibres and the protection leg's, none left on the old working leg.
            foreach (var fiber in restored.ReservedFibers.Union(created.ReservedFibers))
            {
                var claims = (await Grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims.Count(c => c.Lightpath == Key(id));
                Assert.Equal(restored.ReservedFibers.Contains(fiber) ? 1 : 0, claims);
            }
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task WorkingLegCut_WithARevertivePolicy_TheSwitchesReturnToTheRestoredWorkingLegAfterTheirWaitToRestore()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore-revertive", protection: "1+1"));
        Assert.Equal(LightpathState.Active, created.State);
        var destination = created.DestinationInterface!.Value;

        // The pair's switches are configured revertive with the server's wait-to-restore (1 s in this fixture).
        Assert.Equal("true", await ApsLeafAsync("T3", destination, "revertive"));
        Assert.Equal("1000", await ApsLeafAsync("T3", destination, "wait-to-restore-time"));
        Assert.Equal("0", await ApsLeafAsync("T3", destination, "hold-off-time"));

        var cut = new FiberId("R2-R3");
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);
            await Eventually.MatchAsync(grain.Get, v => v.Protection?.ActiveAtDestination == ProtectionLeg.Protection, Deadline, "the destination switch on the protection leg");

            // The working leg is restored via R5; once it has carried light for the wait-to-restore time, the device's
            // switch returns to it on its own.
            await Eventually.MatchAsync(grain.Get, v => v.Nodes.SequenceEqual(["R1", "R5", "R3"]), Deadline, "the working leg restored via R5");
            await Eventually.MatchAsync(
                () => Task.FromResult(fixture.Emulator.Emulator.ActivePath("T3", destination)),
                p => p == "openconfig-transport-line-protection:PRIMARY",
                Deadline,
                "the destination switch back on the working leg");
            // No fibre event tells the controller: it reads the switches again once the wait-to-restore has passed.
            var reverted = await Eventually.MatchAsync(grain.Get, v => v.Protection?.ActiveAtDestination == ProtectionLeg.Working, Deadline, "the controller reading the switch back on the working leg");
            Assert.Contains(reverted.History, e => e.Reason!.Contains("wait-to-restore elapsed", StringComparison.Ordinal));
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task ManualSwitch_HoldsBothEndsOnTheAskedLeg_AndIsRefusedOntoALegThatIsDown()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", protection: "1+1"));
        Assert.Equal(LightpathState.Active, created.State);

        var toProtection = await grain.SwitchProtection(ProtectionForce.Protection);
        Assert.Null(toProtection.Outcome);
        Assert.Equal(ProtectionForce.Protection, toProtection.Lightpath.Protection!.Force);
        Assert.Equal("SECONDARY", fixture.Emulator.Emulator.ForcedPath("T1", created.SourceInterface!.Value));
        Assert.Equal("SECONDARY", fixture.Emulator.Emulator.ForcedPath("T3", created.DestinationInterface!.Value));
        Assert.Equal(ProtectionLeg.Protection, toProtection.Lightpath.Protection.ActiveAtSource);
        Assert.Equal(ProtectionLeg.Protection, toProtection.Lightpath.Protection.ActiveAtDestination);
        Assert.Contains(toProtection.Lightpath.History, e => e.Reason == "manual switch: both ends held on the protection leg");

        var back = await grain.SwitchProtection(ProtectionForce.Working);
        Assert.Null(back.Outcome);
        Assert.Equal(ProtectionLeg.Working, back.Lightpath.Protection!.ActiveAtDestination);
        Assert.Equal("PRIMARY", fixture.Emulator.Emulator.ForcedPath("T3", created.DestinationInterface!.Value));

        var cut = new FiberId("R1-R4");
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);
            await Eventually.MatchAsync(grain.Get, v => v.Protection?.ProtectionDown == true, Deadline, "the protection leg reported down");
            var refused = await grain.SwitchProtection(ProtectionForce.Protection);
            Assert.Equal("LegDown", refused.Outcome);
            Assert.Equal("PRIMARY", fixture.Emulator.Emulator.ForcedPath("T1", created.SourceInterface!.Value));
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        var auto = await grain.SwitchProtection(ProtectionForce.Auto);
        Assert.Null(auto.Outcome);
        Assert.Equal("NONE", fixture.Emulator.Emulator.ForcedPath("T1", created.SourceInterface!.Value));
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task SwitchOnAnUnprotectedLightpath_IsRefused()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        Assert.Equal(LightpathState.Active, (await grain.Create(fixture.Order(id, Tenant, "S1", "S3"))).State);
        var refused = await grain.SwitchProtection(ProtectionForce.Protection);
        Assert.Equal("NotProtected", refused.Outcome);
        Assert.Null(refused.Lightpath.Protection);
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task WorkingLegCut_WithoutARestorationPolicy_StaysActiveOnTheProtectionLegUnprotected()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", protection: "1+1"));
        var cut = new FiberId("R1-R2");
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);
            var switched = await Eventually.MatchAsync(grain.Get, v => v.Protection is { WorkingDown: true, ActiveAtDestination: ProtectionLeg.Protection }, Deadline, "switched with the working leg down");
            Assert.Equal(LightpathState.Active, switched.State);
            Assert.Equal(created.Fibers.ToArray(), switched.Fibers.ToArray());
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        var repaired = await Eventually.MatchAsync(grain.Get, v => v.Protection is { WorkingDown: false }, Deadline, "the working leg repaired");
        Assert.Equal(LightpathState.Active, repaired.State);
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task WorkingLegCut_WithNoThirdRoute_RunsOnTheProtectionLegAndReportsWhyItIsNotRestored()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore", protection: "1+1"));
        Assert.Equal(LightpathState.Active, created.State);
        FiberId[] cuts = [new("R5-R3"), new("R2-R3")]; // the third route first, then the working leg
        try
        {
            foreach (var cut in cuts)
            {
                fixture.Emulator.Emulator.CutFiber(cut);
            }

            var stuck = await Eventually.MatchAsync(grain.Get, v => v.RestorationFailure is not null, Deadline, "a restoration failure reported");
            Assert.Equal(LightpathState.Active, stuck.State);
            Assert.Equal(created.Fibers.ToArray(), stuck.Fibers.ToArray());
            Assert.Contains("working leg not restorable", stuck.RestorationFailure, StringComparison.Ordinal);
            Assert.True(stuck.Protection!.WorkingDown);
        }
        finally
        {
            foreach (var cut in cuts)
            {
                fixture.Emulator.Emulator.RepairFiber(cut);
            }
        }

        await Eventually.MatchAsync(grain.Get, v => v.RestorationFailure is null && v.Protection is { WorkingDown: false }, Deadline, "the failure cleared by the repair");
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task BothLegsCut_TheServiceGoesDegraded_AndRecoversOnRepair()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        Assert.Equal(LightpathState.Active, (await grain.Create(fixture.Order(id, Tenant, "S1", "S3", protection: "1+1"))).State);
        FiberId[] cuts = [new("R2-R3"), new("R4-R3")];
        try
        {
            foreach (var cut in cuts)
            {
                fixture.Emulator.Emulator.CutFiber(cut);
            }

            var down = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Degraded, Deadline, "Degraded with both legs down");
            Assert.True(down.Protection is { WorkingDown: true, ProtectionDown: true });
        }
        finally
        {
            foreach (var cut in cuts)
            {
                fixture.Emulator.Emulator.RepairFiber(cut);
            }
        }

        await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active, Deadline, "Active again after the repair");
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task TransitRoadmUnreachable_OnTheWorkingLeg_SwitchesToProtectionAndRestoresTheWorkingLegAroundIt()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore", protection: "1+1"));
        Assert.Equal(LightpathState.Active, created.State);
        Assert.Equal(["R1", "R2", "R3"], created.Nodes.ToArray());
        var destination = created.DestinationInterface!.Value;
        var emulator = fixture.Emulator.Emulator;
        emulator.MakeUnreachable("R2");
        try
        {
            // Light still passes R2 (only its management is lost), so the devices would not switch by themselves: the
            // controller switches both ends onto the protection leg and records why.
            var switched = await Eventually.MatchAsync(grain.Get, v => v.Protection?.ActiveAtDestination == ProtectionLeg.Protection, Deadline, "the destination switch on the protection leg");
            Assert.Contains(switched.History, e => e.Reason!.Contains("switched off the working leg", StringComparison.Ordinal) && e.Reason.Contains("R2", StringComparison.Ordinal));

            // The working leg is restored around R2 (via R5), the protection leg untouched, the service never down.
            var restored = await Eventually.MatchAsync(grain.Get, v => v.Nodes.SequenceEqual(["R1", "R5", "R3"]), Deadline, "the working leg restored via R5");
            Assert.Equal(LightpathState.Active, restored.State);
            Assert.Equal(created.Protection!.Fibers.ToArray(), restored.Protection!.Fibers.ToArray());
            Assert.Contains(restored.History, e => e.Reason!.Contains("working leg moved", StringComparison.Ordinal));
            Assert.DoesNotContain(restored.History, e => e.To is LightpathState.Restoring or LightpathState.Degraded);
            Assert.True(await CarriesAsync("R5", WorkingIndex(id)));
            Assert.True(await CarriesAsync("R4", ProtectionIndex(id)));
            Assert.Equal("NONE", emulator.ForcedPath("T3", destination)); // the forced switch was released
            Assert.Equal("openconfig-transport-line-protection:SECONDARY", emulator.ActivePath("T3", destination));

            // R2 could not be told: it still holds the old working leg's channel, whose claims stay held meanwhile.
            Assert.NotNull(emulator.ReadJson("R2", $"/wavelength-router/media-channels/channel[index={WorkingIndex(id)}]"));
            Assert.Contains((await Grains.GetGrain<IFiberGrain>("R1-R2").GetSpectrum()).Claims, c => c.Lightpath == Key(id));
        }
        finally
        {
            emulator.MakeReachable("R2");
        }

        // Back: the stale channel is cleared from R2 and its claims released; the live legs untouched.
        var clean = await Eventually.MatchAsync(grain.Get, v => v.History.Any(e => e.Reason!.StartsWith("the stale working leg's media channels removed", StringComparison.Ordinal)), Deadline, "the stale leg cleared once R2 answers");
        Assert.Null(emulator.ReadJson("R2", $"/wavelength-router/media-channels/channel[index={WorkingIndex(id)}]"));
        Assert.DoesNotContain((await Grains.GetGrain<IFiberGrain>("R1-R2").GetSpectrum()).Claims, c => c.Lightpath == Key(id));
        Assert.Equal(["R1", "R5", "R3"], clean.Nodes.ToArray());
        Assert.True(await CarriesAsync("R5", WorkingIndex(id)));
        Assert.True(await CarriesAsync("R1", WorkingIndex(id)));
        Assert.Equal(LightpathState.Active, clean.State);

        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task ManualSwitch_OntoALegThroughAnUnreachableRoadm_IsRefused()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", protection: "1+1")); // no restoration: the legs stay
        Assert.Equal(["R1", "R4", "R3"], created.Protection!.Nodes.ToArray());
        var emulator = fixture.Emulator.Emulator;
        emulator.MakeUnreachable("R4");
        try
        {
            // Until the report reaches the lightpath the switch is taken: cleared again each time, until it is refused.
            var refused = await Eventually.MatchAsync(
                async () =>
                {
                    var outcome = await grain.SwitchProtection(ProtectionForce.Protection);
                    if (outcome.Outcome is null)
                    {
                        Assert.Null((await grain.SwitchProtection(ProtectionForce.Auto)).Outcome);
                    }

                    return outcome;
                },
                r => r.Outcome == "LegDown",
                Deadline,
                "the switch refused once R4 is reported unreachable");
            Assert.Contains("unreachable ROADM", refused.Detail, StringComparison.Ordinal);
            Assert.Equal("NONE", emulator.ForcedPath("T1", created.SourceInterface!.Value));
        }
        finally
        {
            emulator.MakeReachable("R4");
        }

        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task WorkingLegCut_Revertive_TheRestoredLegReturnsHomeAfterWaitToRestore_WhileANonRevertiveOneStays()
    {
        var revertiveId = NewId();
        var stayId = NewId();
        var revertive = Grains.Lightpath(Tenant, revertiveId);
        var stay = Grains.Lightpath(Tenant, stayId);
        var created = await revertive.Create(fixture.Order(revertiveId, Tenant, "S1", "S3", restoration: "restore-revertive", protection: "1+1"));
        var stayCreated = await stay.Create(fixture.Order(stayId, Tenant, "S1", "S3", restoration: "restore", protection: "1+1"));
        Assert.Equal(LightpathState.Active, created.State);
        Assert.Equal(LightpathState.Active, stayCreated.State);
        var cut = new FiberId("R2-R3");
        DateTimeOffset repairedAt;
        fixture.Emulator.Emulator.CutFiber(cut);
        try
        {
            var restored = await Eventually.MatchAsync(revertive.Get, v => v.Nodes.SequenceEqual(["R1", "R5", "R3"]), Deadline, "the revertive pair's working leg restored via R5");
            Assert.Equal(created.Fibers.ToArray(), restored.HomeFibers.ToArray()); // it remembers where it came from
            var stayRestored = await Eventually.MatchAsync(stay.Get, v => v.Nodes.SequenceEqual(["R1", "R5", "R3"]), Deadline, "the non-revertive pair's working leg restored via R5");
            Assert.Empty(stayRestored.HomeFibers); // nothing to return to
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
            repairedAt = DateTimeOffset.UtcNow;
        }

        // Back home once the repair has held for the controller's wait-to-restore, make-before-break: the switches are
        // held on the protection leg while the working leg moves, so the service never goes down.
        var home = await Eventually.MatchAsync(revertive.Get, v => v.Nodes.SequenceEqual(["R1", "R2", "R3"]), Deadline, "the working leg back on its home route");
        var revert = home.History.Last(e => e.Reason!.StartsWith("revert: working leg back on its home route", StringComparison.Ordinal));
        Assert.True(revert.At - repairedAt >= ProtectionClusterFixture.WaitToRestore - TimeSpan.FromMilliseconds(250), $"reverted {revert.At - repairedAt} after the repair, before wait-to-restore");
        Assert.Equal(LightpathState.Active, home.State);
        Assert.DoesNotContain(home.History, e => e.To is LightpathState.Restoring or LightpathState.Degraded);
        Assert.Empty(home.HomeFibers);
        Assert.Equal(created.Protection!.Fibers.ToArray(), home.Protection!.Fibers.ToArray());
        Assert.Equal(created.SlotStart, home.SlotStart);
        Assert.True(await CarriesAsync("R2", WorkingIndex(revertiveId)));
        Assert.False(await CarriesAsync("R5", WorkingIndex(revertiveId)));
        Assert.Equal("NONE", fixture.Emulator.Emulator.ForcedPath("T3", created.DestinationInterface!.Value)); // the hold was released
        foreach (var fiber in home.ReservedFibers.Union(["R1-R5", "R5-R1", "R5-R3", "R3-R5"]))
        {
            var claims = (await Grains.GetGrain<IFiberGrain>(fiber).GetSpectrum()).Claims.Count(c => c.Lightpath == Key(revertiveId));
            Assert.Equal(home.ReservedFibers.Contains(fiber) ? 1 : 0, claims);
        }

        // The non-revertive pair had the same repair for longer than the wait-to-restore: it stayed on its new route.
        var stayed = await stay.Get();
        Assert.Equal(["R1", "R5", "R3"], stayed.Nodes.ToArray());
        Assert.DoesNotContain(stayed.History, e => e.Reason!.StartsWith("revert", StringComparison.Ordinal));

        Assert.Equal(LightpathState.Deleted, (await revertive.Delete()).State);
        Assert.Equal(LightpathState.Deleted, (await stay.Delete()).State);
    }

    [Fact]
    public async Task RestoredRevertiveLightpath_IsNotKeptInMemoryWhileItsHomeIsDown_AndAReminderBringsItBackAfterTheRepair()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", restoration: "restore-revertive"));
        Assert.Equal(["R1", "R2", "R3"], created.Nodes.ToArray());
        var cut = new FiberId("R2-R3");
        var management = Grains.GetGrain<IManagementGrain>(0);
        var grainId = grain.GetGrainId();
        DateTimeOffset repairedAt;
        fixture.Emulator.Emulator.CutFiber(cut);
        try
        {
            var restored = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active && v.Nodes.SequenceEqual(["R1", "R4", "R3"]), Deadline, "restored via R4");
            Assert.Equal(created.Fibers.ToArray(), restored.HomeFibers.ToArray());

            // Its revert watch is a durable reminder...
            var reminders = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
            Assert.NotNull(await Eventually.MatchAsync(() => reminders.ReadRow(grainId, "revert-home"), r => r is not null, Deadline, "the revert reminder registered"));

            // ...and nothing keeps the grain in memory while the home route is down: idle for a second (no timer ticks
            // every 100 ms as a revert check), it is collected.
            await Eventually.MatchAsync(
                async () =>
                {
                    await management.ForceActivationCollection(TimeSpan.FromSeconds(1));
                    return (await management.GetDetailedGrainStatistics([typeof(LightpathGrain).FullName!])).Any(s => s.GrainId == grainId);
                },
                active => !active,
                Deadline,
                "the idle lightpath grain collected");
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
            repairedAt = DateTimeOffset.UtcNow;
        }

        // The reminder reactivates it; once the repair has held for wait-to-restore it returns home and drops the reminder.
        var home = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active && v.Fibers.SequenceEqual(created.Fibers), Deadline, "back on the home path");
        var revert = home.History.Last(e => e.To == LightpathState.Restoring);
        Assert.StartsWith("revert", revert.Reason, StringComparison.Ordinal);
        Assert.True(revert.At - repairedAt >= ProtectionClusterFixture.WaitToRestore - TimeSpan.FromMilliseconds(250), $"reverted {revert.At - repairedAt} after the repair, before wait-to-restore");
        Assert.Empty(home.HomeFibers);
        var table = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        await Eventually.MatchAsync(() => table.ReadRow(grainId, "revert-home"), r => r is null, Deadline, "the revert reminder removed");
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task VendorBTransponder_ItsApsModuleIsConfiguredReadAndSwitchedInItsOwnNames()
    {
        var id = NewId();
        var grain = Grains.Lightpath(Tenant, id);
        var created = await grain.Create(fixture.Order(id, Tenant, "S1", "S3", protection: "1+1"));
        Assert.True(created.State == LightpathState.Active, $"{created.State}: {created.FailureReason}");
        var destination = created.DestinationInterface!.Value;

        // T3 (vendor-b) lists its protection cards and APS modules as OLP-1-i, never APS-i (the default profile's name,
        // which T1 keeps); the controller configured the module under that name.
        var client = fixture.Devices.ClientFor(new NodeId(ProtectionClusterFixture.VendorB));
        var module = $"OLP-1-{destination}";
        Assert.Equal(module, ProtectionClusterFixture.ApsModule("T3", destination));
        Assert.Equal("APS-" + created.SourceInterface, ProtectionClusterFixture.ApsModule("T1", created.SourceInterface!.Value));
        var components = string.Concat(await client.GetJsonAsync("/components", GetRequest.Types.DataType.State));
        Assert.Contains($"\"{module}\"", components, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"APS-{destination}\"", components, StringComparison.Ordinal);
        var modules = string.Concat(await client.GetJsonAsync("/aps/aps-modules", GetRequest.Types.DataType.Config));
        Assert.Contains($"\"{module}\"", modules, StringComparison.Ordinal);
        Assert.DoesNotContain("\"APS-", modules, StringComparison.Ordinal);

        // A loss of light on the working leg: the vendor-b device switches and the controller reads it there.
        var cut = new FiberId("R1-R2");
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);
            var switched = await Eventually.MatchAsync(grain.Get, v => v.Protection?.ActiveAtDestination == ProtectionLeg.Protection, Deadline, "the vendor-b switch read on the protection leg");
            Assert.Equal(LightpathState.Active, switched.State);
            Assert.Equal("openconfig-transport-line-protection:SECONDARY", fixture.Emulator.Emulator.ActivePath("T3", destination));
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        // A manual switch (once the repair is known) is written to OLP-1-i too.
        await Eventually.MatchAsync(grain.Get, v => v.Protection is { WorkingDown: false }, Deadline, "the working leg repaired");
        Assert.Null((await grain.SwitchProtection(ProtectionForce.Working)).Outcome);
        Assert.Equal("PRIMARY", fixture.Emulator.Emulator.ForcedPath("T3", destination));
        Assert.Equal(ProtectionLeg.Working, (await grain.ReadProtection()).Protection!.ActiveAtDestination);
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
        Assert.Null(fixture.Emulator.Emulator.ForcedPath("T3", destination)); // the module was removed with the lightpath
    }

    private static string Key(string id) => LightpathGrains.KeyOf(Tenant, id);

    private static uint WorkingIndex(string id) => PathTopology.MediaChannelIndex(new LightpathId(Key(id)));

    private static uint ProtectionIndex(string id) => PathTopology.ProtectionMediaChannelIndex(new LightpathId(Key(id)));

    /// <summary>A config leaf of a transponder's APS module as the device holds it (read over gNMI), without JSON quotes.</summary>
    private async Task<string> ApsLeafAsync(string transponder, int @interface, string leaf)
    {
        var path = $"{RenderPlanBuilder.ApsModulePath(ProtectionClusterFixture.ApsModule(transponder, @interface))}/config/{leaf}";
        var values = await fixture.Devices.ClientFor(new NodeId(transponder)).GetJsonAsync(path, GetRequest.Types.DataType.Config);
        var value = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(values))!;
        return value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString();
    }

    private async Task<bool> CarriesAsync(string roadm, uint index)
    {
        try
        {
            await fixture.Devices.ClientFor(new NodeId(roadm)).GetJsonAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config);
            return true;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }
}
