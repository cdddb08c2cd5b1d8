using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;

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
            // switch returns to it on its own, and the controller reads it there.
            await Eventually.MatchAsync(grain.Get, v => v.Nodes.SequenceEqual(["R1", "R5", "R3"]), Deadline, "the working leg restored via R5");
            await Eventually.MatchAsync(
                () => Task.FromResult(fixture.Emulator.Emulator.ActivePath("T3", destination)),
                p => p == "openconfig-transport-line-protection:PRIMARY",
                Deadline,
                "the destination switch back on the working leg");
            var read = await grain.ReadProtection();
            Assert.Equal(ProtectionLeg.Working, read.Protection!.ActiveAtDestination);
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

    private static string Key(string id) => LightpathGrains.KeyOf(Tenant, id);

    private static uint WorkingIndex(string id) => PathTopology.MediaChannelIndex(new LightpathId(Key(id)));

    private static uint ProtectionIndex(string id) => PathTopology.ProtectionMediaChannelIndex(new LightpathId(Key(id)));

    /// <summary>A config leaf of a transponder's APS module as the device holds it (read over gNMI), without JSON quotes.</summary>
    private async Task<string> ApsLeafAsync(string transponder, int @interface, string leaf)
    {
        var path = $"{RenderPlanBuilder.ApsModulePath(Continuum.Pce.DeviceEmulator.DeviceEmulator.ProtectionComponent(@interface))}/config/{leaf}";
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
