using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Models;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The device-configuration mirror against the emulator over loopback: what it learns, and the Gets it saves the renderer.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ConfigMirrorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly string[] Devices = ["R1", "R2", "R3", "R4", "T1", "T4"];
    private readonly EmulatorFixture _fixture;

    public ConfigMirrorTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Mirror_LearnsAnEntryWrittenByAnotherClient_AndItsRemoval()
    {
        await using var mirror = await SynchronisedMirrorAsync();
        var path = RenderPlanBuilder.MediaChannelPath(3000);
        Assert.True(mirror.IsKnownAbsent(new NodeId("R2"), path));
        var foreign = Intents.AcrossFourRoadms("foreign", 10, 200, 3000);
        var step = new GnmiRenderer(_fixture.Directory).Plan(foreign).Steps.Single(s => s.Device.Value == "R2");

        await _fixture.Client("R2").SetAsync(step.Apply.Clone());
        await Wait.UntilAsync(mirror, () => !mirror.IsKnownAbsent(new NodeId("R2"), path), Patience);
        await _fixture.Client("R2").SetAsync(step.Undo.Clone());
        await Wait.UntilAsync(mirror, () => mirror.IsKnownAbsent(new NodeId("R2"), path), Patience);
    }

    [Fact]
    public async Task Provision_OnSynchronisedDevices_ReadsNothingAndConfiguresEverything()
    {
        await using var mirror = await SynchronisedMirrorAsync();
        var renderer = new GnmiRenderer(_fixture.Directory, mirror: mirror);
        var intent = Intents.AcrossFourRoadms("lp-mirrored", 11, 220, 3100);
        var reads = GetCounts();

        var result = await renderer.ProvisionAsync(intent, CancellationToken.None);

        Assert.IsType<RenderResult.Succeeded>(result);
        Assert.All(result.History, h => Assert.Equal(RenderStepOutcome.Applied, h.Outcome));
        Assert.Equal(reads, GetCounts());
        var json = await _fixture.Client("R3").GetJsonAsync(RenderPlanBuilder.MediaChannelPath(3100), GetRequest.Types.DataType.Config);
        Assert.Equal("lp-mirrored-az", WavelengthRouterMediaChannelsChannel.FromJson(json.Single()).Config!.Name);
        Assert.IsType<RenderResult.Succeeded>(await renderer.DeleteAsync(intent, CancellationToken.None));
        Assert.True(mirror.IsKnownAbsent(new NodeId("R3"), RenderPlanBuilder.MediaChannelPath(3100)));
    }

    [Fact]
    public async Task Provision_IndexAnnouncedByTheDeviceAsAnotherLightpaths_IsReadAndRefused()
    {
        await using var mirror = await SynchronisedMirrorAsync();
        var renderer = new GnmiRenderer(_fixture.Directory, mirror: mirror);
        var owner = Intents.AcrossFourRoadms("lp-mirror-owner", 12, 240, 3200);
        var intruder = Intents.AcrossFourRoadms("lp-mirror-intruder", 16, 260, 3200);
        Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(owner, CancellationToken.None));
        await Wait.UntilAsync(mirror, () => !mirror.IsKnownAbsent(new NodeId("R1"), RenderPlanBuilder.MediaChannelPath(3200)), Patience);

        var result = await renderer.ProvisionAsync(intruder, CancellationToken.None);

        var failed = Assert.IsType<RenderResult.Failed>(result);
        Assert.Equal("R1", failed.Failure.Device.Value);
        Assert.Equal(nameof(StatusCode.AlreadyExists), failed.Failure.Status);
        var json = await _fixture.Client("R1").GetJsonAsync(RenderPlanBuilder.MediaChannelPath(3200), GetRequest.Types.DataType.Config);
        Assert.Equal("lp-mirror-owner-az", WavelengthRouterMediaChannelsChannel.FromJson(json.Single()).Config!.Name);
        Assert.IsType<RenderResult.Succeeded>(await renderer.DeleteAsync(owner, CancellationToken.None));
    }

    [Fact]
    public async Task Provision_DeviceNotYetSynchronised_ComparesWithGets()
    {
        await using var mirror = new GnmiConfigMirror(_fixture.Directory);
        var renderer = new GnmiRenderer(_fixture.Directory, mirror: mirror);
        var intent = Intents.AcrossFourRoadms("lp-unsynchronised", 10, 280, 3300);
        var before = GetCounts();

        // The first use starts the watch; until the device's snapshot arrives every entry is read.
        var result = await renderer.ProvisionAsync(intent, CancellationToken.None);

        Assert.IsType<RenderResult.Succeeded>(result);
        var after = GetCounts();
        Assert.True(Devices.Any(d => after[d] > before[d]), "an unsynchronised device must be read before it is written");
        Assert.IsType<RenderResult.Succeeded>(await renderer.DeleteAsync(intent, CancellationToken.None));
    }

    [Fact]
    public void EntryKey_NamesTheEntryOfALeaf_IgnoringModulePrefixes()
    {
        Assert.Equal(
            "/wavelength-router/media-channels/channel[index=7]",
            GnmiConfigMirror.EntryKey(GnmiPaths.Parse("/openconfig-wavelength-router:wavelength-router/media-channels/channel[index=7]/config/name")));
        Assert.Equal(
            "/components/component[name=OCH-2]/optical-channel/config",
            GnmiConfigMirror.EntryKey(GnmiPaths.Parse("/components/component[name=OCH-2]/optical-channel/config/frequency")));
        Assert.Null(GnmiConfigMirror.EntryKey(GnmiPaths.Parse("/wavelength-router/media-channels")));
        Assert.Null(GnmiConfigMirror.EntryKey(GnmiPaths.Parse("/components/component[name=OCH-2]/state/oper-status")));
    }

    private async Task<GnmiConfigMirror> SynchronisedMirrorAsync()
    {
        var mirror = new GnmiConfigMirror(_fixture.Directory);
        foreach (var device in Devices)
        {
            mirror.Watch(new NodeId(device));
        }

        await Wait.UntilAsync(mirror, () => Devices.All(d => mirror.IsSynchronised(new NodeId(d))), Patience);
        return mirror;
    }

    private Dictionary<string, int> GetCounts() => Devices.ToDictionary(d => d, d => _fixture.Host.Emulator.Device(d).GetCount);

}
