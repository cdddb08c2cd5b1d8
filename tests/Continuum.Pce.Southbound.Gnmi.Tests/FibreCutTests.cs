using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Models;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>An emulator of its own: fibre cuts change shared light state.</summary>
public sealed class FibreCutFixture : IAsyncLifetime
{
    public DeviceEmulatorHost Host { get; private set; } = null!;

    public GnmiDeviceDirectory Directory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await DeviceEmulatorHost.StartAsync(Intents.Network, new DeviceEmulatorOptions { ControlPort = 0 });
        Directory = new GnmiDeviceDirectory(id => new GnmiDeviceOptions { Address = Host.Address, Target = id.Value, UseTls = false });
    }

    public async Task DisposeAsync()
    {
        await Directory.DisposeAsync();
        await Host.DisposeAsync();
    }
}

public sealed class FibreCutTests : IClassFixture<FibreCutFixture>
{
    private readonly FibreCutFixture _fixture;

    public FibreCutTests(FibreCutFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task FibreCut_OnALitPath_StreamsLossOfSignalOnDownstreamDevicesWithinTwoSeconds()
    {
        var intent = Intents.AcrossFourRoadms("lp-cut", 1, 8, 10);
        var renderer = new GnmiRenderer(_fixture.Directory);
        Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(intent, CancellationToken.None));
        var receiver = _fixture.Directory.ClientFor(new NodeId("T4"));
        var osnr = OpticalChannelConfigState(await receiver.GetJsonAsync("/components/component[name=OCH-1]/optical-channel/state", GetRequest.Types.DataType.State));
        Assert.True(osnr > 10, $"a lit channel reports OSNR, got {osnr}");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var transponderList = new SubscriptionList
        {
            Subscription =
            {
                new Subscription { Path = GnmiPaths.Parse("/components/component[name=OCH-1]/optical-channel/state/input-power/instant"), Mode = SubscriptionMode.OnChange },
                new Subscription { Path = GnmiPaths.Parse("/components/component[name=OCH-1]/state/oper-status"), Mode = SubscriptionMode.OnChange },
            },
        };
        var roadmList = new SubscriptionList
        {
            Subscription = { new Subscription { Path = GnmiPaths.Parse("/wavelength-router/media-channels/channel/state/oper-status"), Mode = SubscriptionMode.OnChange } },
        };
        await using var t4 = receiver.SubscribeStreamAsync(transponderList, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        await using var r4 = _fixture.Directory.ClientFor(new NodeId("R4")).SubscribeStreamAsync(roadmList, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        await Wait.ForAsync(t4, r => r.SyncResponse, TimeSpan.FromSeconds(5));
        await Wait.ForAsync(r4, r => r.SyncResponse, TimeSpan.FromSeconds(5));

        using (var http = new HttpClient())
        {
            var response = await http.PostAsync($"http://127.0.0.1:{_fixture.Host.ControlPort}/fibers/R2-R3/cut", null);
            Assert.True(response.IsSuccessStatusCode);
        }

        try
        {
            var los = await Wait.ForAsync(t4, r => r.Update?.Update.Any(u => u.Path.Elem[^1].Name == "oper-status" && GnmiValues.ToJson(u.Val).Contains("INACTIVE", StringComparison.Ordinal)) == true, TimeSpan.FromSeconds(2));
            var power = los.Update.Update.Single(u => u.Path.Elem[^1].Name == "instant");
            Assert.Equal("\"-40.00\"", GnmiValues.ToJson(power.Val));
            var down = await Wait.ForAsync(r4, r => r.Update?.Update.Any(u => GnmiValues.ToJson(u.Val) == "\"DOWN\"") == true, TimeSpan.FromSeconds(2));
            Assert.Contains(down.Update.Update, u => u.Path.Elem[2].Key["index"] == "10");

            // R3's channel monitor on the line input facing R2 sees the channel go dark.
            var monitor = _fixture.Host.Emulator.ReadJson("R3", "/channel-monitors/channel-monitor[name=OCM-DEG1]/channels/channel[lower-frequency=193112500][upper-frequency=193187500]/state/power");
            Assert.Equal("\"-40.00\"", monitor);

            // Upstream of the cut the A→Z light still flows.
            var r2 = WavelengthRouterMediaChannelsChannel.FromJson((await _fixture.Directory.ClientFor(new NodeId("R2")).GetJsonAsync(RenderPlanBuilder.MediaChannelPath(10), GetRequest.Types.DataType.State)).Single());
            Assert.Equal(OperStatus.Up, r2.State!.OperStatus);
        }
        finally
        {
            _fixture.Host.Emulator.RepairFiber(new FiberId("R2-R3"));
        }

        var restored = await Wait.ForAsync(t4, r => r.Update?.Update.Any(u => u.Path.Elem[^1].Name == "oper-status" && GnmiValues.ToJson(u.Val).Contains("ACTIVE\"", StringComparison.Ordinal) && !GnmiValues.ToJson(u.Val).Contains("INACTIVE", StringComparison.Ordinal)) == true, TimeSpan.FromSeconds(2));
        Assert.NotNull(restored);
        await renderer.DeleteAsync(intent, CancellationToken.None);
    }

    [Fact]
    public void FibreCut_AmplifierOnTheCutFibre_ReportsLossOfInputPowerUntilRepaired()
    {
        _fixture.Host.Emulator.CutFiber(new FiberId("R1-R2"));
        try
        {
            var json = _fixture.Host.Emulator.ReadJson("A1-2", "/optical-amplifier/amplifiers/amplifier[name=AMP-1]/state/input-power-total");

            Assert.Contains("-40.00", json, StringComparison.Ordinal);
            _fixture.Host.Emulator.RepairFiber(new FiberId("R1-R2"));
            var repaired = _fixture.Host.Emulator.ReadJson("A1-2", "/optical-amplifier/amplifiers/amplifier[name=AMP-1]/state/input-power-total");
            Assert.DoesNotContain("-40.00", repaired, StringComparison.Ordinal);
        }
        finally
        {
            _fixture.Host.Emulator.RepairFiber(new FiberId("R1-R2"));
        }
    }

    [Fact]
    public async Task TelemetrySource_DeletedLightpath_ReportsItsMediaChannelsRemovedFromTheRoadm()
    {
        var intent = Intents.AcrossFourRoadms("lp-gone", 6, -100, 1200);
        var renderer = new GnmiRenderer(_fixture.Directory);
        var source = new GnmiTelemetrySource(_fixture.Directory);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var samples = source.WatchAsync(new NodeId("R2"), cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(intent, CancellationToken.None));
        await Wait.ForAsync(samples, s => s is TelemetrySample.MediaChannelStatus { Index: 1201, Up: true }, TimeSpan.FromSeconds(5));

        Assert.IsType<RenderResult.Succeeded>(await renderer.DeleteAsync(intent, CancellationToken.None));

        var removed = new HashSet<uint>();
        await Wait.ForAsync(samples, s => s is TelemetrySample.MediaChannelRemoved r && removed.Add(r.Index) && removed.SetEquals([1200u, 1201u]), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task TelemetrySource_AfterTheInitialSnapshot_ReportsSynchronisedWithEveryMediaChannelOfTheRoadm()
    {
        var intent = Intents.AcrossFourRoadms("lp-sync", 7, -84, 1300);
        var renderer = new GnmiRenderer(_fixture.Directory);
        Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(intent, CancellationToken.None));
        try
        {
            // A state read brings the channels' derived state up to date before the subscription's snapshot.
            await _fixture.Directory.ClientFor(new NodeId("R3")).GetJsonAsync(RenderPlanBuilder.MediaChannelPath(1300), GetRequest.Types.DataType.State);
            var source = new GnmiTelemetrySource(_fixture.Directory);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await using var samples = source.WatchAsync(new NodeId("R3"), cts.Token).GetAsyncEnumerator(cts.Token);

            var synchronised = (TelemetrySample.Synchronised)await Wait.ForAsync(samples, s => s is TelemetrySample.Synchronised, TimeSpan.FromSeconds(5));

            Assert.Contains(1300u, synchronised.MediaChannels);
            Assert.Contains(1301u, synchronised.MediaChannels);
        }
        finally
        {
            await renderer.DeleteAsync(intent, CancellationToken.None);
        }
    }

    [Fact]
    public async Task TelemetrySource_FibreCut_ReportsOsnrThenLossOfSignalAsDomainSamples()
    {
        var intent = Intents.AcrossFourRoadms("lp-telemetry", 2, 24, 20);
        var renderer = new GnmiRenderer(_fixture.Directory);
        var source = new GnmiTelemetrySource(_fixture.Directory);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var samples = source.WatchAsync(new NodeId("T4"), cts.Token).GetAsyncEnumerator(cts.Token);
        await Wait.ForAsync(samples, s => s is TelemetrySample.ComponentStatus { Component: "OCH-2", Active: false }, TimeSpan.FromSeconds(5));

        Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(intent, CancellationToken.None));
        var lit = (TelemetrySample.OpticalChannel)await Wait.ForAsync(samples, s => s is TelemetrySample.OpticalChannel { Component: "OCH-2", OsnrDb: > 10 }, TimeSpan.FromSeconds(2));
        _fixture.Host.Emulator.CutFiber(new FiberId("R3-R4"));
        try
        {
            await Wait.ForAsync(samples, s => s is TelemetrySample.ComponentStatus { Component: "OCH-2", Active: false }, TimeSpan.FromSeconds(2));

            Assert.Equal(-2.0, lit.OutputPowerDbm);
        }
        finally
        {
            _fixture.Host.Emulator.RepairFiber(new FiberId("R3-R4"));
            await renderer.DeleteAsync(intent, CancellationToken.None);
        }
    }

    private static double OpticalChannelConfigState(IReadOnlyList<string> json) =>
        (double)ComponentsComponentOpticalChannelState.FromJson(json.Single()).Osnr!.Instant!.Value;
}
