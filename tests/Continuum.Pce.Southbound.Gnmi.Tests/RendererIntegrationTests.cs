using Continuum.Pce.Application.Ports;
using Continuum.Pce.Models;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The renderer against the in-process emulator over real loopback sockets.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class RendererIntegrationTests
{
    private readonly EmulatorFixture _fixture;

    public RendererIntegrationTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
    }

    private GnmiRenderer Renderer => new(_fixture.Directory);

    [Fact]
    public async Task Provision_AcrossFourRoadms_LeavesExactlyTheExpectedChannelsOnEveryDevice()
    {
        var intent = Intents.AcrossFourRoadms("lp-four", 1, 0, 100);

        var result = await Renderer.ProvisionAsync(intent, CancellationToken.None);

        Assert.IsType<RenderResult.Succeeded>(result);
        Assert.All(result.History, h => Assert.Equal(RenderStepOutcome.Applied, h.Outcome));
        var expectedPorts = new (string Roadm, string AzSource, string AzDest)[]
        {
            ("R1", "SRG1-ADD", "DEG1-OUT"),
            ("R2", "DEG1-IN", "DEG2-OUT"),
            ("R3", "DEG1-IN", "DEG2-OUT"),
            ("R4", "DEG1-IN", "SRG1-DROP"),
        };
        foreach (var (roadm, source, dest) in expectedPorts)
        {
            var az = await ReadMediaChannelAsync(roadm, 100);
            Assert.Equal("lp-four-az", az.Config!.Name);
            Assert.Equal(193_062_500UL, az.Config.LowerFrequency);
            Assert.Equal(193_137_500UL, az.Config.UpperFrequency);
            Assert.Equal(AdminStateType.Enabled, az.Config.AdminStatus);
            Assert.Equal(source, az.Source!.Config!.PortName);
            Assert.Equal(dest, az.Dest!.Config!.PortName);
            var za = await ReadMediaChannelAsync(roadm, 101);
            Assert.Equal(dest.Replace("OUT", "IN", StringComparison.Ordinal).Replace("SRG1-DROP", "SRG1-ADD", StringComparison.Ordinal), za.Source!.Config!.PortName);
        }

        foreach (var transponder in new[] { "T1", "T4" })
        {
            var json = await _fixture.Client(transponder).GetJsonAsync("/components/component[name=OCH-1]/optical-channel/config", GetRequest.Types.DataType.Config);
            var och = ComponentsComponentOpticalChannelConfig.FromJson(json.Single());
            Assert.Equal(193_100_000UL, och.Frequency);
            Assert.Equal(-2.00m, och.TargetOutputPower);
            Assert.Equal(new PortMap().OperationalMode(intent.Mode), och.OperationalMode);
            var line = TerminalDeviceLogicalChannelsChannel.FromJson((await _fixture.Client(transponder).GetJsonAsync("/terminal-device/logical-channels/channel[index=201]", GetRequest.Types.DataType.Config)).Single());
            Assert.Equal(OpenConfigIdentities.TransportTypes.PROT_OTN, line.Config!.LogicalChannelType);
            Assert.Equal("OCH-1", line.LogicalChannelAssignments!.Assignment.Single().Config!.OpticalChannel);
        }

        // With both transponders tuned, light flows end to end: the drop media channel is UP and the receiver sees OSNR.
        var state = WavelengthRouterMediaChannelsChannel.FromJson((await _fixture.Client("R4").GetJsonAsync("/wavelength-router/media-channels/channel[index=100]", GetRequest.Types.DataType.State)).Single());
        Assert.Equal(OperStatus.Up, state.State!.OperStatus);
        await Renderer.DeleteAsync(intent, CancellationToken.None);
    }

    [Fact]
    public async Task Provision_SetRejectedOnTheThirdDevice_RollsBackAndLeavesNoConfiguration()
    {
        var intent = Intents.AcrossFourRoadms("lp-reject", 2, 16, 200);
        _fixture.Host.Emulator.RejectNextSet("R3");

        var result = await Renderer.ProvisionAsync(intent, CancellationToken.None);

        var failed = Assert.IsType<RenderResult.Failed>(result);
        Assert.Equal("R3", failed.Failure.Device.Value);
        Assert.Equal(nameof(StatusCode.Aborted), failed.Failure.Status);
        Assert.Equal("/wavelength-router/media-channels/channel[index=200]", failed.Failure.Path);
        Assert.True(failed.RolledBack);
        Assert.Equal(
            [(0, RenderStepOutcome.Applied), (1, RenderStepOutcome.Applied), (2, RenderStepOutcome.Failed), (1, RenderStepOutcome.RolledBack), (0, RenderStepOutcome.RolledBack)],
            failed.History.Select(h => (h.Step, h.Outcome)));
        await AssertNothingConfiguredAsync(intent);
    }

    [Fact]
    public async Task Delete_AfterProvision_RemovesEverything()
    {
        var intent = Intents.AcrossFourRoadms("lp-delete", 3, 32, 300);
        Assert.IsType<RenderResult.Succeeded>(await Renderer.ProvisionAsync(intent, CancellationToken.None));

        var result = await Renderer.DeleteAsync(intent, CancellationToken.None);

        Assert.IsType<RenderResult.Succeeded>(result);
        Assert.Equal([5, 4, 3, 2, 1, 0], result.History.Select(h => h.Step));
        await AssertNothingConfiguredAsync(intent);
    }

    [Fact]
    public async Task Provision_RerunAfterACrashMidPlan_SkipsStepsInPlaceAndConverges()
    {
        var intent = Intents.AcrossFourRoadms("lp-rerun", 4, 48, 400);
        var renderer = Renderer;
        var plan = renderer.Plan(intent);
        // A crash after the first three steps: they were applied, nothing else.
        foreach (var step in plan.Steps.Take(3))
        {
            await _fixture.Client(step.Device.Value).SetAsync(step.Apply.Clone());
        }

        var result = await renderer.ProvisionAsync(intent, CancellationToken.None);
        var again = await renderer.ProvisionAsync(intent, CancellationToken.None);

        Assert.IsType<RenderResult.Succeeded>(result);
        Assert.Equal(
            [RenderStepOutcome.AlreadyInPlace, RenderStepOutcome.AlreadyInPlace, RenderStepOutcome.AlreadyInPlace, RenderStepOutcome.Applied, RenderStepOutcome.Applied, RenderStepOutcome.Applied],
            result.History.Select(h => h.Outcome));
        Assert.All(again.History, h => Assert.Equal(RenderStepOutcome.AlreadyInPlace, h.Outcome));
        await renderer.DeleteAsync(intent, CancellationToken.None);
        await AssertNothingConfiguredAsync(intent);
    }

    [Fact]
    public async Task Provision_DriftedSettingOnADevice_IsReappliedOnRerun()
    {
        var intent = Intents.AcrossFourRoadms("lp-drift", 5, -64, 500);
        var renderer = Renderer;
        Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(intent, CancellationToken.None));
        await _fixture.Client("R2").SetAsync(new SetRequest
        {
            Update = { new Update { Path = GnmiPaths.Parse("/wavelength-router/media-channels/channel[index=500]/config/admin-status"), Val = GnmiValues.JsonIetf("\"DISABLED\"") } },
        });

        var result = await renderer.ProvisionAsync(intent, CancellationToken.None);

        Assert.Equal(RenderStepOutcome.Applied, result.History.Single(h => h.Device.Value == "R2").Outcome);
        Assert.Equal(AdminStateType.Enabled, (await ReadMediaChannelAsync("R2", 500)).Config!.AdminStatus);
        await renderer.DeleteAsync(intent, CancellationToken.None);
    }

    [Fact]
    public async Task Provision_MediaChannelIndexHeldByAnotherLightpath_FailsWithoutOverwritingIt()
    {
        var first = Intents.AcrossFourRoadms("lp-owner", 7, 96, 600);
        var second = Intents.AcrossFourRoadms("lp-intruder", 8, 112, 600);
        Assert.IsType<RenderResult.Succeeded>(await Renderer.ProvisionAsync(first, CancellationToken.None));

        var result = await Renderer.ProvisionAsync(second, CancellationToken.None);

        var failed = Assert.IsType<RenderResult.Failed>(result);
        Assert.Equal("R1", failed.Failure.Device.Value);
        Assert.Equal(nameof(StatusCode.AlreadyExists), failed.Failure.Status);
        Assert.Equal("lp-owner-az", (await ReadMediaChannelAsync("R1", 600)).Config!.Name);
        await Renderer.DeleteAsync(first, CancellationToken.None);
        await AssertNothingConfiguredAsync(first);
    }

    [Fact]
    public async Task Provision_SpectrumOverlappingALitChannelOnTheSamePorts_IsRefusedAndRolledBack()
    {
        var first = Intents.AcrossFourRoadms("lp-lit", 13, -128, 900);
        var overlapping = Intents.AcrossFourRoadms("lp-overlap", 14, -124, 910);
        Assert.IsType<RenderResult.Succeeded>(await Renderer.ProvisionAsync(first, CancellationToken.None));

        var result = await Renderer.ProvisionAsync(overlapping, CancellationToken.None);

        var failed = Assert.IsType<RenderResult.Failed>(result);
        Assert.Equal("R1", failed.Failure.Device.Value);
        Assert.Equal(nameof(StatusCode.InvalidArgument), failed.Failure.Status);
        Assert.Equal("lp-lit-az", (await ReadMediaChannelAsync("R1", 900)).Config!.Name);
        await AssertNothingConfiguredAsync(overlapping);
        await Renderer.DeleteAsync(first, CancellationToken.None);
    }

    [Fact]
    public async Task Provision_StalledSecondDevice_FailsAtTheDeadlineAndRollsBackTheFirst()
    {
        var intent = Intents.AcrossFourRoadms("lp-stall", 15, 144, 1000);
        // The deadline applies to the rollback's Sets too, and on a busy two-core machine a Set can queue behind the
        // emulator's whole-network recompute for a few hundred milliseconds (400 ms failed the rollback once in CI):
        // 2 s keeps the stall the only thing that can exceed it.
        await using var impatient = new GnmiDeviceDirectory(id => _fixture.OptionsFor(id.Value) with { Timeout = TimeSpan.FromSeconds(2) });
        _fixture.Host.Emulator.Stall("R2");
        RenderResult result;
        try
        {
            result = await new GnmiRenderer(impatient).ProvisionAsync(intent, CancellationToken.None);
        }
        finally
        {
            _fixture.Host.Emulator.Resume("R2");
        }

        var failed = Assert.IsType<RenderResult.Failed>(result);
        Assert.Equal("R2", failed.Failure.Device.Value);
        Assert.Equal(nameof(StatusCode.DeadlineExceeded), failed.Failure.Status);
        Assert.True(failed.RolledBack);
        await AssertNothingConfiguredAsync(intent);
    }

    private async Task<WavelengthRouterMediaChannelsChannel> ReadMediaChannelAsync(string roadm, uint index)
    {
        var json = await _fixture.Client(roadm).GetJsonAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config);
        return WavelengthRouterMediaChannelsChannel.FromJson(json.Single());
    }

    private async Task AssertNothingConfiguredAsync(LightpathRenderIntent intent)
    {
        foreach (var roadm in new[] { "R1", "R2", "R3", "R4" })
        {
            foreach (var index in new[] { intent.MediaChannelIndex, intent.MediaChannelIndex + 1 })
            {
                var e = await Assert.ThrowsAsync<RpcException>(() => _fixture.Client(roadm).GetJsonAsync(RenderPlanBuilder.MediaChannelPath(index), GetRequest.Types.DataType.Config));
                Assert.Equal(StatusCode.NotFound, e.StatusCode);
            }
        }

        foreach (var end in new[] { intent.Source, intent.Destination })
        {
            var client = _fixture.Client(end.Transponder.Value);
            foreach (var path in new[]
            {
                RenderPlanBuilder.OpticalChannelConfigPath($"OCH-{end.Interface}"),
                RenderPlanBuilder.LogicalChannelPath((uint)(100 + end.Interface)),
                RenderPlanBuilder.LogicalChannelPath((uint)(200 + end.Interface)),
            })
            {
                var e = await Assert.ThrowsAsync<RpcException>(() => client.GetJsonAsync(path, GetRequest.Types.DataType.Config));
                Assert.Equal(StatusCode.NotFound, e.StatusCode);
            }
        }
    }
}
