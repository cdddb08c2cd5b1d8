using Continuum.Pce.Grains.Abstractions;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ReservationRecoveryTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task StaleHold_OfAnAttemptThatNeverCommitted_IsReleasedByPresumedAbort()
    {
        // A hold left behind by a coordinator that died before its commit point.
        var ghostId = "ghost-" + Guid.NewGuid().ToString("N")[..8];
        var ghost = LightpathGrains.KeyOf("tenant-a", ghostId);
        var fiber = _grains.GetGrain<IFiberGrain>("R4-R5");
        var reply = await fiber.Hold(new HoldRequest(ghost, "1-dead", 30, 1));
        Assert.True(reply.Granted);

        // Advancing the clock also fires the fibre's recovery timer (Orleans timers run on the silo's TimeProvider);
        // the explicit call makes the test independent of when that timer tick lands.
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(11));
        await fiber.RecoverStaleHolds();

        Assert.DoesNotContain((await fiber.GetSpectrum()).Claims, c => c.Lightpath == ghost);
        Assert.Equal(AttemptOutcome.Aborted, await _grains.Lightpath("tenant-a", ghostId).ResolveAttempt("1-dead"));
    }

    [Fact]
    public async Task FreshHold_IsLeftAloneByRecovery()
    {
        var owner = "fresh-" + Guid.NewGuid().ToString("N")[..8];
        var fiber = _grains.GetGrain<IFiberGrain>("R5-R0");
        await fiber.Hold(new HoldRequest(owner, "1-live", 31, 1));

        await fiber.RecoverStaleHolds();

        Assert.Contains((await fiber.GetSpectrum()).Claims, c => c.Lightpath == owner && c.Status == "Held");
        await fiber.Release(owner, null);
    }

    [Fact]
    public async Task Hold_OnSlotsAnotherLightpathHolds_IsRefusedWithTheOccupancy()
    {
        var a = "a-" + Guid.NewGuid().ToString("N")[..8];
        var b = "b-" + Guid.NewGuid().ToString("N")[..8];
        var fiber = _grains.GetGrain<IFiberGrain>("R5-R4");
        Assert.True((await fiber.Hold(new HoldRequest(a, "1", 29, 1))).Granted);

        var refused = await fiber.Hold(new HoldRequest(b, "1", 29, 1));

        Assert.False(refused.Granted);
        Assert.Equal("Occupied", refused.Refusal);
        Assert.NotEqual(0UL, refused.Occupancy[0] & (1UL << 29));
        await fiber.Release(a, null);
    }
}
