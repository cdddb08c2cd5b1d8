using System.Globalization;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
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
/// Issue 6 proof through the grains: lightpaths rendered by the gNMI renderer onto the emulator, telemetry streamed back
/// into node, fibre and lightpath grains. The tests of this class share one emulator and run one after the other; each
/// leaves the network as it found it (fibres repaired, lightpaths deleted).
/// </summary>
[Collection(GnmiClusterCollection.Name)]
public sealed class GnmiLightpathTests(GnmiClusterFixture fixture)
{
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    private static string NewId() => "lp-" + Guid.NewGuid().ToString("N")[..10];

    private LightpathOrder Order(string id) => fixture.Order(id, "tenant-a", "S1", "S4");

    [Fact]
    public async Task Create_ThroughGnmi_EndsActiveWithEveryDeviceHoldingTheConfigurationAndTelemetryOnTheViews()
    {
        var id = NewId();
        var grain = _grains.Lightpath("tenant-a", id);

        var view = await grain.Create(Order(id));

        try
        {
            Assert.Equal(LightpathState.Active, view.State);
            Assert.Equal(GnmiClusterFixture.Roadms, view.Nodes.ToArray());
            var spectrum = ChannelSpectrum.FromSlots(GnmiClusterFixture.Snapshot.Network.Grid, new SlotRange(view.SlotStart!.Value, view.SlotCount!.Value));
            var index = PathTopology.MediaChannelIndex(new LightpathId(LightpathGrains.KeyOf("tenant-a", id)));
            foreach (var roadm in GnmiClusterFixture.Roadms)
            {
                var json = await fixture.Devices.ClientFor(new NodeId(roadm)).GetJsonAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config);
                var channel = WavelengthRouterMediaChannelsChannel.FromJson(json.Single());
                Assert.Equal(((ulong)spectrum.Lower.Mhz, (ulong)spectrum.Upper.Mhz), (channel.Config!.LowerFrequency!.Value, channel.Config.UpperFrequency!.Value));
            }

            foreach (var transponder in new[] { "T1", "T4" })
            {
                var frequencies = await fixture.Devices.ClientFor(new NodeId(transponder)).GetJsonAsync("/components/component[name=*]/optical-channel/config/frequency", GetRequest.Types.DataType.Config);
                Assert.Contains($"\"{spectrum.Centre.Mhz.ToString(CultureInfo.InvariantCulture)}\"", frequencies);
            }

            // Telemetry: the receivers' OSNR reaches the lightpath and the transponder's node view.
            var measured = await Eventually.MatchAsync(grain.Get, v => v.MeasuredOsnrDb is not null, TwoSeconds, "measured OSNR on the lightpath");
            Assert.InRange(measured.MeasuredOsnrDb!.Value, 15, 40);
            Assert.True(measured.MeasuredOsnrDb >= measured.GsnrDb, $"measured {measured.MeasuredOsnrDb} dB at the actual load is at least the planned {measured.GsnrDb} dB at full load");
            var t4 = await Eventually.MatchAsync(
                () => _grains.GetGrain<IOpticalNodeGrain>("T4").GetStatus(),
                s => s.Components.Any(c => c.Active == true && c.OsnrDb > 15),
                TwoSeconds,
                "a lit optical channel on T4's view");
            Assert.Equal("transponder", t4.Kind);
            var r2 = _grains.GetGrain<IOpticalNodeGrain>("R2");
            await Eventually.MatchAsync(r2.GetStatus, s => s.MediaChannels.Any(m => m.Index == index && m.Up), TwoSeconds, "the media channel UP on R2's view");

            // Deleted, its media channels leave the ROADM's view (indices are per lightpath: kept, they would pile up).
            Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
            await Eventually.MatchAsync(r2.GetStatus, s => s.MediaChannels.All(m => m.Index != index && m.Index != index + 1), TwoSeconds, "no media channel of the deleted lightpath on R2's view");
        }
        finally
        {
            await grain.Delete();
        }
    }

    [Fact]
    public async Task NodeView_AfterASynchronisedSnapshot_DropsMediaChannelsTheDeviceNoLongerHas()
    {
        var r1 = _grains.GetGrain<IOpticalNodeGrain>("R1");
        var at = DateTimeOffset.UtcNow;
        await r1.ReportTelemetry(new DeviceTelemetry(TelemetryKinds.MediaChannel, "media-channel 77", at) { MediaChannelIndex = 77, Active = true });
        await r1.ReportTelemetry(new DeviceTelemetry(TelemetryKinds.MediaChannel, "media-channel 79", at) { MediaChannelIndex = 79, Active = true });

        await r1.ReportTelemetry(new DeviceTelemetry(TelemetryKinds.Synchronised, "", at) { MediaChannels = [79] });

        var indices = (await r1.GetStatus()).MediaChannels.Select(m => m.Index).ToList();
        Assert.DoesNotContain(77u, indices);
        Assert.Contains(79u, indices);
        await r1.ReportTelemetry(new DeviceTelemetry(TelemetryKinds.MediaChannelRemoved, "media-channel 79", at) { MediaChannelIndex = 79 });
    }

    [Fact]
    public async Task FibreCut_InTheEmulator_DegradesTheLightpathAndMarksTheFibreDownWithinTwoSecondsAndRepairRecovers()
    {
        var id = NewId();
        var grain = _grains.Lightpath("tenant-a", id);
        var created = await grain.Create(Order(id));
        Assert.Equal(LightpathState.Active, created.State);
        await Eventually.MatchAsync(grain.Get, v => v.MeasuredOsnrDb is not null, TwoSeconds, "telemetry flowing");
        var cut = new FiberId("R2-R3");
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);

            // Loss of light degrades at once, or when the settle window after activation closes (1 s in this fixture).
            var degraded = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Degraded, TwoSeconds, "Degraded after the cut");
            var fibre = await Eventually.MatchAsync(() => _grains.GetGrain<IFiberGrain>(cut.Value).GetSpectrum(), s => !s.IsUp, TwoSeconds, "fibre R2-R3 down");
            Assert.False(fibre.IsUp);
            var reason = degraded.History[^1].Reason!;
            Assert.True(reason.Contains("R2-R3", StringComparison.Ordinal) || reason.Contains("loss of signal", StringComparison.Ordinal), reason);
            var withFibre = await Eventually.MatchAsync(grain.Get, v => v.FibersDown.Contains(cut.Value), TwoSeconds, "the cut fibre on the lightpath's view");
            Assert.Equal(LightpathState.Degraded, withFibre.State);
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        // Recovery waits for the fixture's hold time (GnmiClusterFixture.Health) once the figures are clear again.
        var recovered = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active, TimeSpan.FromSeconds(10), "Active after the repair");
        Assert.StartsWith("recovered", recovered.History[^1].Reason, StringComparison.Ordinal);
        Assert.Empty(recovered.FibersDown);
        Assert.True((await _grains.GetGrain<IFiberGrain>(cut.Value).GetSpectrum()).IsUp);
        await grain.Delete();
    }

    [Fact]
    public async Task OsnrBelowRequirement_ReportedForAReceiver_DegradesWithTheFiguresAndRecovers()
    {
        var id = NewId();
        var grain = _grains.Lightpath("tenant-a", id);
        var created = await grain.Create(Order(id));
        Assert.Equal(LightpathState.Active, created.State);
        try
        {
            // The lightpath's own receiver at T4 (readings of interfaces it does not use are not its health).
            var receiver = (await _grains.GetGrain<IOpticalNodeGrain>("T4").GetStatus()).Interfaces.Single(i => i.Lightpath == LightpathGrains.KeyOf("tenant-a", id)).Interface;
            await Eventually.MatchAsync(grain.Get, v => v.MeasuredOsnrDb is not null, TwoSeconds, "telemetry flowing");
            var low = new ReceiverTelemetry("T4", receiver, DateTimeOffset.UtcNow) { SignalPresent = true, OsnrDb = 9.5 };
            for (var i = 0; i < 3; i++)
            {
                await grain.ReportReceiver(low with { At = DateTimeOffset.UtcNow });
            }

            // Three consecutive low readings, or the persistency time once the settle window closed (1 s each here).
            var degraded = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Degraded, TimeSpan.FromSeconds(10), "Degraded by the low OSNR");
            var degradation = Assert.Single(degraded.History, e => e.To == LightpathState.Degraded);
            Assert.Contains($"OSNR 9.50 dB at T4 interface {receiver} below required", degradation.Reason, StringComparison.Ordinal);
            Assert.Contains("2.00 dB margin", degradation.Reason, StringComparison.Ordinal);

            await grain.ReportReceiver(low with { At = DateTimeOffset.UtcNow, OsnrDb = 35 });

            // Clear above the threshold plus the recovery margin for the hold time.
            await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Active, TimeSpan.FromSeconds(10), "Active after the OSNR recovered");
        }
        finally
        {
            await grain.Delete();
        }
    }

    [Fact]
    public async Task RejectedSet_OnADevice_FailsTheLightpathNamingDevicePathAndStatusAndHoldsNoSpectrum()
    {
        var id = NewId();
        fixture.Emulator.Emulator.RejectNextSet("R3", StatusCode.Aborted);

        var view = await _grains.Lightpath("tenant-a", id).Create(Order(id));

        Assert.Equal(LightpathState.Failed, view.State);
        Assert.Contains("R3", view.FailureReason, StringComparison.Ordinal);
        Assert.Contains("/wavelength-router/media-channels/channel[index=", view.FailureReason, StringComparison.Ordinal);
        Assert.Contains(nameof(StatusCode.Aborted), view.FailureReason, StringComparison.Ordinal);
        foreach (var fiber in view.Fibers)
        {
            var spectrum = await _grains.GetGrain<IFiberGrain>(fiber).GetSpectrum();
            Assert.DoesNotContain(spectrum.Claims, c => c.Lightpath == LightpathGrains.KeyOf("tenant-a", id));
        }

        var index = PathTopology.MediaChannelIndex(new LightpathId(LightpathGrains.KeyOf("tenant-a", id)));
        foreach (var roadm in GnmiClusterFixture.Roadms)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Devices.ClientFor(new NodeId(roadm)).GetJsonAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config));
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
        }
    }
}
