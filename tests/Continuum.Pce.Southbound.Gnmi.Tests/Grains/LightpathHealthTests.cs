using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Hosting;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// The tests share one ring and run one after the other; each deletes its lightpaths and repairs what it cut. Waits are
/// bounded polls of grain state; where a test proves that something does NOT happen, it polls until the windows in
/// which it could happen (settle, persistency) have closed, failing at the first wrong state.
/// </summary>
[Collection(HealthClusterCollection.Name)]
public sealed class LightpathHealthTests(HealthClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string NewId() => "hp-" + Guid.NewGuid().ToString("N")[..10];

    private LightpathOrder Order(string id) => fixture.Order(id, "tenant-a", "S1", "S3");

    private ILightpathGrain Lightpath(string id) => fixture.Cluster.GrainFactory.Lightpath("tenant-a", id);

    [Fact]
    public async Task Reroute_OffACutFibreThenRepair_EndsActiveWithNoFibreDownAndNoDegradationAfterTheReroute()
    {
        var id = NewId();
        var grain = Lightpath(id);
        var created = await grain.Create(Order(id));
        Assert.Equal(LightpathState.Active, created.State);
        var cut = new FiberId(created.Fibers[0]);
        try
        {
            fixture.Emulator.Emulator.CutFiber(cut);
            var degraded = await Eventually.MatchAsync(grain.Get, v => v.State == LightpathState.Degraded, Deadline, "Degraded after the cut");
            Assert.Contains(cut.Value, degraded.FibersDown);

            var rerouted = await grain.Reroute(null);
            Assert.Null(rerouted.Outcome);
            Assert.Equal(LightpathState.Active, rerouted.Lightpath.State);
            Assert.DoesNotContain(cut.Value, rerouted.Lightpath.Fibers);
        }
        finally
        {
            fixture.Emulator.Emulator.RepairFiber(cut);
        }

        var reroutedAt = (await grain.Get()).History[^1].At;
        await Eventually.MatchAsync(() => fixture.Cluster.GrainFactory.GetGrain<IFiberGrain>(cut.Value).GetSpectrum(), s => s.IsUp, Deadline, "the cut fibre up again");

        // Before the fix the outage of the fibre left behind was kept (its repair is told only to its owners) and
        // degraded the lightpath for good. Watch until the settle window after the reroute has closed.
        var settled = reroutedAt + HealthClusterFixture.Defaults.SettleTime + TimeSpan.FromSeconds(1);
        await HoldsUntilAsync(grain, settled, v => v.State == LightpathState.Active && v.FibersDown.IsEmpty && !v.History.Any(e => e.At >= reroutedAt && e.To == LightpathState.Degraded), "Active, no fibre down, no degradation after the reroute");
        var view = await Eventually.MatchAsync(grain.Get, v => v.MeasuredOsnrDb is not null, Deadline, "OSNR measured on the new path");
        Assert.Empty(view.FibersDown);
        Assert.Equal(LightpathState.Deleted, (await grain.Delete()).State);
    }

    [Fact]
    public async Task Activate_TwentyLightpaths_RecordsNoDegradedTransition()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => NewId()).ToList();
        try
        {
            var views = new List<LightpathView>();
            foreach (var batch in ids.Chunk(4))
            {
                views.AddRange(await Task.WhenAll(batch.Select(id => Lightpath(id).Create(Order(id)))));
            }

            Assert.All(views, v => Assert.Equal(LightpathState.Active, v.State));
            var last = views.Max(v => v.History[^1].At);
            var settled = last + HealthClusterFixture.Defaults.SettleTime + HealthClusterFixture.Defaults.DegradeAfter + TimeSpan.FromSeconds(1);
            foreach (var id in ids)
            {
                await HoldsUntilAsync(Lightpath(id), settled, v => v.State == LightpathState.Active && v.History.All(e => e.To != LightpathState.Degraded), $"{id} never Degraded");
                settled = DateTimeOffset.UtcNow;
            }
        }
        finally
        {
            await Task.WhenAll(ids.Select(id => Lightpath(id).Delete()));
        }
    }

    [Fact]
    public async Task Activate_ThenLossOfSignalAndRelightWithinTheSettleWindow_DoesNotFlapDegraded()
    {
        // The flap of issue 21 as the lightpath saw it: right after activation its near receiver reports loss of signal
        // with OSNR 0 (measured while the far transponder was not yet lit), then ACTIVE before its new OSNR.
        var id = NewId();
        var grain = Lightpath(id);
        var created = await grain.Create(Order(id));
        Assert.Equal(LightpathState.Active, created.State);
        try
        {
            var receiver = (await fixture.Cluster.GrainFactory.GetGrain<IOpticalNodeGrain>("T1").GetStatus()).Interfaces.Single(i => i.Lightpath == LightpathGrains.KeyOf("tenant-a", id)).Interface;
            var at = DateTimeOffset.UtcNow.AddSeconds(1);
            await grain.ReportReceiver(new ReceiverTelemetry("T1", receiver, at) { SignalPresent = false, OsnrDb = 0 });
            await grain.ReportReceiver(new ReceiverTelemetry("T1", receiver, at.AddMilliseconds(200)) { SignalPresent = true });

            var settled = created.History[^1].At + HealthClusterFixture.Defaults.SettleTime + HealthClusterFixture.Defaults.DegradeAfter + TimeSpan.FromSeconds(1);
            await HoldsUntilAsync(grain, settled, v => v.State == LightpathState.Active && v.History.All(e => e.To != LightpathState.Degraded), "never Degraded");
        }
        finally
        {
            await grain.Delete();
        }
    }

    [Fact]
    public async Task Restart_OfControllerAndDevices_RecordsNoDegradedTransitionOnLiveLightpaths()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => NewId()).ToList();
        foreach (var id in ids)
        {
            Assert.Equal(LightpathState.Active, (await Lightpath(id).Create(Order(id))).State);
        }

        await fixture.RestartAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        try
        {
            // The devices came back empty, so every receiver reports loss of signal until the configuration is pushed
            // again, as the server's Bootstrap does after a start.
            foreach (var id in ids)
            {
                await Lightpath(id).Resync();
            }

            var settled = restartedAt + HealthClusterFixture.Defaults.StartupSettleTime + TimeSpan.FromSeconds(1);
            foreach (var id in ids)
            {
                await HoldsUntilAsync(Lightpath(id), settled, v => v.State == LightpathState.Active && v.History.All(e => e.To != LightpathState.Degraded), $"{id} never Degraded across the restart");
                settled = DateTimeOffset.UtcNow;
            }
        }
        finally
        {
            await Task.WhenAll(ids.Select(id => Lightpath(id).Delete()));
        }
    }

    /// <summary>Polls until <paramref name="until"/>, failing at the first view that breaks <paramref name="condition"/>.</summary>
    private static async Task HoldsUntilAsync(ILightpathGrain grain, DateTimeOffset until, Func<LightpathView, bool> condition, string what)
    {
        while (true)
        {
            var view = await grain.Get();
            Assert.True(condition(view), $"{what}: broken by {view.State}, history {string.Join(" | ", view.History.Select(e => $"{e.From}->{e.To} {e.Reason}"))}");
            if (DateTimeOffset.UtcNow >= until)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
