using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Models;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>
/// Issue 25, reconciliation: drift injected on the emulated devices behind the controller's back (an entry deleted, a
/// value changed, an entry of a lightpath that no longer lives, an operator's own entry) is found, repaired by
/// re-applying the plan and removing the orphan, and the operator's entry is left alone.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class DriftInspectorTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Inspect_DriftInjectedOnDevices_FoundThenRepairedAndForeignEntriesUntouched()
    {
        var renderer = new GnmiRenderer(fixture.Directory);
        var inspector = new DriftInspector(fixture.Directory, new PortMap());
        var intent = Intents.AcrossFourRoadms("lp-drift", 3, 120, 960);
        Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(intent, CancellationToken.None));
        try
        {
            Assert.Empty(await inspector.InspectAsync(intent, CancellationToken.None));

            // Drift: R2 loses the forward media channel, T4's optical channel is turned down by hand.
            await fixture.Client("R2").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(960)) } });
            var och = RenderPlanBuilder.OpticalChannelConfigPath("OCH-3");
            await fixture.Client("T4").SetAsync(new SetRequest { Update = { new Update { Path = GnmiPaths.Parse(och + "/target-output-power"), Val = GnmiValues.JsonIetf("\"-9.00\"") } } });

            var drift = await inspector.InspectAsync(intent, CancellationToken.None);

            Assert.Equal(
                [("R2", RenderPlanBuilder.MediaChannelPath(960), DriftKind.Missing), ("T4", och, DriftKind.Different)],
                drift.Select(d => (d.Device.Value, d.Path, d.Kind)).OrderBy(d => d.Value, StringComparer.Ordinal));

            // Repair by re-applying the intent: the renderer rewrites what differs and skips what is in place.
            Assert.IsType<RenderResult.Succeeded>(await renderer.ProvisionAsync(intent, CancellationToken.None));
            Assert.Empty(await inspector.InspectAsync(intent, CancellationToken.None));

            // An orphan of the controller's (named for a lightpath that does not live, at the index derived from that name),
            // a channel that only looks like ours (the name, not the index) and an operator's own channel, all on R3.
            var spectrum = new ChannelSpectrum(new Domain.Units.Frequency(195_000_000), new Domain.Units.Frequency(195_050_000));
            var gone = Application.Lightpaths.PathTopology.MediaChannelIndex(new LightpathId("lp-gone"));
            await fixture.Client("R3").SetAsync(new SetRequest
            {
                Replace =
                {
                    new Update { Path = GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(gone)), Val = GnmiValues.JsonIetf(RenderPlanBuilder.MediaChannel(gone, "lp-gone-az", spectrum, "DEG1-IN", "DEG2-OUT", -2).ToJsonIetf()) },
                    new Update { Path = GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(972)), Val = GnmiValues.JsonIetf(RenderPlanBuilder.MediaChannel(972, "ops-manual", spectrum with { Lower = new Domain.Units.Frequency(195_100_000), Upper = new Domain.Units.Frequency(195_150_000) }, "DEG2-IN", "DEG1-OUT", -2).ToJsonIetf()) },
                    new Update { Path = GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(974)), Val = GnmiValues.JsonIetf(RenderPlanBuilder.MediaChannel(974, "lp-lookalike-az", spectrum with { Lower = new Domain.Units.Frequency(195_200_000), Upper = new Domain.Units.Frequency(195_250_000) }, "DEG2-IN", "DEG1-OUT", -2).ToJsonIetf()) },
                },
            });
            OwnerStatus Owners(string owner) => owner == "lp-drift" ? OwnerStatus.Settled : OwnerStatus.Gone;

            var device = await inspector.InspectDeviceAsync(new NodeId("R3"), roadm: true, [intent], Owners, CancellationToken.None);

            Assert.Equal(
                [(DriftKind.Foreign, RenderPlanBuilder.MediaChannelPath(972), (string?)null), (DriftKind.Foreign, RenderPlanBuilder.MediaChannelPath(974), null), (DriftKind.Orphan, RenderPlanBuilder.MediaChannelPath(gone), "lp-gone")],
                device.Findings.Select(f => (f.Kind, f.Path, f.Lightpath)).OrderBy(f => f.Kind).ThenBy(f => f.Path, StringComparer.Ordinal));
            Assert.Equal(2, device.Compared);
            await inspector.RemoveAsync(device.Findings.Where(f => f.Kind == DriftKind.Orphan), CancellationToken.None);
            Assert.All((await inspector.InspectDeviceAsync(new NodeId("R3"), roadm: true, [intent], Owners, CancellationToken.None)).Findings, f => Assert.Equal(DriftKind.Foreign, f.Kind));
            var manual = await fixture.Client("R3").GetTreeAsync(RenderPlanBuilder.MediaChannelPath(972), GetRequest.Types.DataType.Config);
            Assert.Contains("ops-manual", manual!.ToJsonString(), StringComparison.Ordinal);
            await fixture.Client("R3").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(972)), GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(974)) } });
        }
        finally
        {
            await renderer.DeleteAsync(intent, CancellationToken.None);
        }
    }
}
