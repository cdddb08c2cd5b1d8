using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Models;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The seam with the Application layer: intents built the way the lightpath grain builds them render on devices.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ApplicationSeamTests
{
    private readonly EmulatorFixture _fixture;

    public ApplicationSeamTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task IntentFromPathTopology_RenderedOnTheEmulator_LightsTheChannelAndDeletesCleanly()
    {
        var network = Intents.Network;
        var path = new PathCandidate(
            [new NodeId("R1"), new NodeId("R2"), new NodeId("R3"), new NodeId("R4")],
            [new FiberId("R1-R2"), new FiberId("R2-R3"), new FiberId("R3-R4")],
            new SlotRange(500, 12),
            new ModeId("400G-16QAM"),
            400,
            2_400,
            480);
        var intent = new PathTopology(network).RenderIntent(new LightpathId("lp-seam"), path, new TransponderEnd(new NodeId("T1"), 6), new TransponderEnd(new NodeId("T4"), 6), -1.5);
        var renderer = new GnmiRenderer(_fixture.Directory);

        var result = await renderer.ProvisionAsync(intent, CancellationToken.None);

        Assert.IsType<RenderResult.Succeeded>(result);
        var drop = WavelengthRouterMediaChannelsChannel.FromJson((await _fixture.Client("R4").GetJsonAsync(RenderPlanBuilder.MediaChannelPath(intent.MediaChannelIndex), GetRequest.Types.DataType.All)).Single());
        Assert.Equal("SRG1-DROP", drop.Dest!.Config!.PortName);
        Assert.Equal((ulong)network.Grid.RangeLowerEdge(path.Slots).Mhz, drop.Config!.LowerFrequency);
        Assert.Equal(OperStatus.Up, drop.State!.OperStatus);
        Assert.IsType<RenderResult.Succeeded>(await renderer.DeleteAsync(intent, CancellationToken.None));
        var e = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => _fixture.Client("R4").GetJsonAsync(RenderPlanBuilder.MediaChannelPath(intent.MediaChannelIndex), GetRequest.Types.DataType.Config));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, e.StatusCode);
    }
}

/// <summary>The emulator serves networks loaded from the project's topology files.</summary>
public sealed class TopologyFileTests
{
    [Fact]
    public async Task Emulator_FromTheShippedDemoTopology_ServesEveryDeviceItsNetworkHolds()
    {
        var loaded = Continuum.Pce.Topology.IO.NetworkFile.Load(System.IO.Path.Combine(Repo.Root, "topologies", "continuum-demo.json"));
        Assert.True(loaded.IsSuccess, string.Join("; ", loaded.Errors.Select(e => e.Message)));
        var network = loaded.Value!.Loaded.Network;
        await using var host = await Continuum.Pce.DeviceEmulator.DeviceEmulatorHost.StartAsync(network, new() { ControlPort = null });
        var roadm = network.Roadms.First();
        await using var client = new GnmiClient(new GnmiDeviceOptions { Address = host.Address, Target = roadm.Id.Value, UseTls = false });

        var json = (await client.GetJsonAsync("/components", GetRequest.Types.DataType.State)).Single();

        Assert.Equal(network.Nodes.Length, host.Emulator.DeviceNames.Count);
        Assert.Contains("DEG1-IN", json, StringComparison.Ordinal);
    }
}
