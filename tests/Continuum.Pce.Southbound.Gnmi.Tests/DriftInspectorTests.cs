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

            // An orphan of the controller's (a lightpath that no longer lives) and an operator's own channel on R3.
            var spectrum = new ChannelSpectrum(new Domain.Units.Frequency(195_000_000), new Domain.Units.Frequency(195_050_000));
            await fixture.Client("R3").SetAsync(new SetRequest
            {
                Replace =
                {
                    new Update { Path = GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(970)), Val = GnmiValues.JsonIetf(RenderPlanBuilder.MediaChannel(970, "lp-gone-az", spectrum, "DEG1-IN", "DEG2-OUT", -2).ToJsonIetf()) },
                    new Update { Path = GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(972)), Val = GnmiValues.JsonIetf(RenderPlanBuilder.MediaChannel(972, "ops-manual", spectrum, "DEG2-IN", "DEG1-OUT", -2).ToJsonIetf()) },
                },
            });

            var orphans = await inspector.OrphansAsync(new NodeId("R3"), new HashSet<string> { "lp-drift" }, CancellationToken.None);

            var orphan = Assert.Single(orphans);
            Assert.Equal((RenderPlanBuilder.MediaChannelPath(970), DriftKind.Orphan, "lp-gone"), (orphan.Path, orphan.Kind, orphan.Lightpath));
            await inspector.RemoveAsync(orphans, CancellationToken.None);
            Assert.Empty(await inspector.OrphansAsync(new NodeId("R3"), new HashSet<string> { "lp-drift" }, CancellationToken.None));
            var manual = await fixture.Client("R3").GetTreeAsync(RenderPlanBuilder.MediaChannelPath(972), GetRequest.Types.DataType.Config);
            Assert.Contains("ops-manual", manual!.ToJsonString(), StringComparison.Ordinal);
            await fixture.Client("R3").SetAsync(new SetRequest { Delete = { GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(972)) } });
        }
        finally
        {
            await renderer.DeleteAsync(intent, CancellationToken.None);
        }
    }
}
