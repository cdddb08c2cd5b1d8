using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Gnmi;
using Grpc.Core;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// The chain of <see cref="GnmiClusterFixture"/> (R1 … R4, T1 and T4) on an emulator and a store of its own, with the
/// device cleanup back-off pushed to ten minutes: an owed push retried on that back-off would miss every deadline of
/// <see cref="OwedPushRetryTests"/>, which restarts the silo.
/// </summary>
public sealed class OwedPushClusterFixture() : EmulatorClusterFixture<OwedPushClusterFixture>("owed-push", GnmiClusterFixture.Snapshot, TimeSpan.FromSeconds(5))
{
    protected override void ConfigureReservation(ReservationOptions options)
    {
        options.CleanupRetryInitial = TimeSpan.FromMinutes(10);
        options.CleanupRetryMax = TimeSpan.FromMinutes(10);
    }

    protected override void ConfigureHealth(LightpathHealthOptions options) => GnmiClusterFixture.Health(options);
}

[CollectionDefinition(Name)]
public sealed class OwedPushClusterCollection : ICollectionFixture<OwedPushClusterFixture>
{
    public const string Name = "owed-push-cluster";
}

/// <summary>
/// Issue 26, found by the chaos harness: a live lightpath whose push a device refused after a server restart was
/// retried on the device cleanup back-off, grown over the failures the store keeps, so its channel stayed off that
/// device for longer than any audit waits. An owed push now retries on a short schedule of its own
/// (<see cref="ReservationOptions.PushRetryInitial"/> 1 s doubling to <see cref="ReservationOptions.PushRetryMax"/> 4 s,
/// ±20 % jitter) that starts again after a restart and after a success.
/// </summary>
[Collection(OwedPushClusterCollection.Name)]
public sealed class OwedPushRetryTests(OwedPushClusterFixture fixture)
{
    private const string Tenant = "tenant-p";

    // Generous for a loaded machine, and still far below the ten-minute cleanup back-off of the fixture.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    // The first step of the short schedule with its jitter: 1 s ± 20 %.
    private static readonly TimeSpan FirstStepMin = TimeSpan.FromSeconds(0.8);
    private static readonly TimeSpan FirstStepMax = TimeSpan.FromSeconds(1.2);

    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private static string NewId() => "op-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task OwedPush_RefusedAgainAfterARestart_IsRetriedOnItsShortSchedule_UntilTheDeviceCarriesTheChannel()
    {
        var id = NewId();
        var created = await Grains.Lightpath(Tenant, id).Create(fixture.Order(id, Tenant, "S1", "S4"));
        Assert.Equal(LightpathState.Active, created.State);

        // R3 loses the channel (a device restart) and its management plane goes down: every push to it is refused.
        await RemoveChannelAsync("R3", id);
        fixture.Emulator.Emulator.MakeUnreachable("R3");
        try
        {
            var before = DateTimeOffset.UtcNow;
            var refused = await Grains.Lightpath(Tenant, id).Resync();
            var after = DateTimeOffset.UtcNow;

            Assert.Contains("R3", refused.CleanupFailure, StringComparison.Ordinal);
            Assert.NotNull(refused.CleanupRetryAt);
            Assert.InRange(refused.CleanupRetryAt.Value, before + FirstStepMin, after + FirstStepMax);

            // Refused again and again while R3 is down: each retry comes on the short schedule (on the cleanup back-off
            // of this fixture the next attempt would be 10 minutes away).
            var retried = await Eventually.MatchAsync(() => Grains.Lightpath(Tenant, id).Get(), v => v.CleanupRetryAt > refused.CleanupRetryAt, Deadline, "a second refused attempt");
            await Eventually.MatchAsync(() => Grains.Lightpath(Tenant, id).Get(), v => v.CleanupRetryAt > retried.CleanupRetryAt, Deadline, "a third refused attempt");

            // The silo restarts (the server's kill -9) while the push is owed and R3 still refuses it.
            await fixture.RestartControllerAsync();
            var restartedAt = DateTimeOffset.UtcNow;
            var afterRestart = await Eventually.MatchAsync(
                () => Grains.Lightpath(Tenant, id).Get(),
                v => v.CleanupRetryAt is { } at && at > restartedAt && at - restartedAt < Deadline,
                Deadline,
                "the owed push attempted after the restart, refused, and its next attempt set on the short schedule");

            // The value seen may be one the old activation wrote just before the restart; the next change can only be
            // the new activation's own refused attempt, rescheduled on the short schedule.
            afterRestart = await Eventually.MatchAsync(
                () => Grains.Lightpath(Tenant, id).Get(),
                v => v.CleanupRetryAt is { } at && at > afterRestart.CleanupRetryAt && at - restartedAt < Deadline + Deadline,
                Deadline,
                "another attempt after the restart, refused, and retried on the short schedule");
            Assert.Contains("R3", afterRestart.CleanupFailure, StringComparison.Ordinal);
            Assert.Contains(afterRestart.State, new[] { LightpathState.Active, LightpathState.Degraded });
        }
        finally
        {
            fixture.Emulator.Emulator.MakeReachable("R3");
        }

        // Once R3 answers, the next attempt of the short schedule (at most 4.8 s away) puts the channel back.
        var pushed = await Eventually.MatchAsync(() => Grains.Lightpath(Tenant, id).Get(), v => v.CleanupFailure is null, Deadline, "the owed push through once R3 answers");
        Assert.Null(pushed.CleanupRetryAt);
        Assert.True(await fixture.Devices.CarriesChannelAsync("R3", LightpathGrains.KeyOf(Tenant, id)), "R3 carries the channel again");

        // After that success the schedule starts again from its first step: a new refusal is retried about 1 s later.
        await RemoveChannelAsync("R3", id);
        fixture.Emulator.Emulator.RejectNextSet("R3", StatusCode.Unavailable, "line card busy");
        var again = DateTimeOffset.UtcNow;
        var refusedAgain = await Grains.Lightpath(Tenant, id).Resync();
        var againDone = DateTimeOffset.UtcNow;
        Assert.Contains("line card busy", refusedAgain.CleanupFailure, StringComparison.Ordinal);
        Assert.NotNull(refusedAgain.CleanupRetryAt);
        Assert.InRange(refusedAgain.CleanupRetryAt.Value, again + FirstStepMin, againDone + FirstStepMax);
        await Eventually.MatchAsync(() => Grains.Lightpath(Tenant, id).Get(), v => v.CleanupFailure is null, Deadline, "the refused push retried");
        Assert.True(await fixture.Devices.CarriesChannelAsync("R3", LightpathGrains.KeyOf(Tenant, id)), "R3 carries the channel again after the retry");

        Assert.Equal(LightpathState.Deleted, (await Grains.Lightpath(Tenant, id).Delete()).State);
    }

    private Task RemoveChannelAsync(string roadm, string id)
    {
        var index = PathTopology.MediaChannelIndex(new LightpathId(LightpathGrains.KeyOf(Tenant, id)));
        return fixture.Devices.ClientFor(new NodeId(roadm)).SetAsync(new SetRequest
        {
            Delete = { GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(index)), GnmiPaths.Parse(RenderPlanBuilder.MediaChannelPath(index + 1)) },
        });
    }
}
