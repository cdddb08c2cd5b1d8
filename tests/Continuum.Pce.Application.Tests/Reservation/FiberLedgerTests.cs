using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;
using CsCheck;
using Xunit;

namespace Continuum.Pce.Application.Tests.Reservation;

public sealed class FiberLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LightpathId Lp1 = new("lp1");
    private static readonly LightpathId Lp2 = new("lp2");

    [Fact]
    public void Hold_OnFreeSlots_IsGranted()
    {
        var refusal = FiberLedger.Empty(100).TryHold(Lp1, "a1", new SlotRange(0, 4), T0, out var next);

        Assert.Equal(HoldRefusal.None, refusal);
        Assert.Equal(ClaimStatus.Held, Assert.Single(next.Claims).Status);
    }

    [Fact]
    public void Hold_OverlappingAnotherLightpath_IsRefusedAndChangesNothing()
    {
        FiberLedger.Empty(100).TryHold(Lp1, "a1", new SlotRange(0, 4), T0, out var ledger);

        var refusal = ledger.TryHold(Lp2, "b1", new SlotRange(3, 4), T0, out var next);

        Assert.Equal(HoldRefusal.Occupied, refusal);
        Assert.Same(ledger, next);
    }

    [Fact]
    public void Hold_WithinTheGuardBandOfAnotherChannel_IsRefused()
    {
        FiberLedger.Empty(100, guardBandSlots: 1).TryHold(Lp1, "a1", new SlotRange(0, 4), T0, out var ledger);

        Assert.Equal(HoldRefusal.Occupied, ledger.TryHold(Lp2, "b1", new SlotRange(4, 4), T0, out _));
        Assert.Equal(HoldRefusal.None, ledger.TryHold(Lp2, "b1", new SlotRange(5, 4), T0, out _));
    }

    [Fact]
    public void Hold_SameOwnerAndAttemptTwice_IsIdempotent()
    {
        FiberLedger.Empty(100).TryHold(Lp1, "a1", new SlotRange(0, 4), T0, out var once);

        Assert.Equal(HoldRefusal.None, once.TryHold(Lp1, "a1", new SlotRange(0, 4), T0, out var twice));
        Assert.Single(twice.Claims);
    }

    [Fact]
    public void Hold_BeyondTheGrid_IsRefused()
    {
        Assert.Equal(HoldRefusal.OutsideGrid, FiberLedger.Empty(100).TryHold(Lp1, "a1", new SlotRange(98, 4), T0, out _));
    }

    [Fact]
    public void Hold_OnADownFiber_IsRefused()
    {
        var down = FiberLedger.Empty(100) with { IsUp = false };

        Assert.Equal(HoldRefusal.FiberDown, down.TryHold(Lp1, "a1", new SlotRange(0, 4), T0, out _));
    }

    [Fact]
    public void Confirm_TurnsTheHoldIntoACommitment_AndUnknownAttemptsAreReported()
    {
        FiberLedger.Empty(100).TryHold(Lp1, "a1", new SlotRange(0, 4), T0, out var held);

        Assert.True(held.TryConfirm(Lp1, "a1", out var committed));
        Assert.Equal(ClaimStatus.Committed, Assert.Single(committed.Claims).Status);
        Assert.False(held.TryConfirm(Lp1, "other", out _));
    }

    [Fact]
    public void StaleHolds_AreHoldsOlderThanTheCutoffThatNeverCommitted()
    {
        FiberLedger.Empty(100).TryHold(Lp1, "a1", new SlotRange(0, 4), T0, out var ledger);
        ledger.TryHold(Lp2, "b1", new SlotRange(10, 4), T0.AddSeconds(30), out ledger);
        ledger.TryConfirm(Lp2, "b1", out ledger);

        var stale = ledger.StaleHolds(T0.AddSeconds(60)).ToList();

        Assert.Equal(Lp1, Assert.Single(stale).Owner);
    }

    [Fact]
    public void HoldThenRelease_RestoresTheLedger_Property()
    {
        var gen = Gen.Select(Gen.Int[0, 95], Gen.Int[1, 5], Gen.Int[0, 2]);
        Gen.Select(gen.Array[0, 12], gen).Sample((existing, candidate) =>
        {
            var ledger = FiberLedger.Empty(100, candidate.Item3);
            var i = 0;
            foreach (var (start, count, _) in existing)
            {
                ledger.TryHold(new LightpathId($"x{i++}"), "a", new SlotRange(start, count), T0, out ledger);
            }

            var before = ledger.OccupancyMask();
            if (ledger.TryHold(Lp1, "a1", new SlotRange(candidate.Item1, candidate.Item2), T0, out var held) == HoldRefusal.None)
            {
                Assert.Equal(before, held.Release(Lp1).OccupancyMask());
                Assert.Equal(ledger.Claims.ToArray(), held.Release(Lp1).Claims.ToArray());
            }
        });
    }

    [Fact]
    public void GrantedHolds_NeverOverlapAnotherOwnersClaim_Property()
    {
        var gen = Gen.Select(Gen.Int[0, 99], Gen.Int[1, 8], Gen.Int[0, 3]);
        Gen.Select(gen.Array[1, 40], Gen.Int[0, 2]).Sample((holds, guard) =>
        {
            var ledger = FiberLedger.Empty(100, guard);
            var i = 0;
            foreach (var (start, count, owner) in holds)
            {
                ledger.TryHold(new LightpathId($"o{owner}-{i}"), $"a{i}", new SlotRange(start, count), T0, out ledger);
                i++;
            }

            var claims = ledger.Claims;
            for (var a = 0; a < claims.Length; a++)
            {
                for (var b = a + 1; b < claims.Length; b++)
                {
                    var x = claims[a].Slots;
                    var y = claims[b].Slots;
                    Assert.False(x.Start < y.End + guard && y.Start < x.End + guard, $"{x} and {y} conflict with guard {guard}");
                }
            }
        });
    }
}
