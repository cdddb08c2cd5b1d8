using Continuum.Pce.DeviceEmulator;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The emulator's 1+1 switching rule (hold-off, wait-to-restore, revertive, forced) on its own clock.</summary>
public sealed class ProtectionSwitchTests
{
    private static readonly ProtectionTimers HoldOff200 = new(Revertive: false, HoldOffMs: 200, WaitToRestoreMs: 0);
    private static readonly ProtectionTimers Revertive1000 = new(Revertive: true, HoldOffMs: 0, WaitToRestoreMs: 1000);

    [Fact]
    public void LossOfLight_SwitchesOnlyOnceItHasLastedTheHoldOff_AndAsksToBeWokenThen()
    {
        var first = ProtectionSwitch.Decide("NONE", onSecondary: false, primaryLit: false, secondaryLit: true, HoldOff200, default, nowMs: 1_000);
        Assert.False(first.OnSecondary);
        Assert.Equal(1_200, first.WakeAtMs);

        var early = ProtectionSwitch.Decide("NONE", false, false, true, HoldOff200, first.Clocks, nowMs: 1_199);
        Assert.False(early.OnSecondary);

        var due = ProtectionSwitch.Decide("NONE", false, false, true, HoldOff200, early.Clocks, nowMs: 1_200);
        Assert.True(due.OnSecondary);
        Assert.Null(due.WakeAtMs);
        Assert.Equal(default, due.Clocks);
    }

    [Fact]
    public void AFlapShorterThanTheHoldOff_DoesNotSwitch_AndForgetsItsClock()
    {
        var dark = ProtectionSwitch.Decide(null, false, false, true, HoldOff200, default, nowMs: 0);
        var back = ProtectionSwitch.Decide(null, false, true, true, HoldOff200, dark.Clocks, nowMs: 150);

        Assert.False(back.OnSecondary);
        Assert.Equal(default, back.Clocks);
        Assert.Null(back.WakeAtMs);

        // A second loss starts a new hold-off rather than continuing the first.
        var again = ProtectionSwitch.Decide(null, false, false, true, HoldOff200, back.Clocks, nowMs: 300);
        Assert.False(again.OnSecondary);
        Assert.Equal(500, again.WakeAtMs);
    }

    [Fact]
    public void WithoutHoldOff_SwitchesAtOnce_ButNotWhenTheOtherPathIsDarkToo()
    {
        var timers = new ProtectionTimers(false, 0, 0);
        Assert.True(ProtectionSwitch.Decide("NONE", false, false, true, timers, default, 0).OnSecondary);
        Assert.False(ProtectionSwitch.Decide("NONE", false, false, false, timers, default, 0).OnSecondary);
    }

    [Fact]
    public void Revertive_ReturnsToThePrimaryOnlyAfterItHasBeenClearForTheWaitToRestore_WithoutInterruption()
    {
        var back = ProtectionSwitch.Decide("NONE", onSecondary: true, primaryLit: true, secondaryLit: true, Revertive1000, default, nowMs: 10_000);
        Assert.True(back.OnSecondary);
        Assert.Equal(11_000, back.WakeAtMs);

        // The primary fails again during the wait: the wait starts over when it comes back.
        var failedAgain = ProtectionSwitch.Decide("NONE", true, false, true, Revertive1000, back.Clocks, nowMs: 10_500);
        Assert.True(failedAgain.OnSecondary);
        Assert.Null(failedAgain.WakeAtMs);
        var clearAgain = ProtectionSwitch.Decide("NONE", true, true, true, Revertive1000, failedAgain.Clocks, nowMs: 10_600);
        Assert.Equal(11_600, clearAgain.WakeAtMs);
        Assert.True(ProtectionSwitch.Decide("NONE", true, true, true, Revertive1000, clearAgain.Clocks, nowMs: 11_599).OnSecondary);

        var reverted = ProtectionSwitch.Decide("NONE", true, true, true, Revertive1000, clearAgain.Clocks, nowMs: 11_600);
        Assert.False(reverted.OnSecondary);
        Assert.Equal(default, reverted.Clocks);
    }

    [Fact]
    public void NonRevertive_StaysOnTheSecondary_WhileItHasLight()
    {
        var decision = ProtectionSwitch.Decide("NONE", true, true, true, new ProtectionTimers(false, 0, 0), default, 0);
        Assert.True(decision.OnSecondary);
        Assert.Null(decision.WakeAtMs);
    }

    [Fact]
    public void TheSecondaryFailingDuringTheWaitToRestore_SwitchesBackToThePrimaryAtOnce()
    {
        var waiting = ProtectionSwitch.Decide("NONE", true, true, true, Revertive1000, default, nowMs: 0);
        var failed = ProtectionSwitch.Decide("NONE", true, true, false, Revertive1000, waiting.Clocks, nowMs: 100);
        Assert.False(failed.OnSecondary);
    }

    [Theory]
    [InlineData("PRIMARY", false)]
    [InlineData("SECONDARY", true)]
    public void AForcedPosition_HoldsWhateverTheLight_AndKeepsNoClock(string force, bool onSecondary)
    {
        var decision = ProtectionSwitch.Decide(force, !onSecondary, primaryLit: !onSecondary ? false : true, secondaryLit: onSecondary ? false : true, Revertive1000, new SwitchClocks(5, 7), nowMs: 100);
        Assert.Equal(onSecondary, decision.OnSecondary);
        Assert.Equal(default, decision.Clocks);
        Assert.Null(decision.WakeAtMs);
    }
}
