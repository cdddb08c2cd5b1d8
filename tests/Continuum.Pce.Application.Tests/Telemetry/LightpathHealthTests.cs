using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Domain.Identity;
using Xunit;

namespace Continuum.Pce.Application.Tests.Telemetry;

public sealed class LightpathHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly NodeId T4 = new("T4");
    private static readonly OsnrRequirement Required = new(24.0, 2.0);
    private static readonly LightpathHealthOptions Options = new();

    // Lit at T0, no silo start in view: the settle window closes at T0 + 5 s.
    private static readonly SettleEpochs LitAtT0 = new(T0, null);
    private static readonly DateTimeOffset Settled = T0 + Options.SettleTime;

    private static LightpathTelemetry Reading(bool? signal, double? osnr, DateTimeOffset? at = null) =>
        LightpathTelemetry.Empty.With(new ReceiverReading(T4, 1, signal, osnr, -10, null, at ?? T0));

    private static HealthVerdict Judge(LightpathTelemetry telemetry, DateTimeOffset now, bool degraded = false, HealthTrack? track = null, SettleEpochs? epochs = null, HealthTrigger trigger = HealthTrigger.Reading, LightpathHealthOptions? options = null) =>
        LightpathHealth.Judge(telemetry, Required, degraded, epochs ?? LitAtT0, track ?? HealthTrack.None, trigger, now, options ?? Options);

    [Fact]
    public void Evaluate_OsnrAboveRequirementPlusMargin_IsClear()
    {
        var condition = LightpathHealth.Evaluate(Reading(true, 27.0), Required, 0.5);

        Assert.Equal(HealthConditionKind.Clear, condition.Kind);
        Assert.Contains("OSNR 27.00 dB", condition.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OsnrBelowRequirementPlusMargin_IsLowOsnrWithTheFigures()
    {
        var condition = LightpathHealth.Evaluate(Reading(true, 25.5), Required, 0.5);

        Assert.Equal(HealthConditionKind.LowOsnr, condition.Kind);
        Assert.Equal("OSNR 25.50 dB at T4 interface 1 below required 24.00 dB + 2.00 dB margin", condition.Reason);
    }

    [Fact]
    public void Evaluate_OsnrAboveThresholdButWithinTheRecoveryMargin_IsMarginal()
    {
        Assert.Equal(HealthConditionKind.Marginal, LightpathHealth.Evaluate(Reading(true, 26.4), Required, 0.5).Kind);
        Assert.Equal(HealthConditionKind.Clear, LightpathHealth.Evaluate(Reading(true, 26.5), Required, 0.5).Kind);
    }

    [Fact]
    public void Evaluate_LossOfSignal_IsLossOfLightWhateverTheLastOsnr()
    {
        var condition = LightpathHealth.Evaluate(Reading(true, 30).With(new ReceiverReading(T4, 1, false, null, null, null, T0.AddSeconds(1))), Required, 0.5);

        Assert.Equal(HealthConditionKind.LossOfLight, condition.Kind);
        Assert.Equal("loss of signal at T4 interface 1", condition.Reason);
    }

    [Fact]
    public void Evaluate_FibreDown_IsLossOfLightUntilItComesBackUp()
    {
        var down = Reading(true, 30).WithFiber(new FiberId("R2-R3"), false, "DEG1-IN INACTIVE at R3", T0);

        Assert.Equal("fibre R2-R3 down (DEG1-IN INACTIVE at R3)", LightpathHealth.Evaluate(down, Required, 0.5).Reason);
        Assert.Equal(HealthConditionKind.Clear, LightpathHealth.Evaluate(down.WithFiber(new FiberId("R2-R3"), true, "", T0), Required, 0.5).Kind);
    }

    [Fact]
    public void Evaluate_UnknownMode_AppliesOnlyTheSignalAndFibreRules()
    {
        Assert.False(LightpathHealth.Evaluate(Reading(true, 3.0), new OsnrRequirement(null, 2.0), 0.5).Impaired);
        Assert.True(LightpathHealth.Evaluate(Reading(false, 3.0), new OsnrRequirement(null, 2.0), 0.5).Impaired);
    }

    [Fact]
    public void With_AnOlderReading_IsIgnoredAndPartialReadingsKeepHeldFigures()
    {
        var t = Reading(true, 28.0, T0.AddSeconds(5));

        Assert.Same(t, t.With(new ReceiverReading(T4, 1, false, 1, null, null, T0)));
        var merged = t.With(new ReceiverReading(T4, 1, null, 27.0, null, null, T0.AddSeconds(6)));
        Assert.Equal((true, 27.0, -10.0), (merged.Receivers[0].SignalPresent!.Value, merged.Receivers[0].OsnrDb!.Value, merged.Receivers[0].InputPowerDbm!.Value));
        Assert.Equal(27.0, merged.MeasuredOsnrDb());
    }

    [Fact]
    public void With_SignalBackAfterALoss_DropsTheFiguresMeasuredWithoutLight()
    {
        // The flap of issue 21: the far transponder lit after the near one, whose receiver had reported loss of signal
        // and OSNR 0; the status ACTIVE arrives before the new OSNR (one sample each) and must not read as "OSNR 0".
        var dark = Reading(false, 0.0, T0);

        var relit = dark.With(new ReceiverReading(T4, 1, true, null, null, null, T0.AddMilliseconds(300)));

        Assert.Null(relit.Receivers[0].OsnrDb);
        Assert.Equal(HealthConditionKind.Clear, LightpathHealth.Evaluate(relit, Required, 0.5).Kind);
    }

    [Fact]
    public void ForPath_DropsOutagesOfFibresNoLongerOnThePathAndReadingsOfReceiversNoLongerUsed()
    {
        var telemetry = Reading(true, 27)
            .With(new ReceiverReading(T4, 2, false, null, null, null, T0))
            .WithFiber(new FiberId("R2-R3"), false, "DEG1-IN INACTIVE at R3", T0)
            .WithFiber(new FiberId("R1-R2"), false, "DEG1-IN INACTIVE at R2", T0);

        var current = telemetry.ForPath([new FiberId("R1-R2"), new FiberId("R2-R1")], [new ReceiverId(T4, 1)]);

        Assert.Equal([new FiberId("R1-R2")], current.FibersDown.Select(f => f.Fiber));
        Assert.Equal([1], current.Receivers.Select(r => r.Interface));
        Assert.Same(current, current.ForPath([new FiberId("R1-R2")], [new ReceiverId(T4, 1)]));
        Assert.Equal(2, telemetry.ForPath([new FiberId("R1-R2")], []).Receivers.Length);
    }

    [Fact]
    public void Judge_RerouteOffACutFibreThenItsRepairNeverReachesTheLightpath_StaysActive()
    {
        // Cut on R2-R3, rerouted onto R2-R5-R3: the repair is told only to R2-R3's owners, which this lightpath no longer is.
        var cut = Reading(true, 27).WithFiber(new FiberId("R2-R3"), false, "DEG2-IN INACTIVE at R3", T0);
        var onNewPath = cut.ForPath([new FiberId("R2-R5"), new FiberId("R5-R3")], [new ReceiverId(T4, 1)]);

        var verdict = Judge(onNewPath, Settled.AddMinutes(1));

        Assert.Equal(HealthDecision.Stay, verdict.Decision);
        Assert.Equal(HealthConditionKind.Clear, verdict.Condition.Kind);
        Assert.Empty(onNewPath.FibersDown);
    }

    [Fact]
    public void Judge_LossOfSignalWithinTheSettleWindow_DoesNotDegradeAndAsksToLookAgainWhenItCloses()
    {
        var verdict = Judge(Reading(false, 0), T0.AddSeconds(1));

        Assert.Equal(HealthDecision.Stay, verdict.Decision);
        Assert.Equal(Settled, verdict.ReassessAt);
        Assert.Equal(HealthTrack.None, verdict.Track);
    }

    [Fact]
    public void Judge_LossOfSignalStillHeldWhenTheSettleWindowCloses_DegradesAtOnce()
    {
        var verdict = Judge(Reading(false, 0), Settled, trigger: HealthTrigger.Timer);

        Assert.Equal(HealthDecision.Degrade, verdict.Decision);
        Assert.Equal("loss of signal at T4 interface 1", verdict.Condition.Reason);
    }

    [Fact]
    public void Judge_LossOfSignalWhenConfiguredToPersist_WaitsLikeLowOsnr()
    {
        var options = new LightpathHealthOptions { LossOfSignalDegradesAtOnce = false };

        var first = Judge(Reading(false, 0), Settled, options: options);

        Assert.Equal(HealthDecision.Stay, first.Decision);
        Assert.Equal(Settled + options.DegradeAfter, first.ReassessAt);
    }

    [Fact]
    public void Judge_HealthyWithinTheSettleWindow_HasNothingToLookAgainFor()
    {
        Assert.Null(Judge(Reading(true, 27), T0.AddSeconds(1)).ReassessAt);
    }

    [Fact]
    public void Judge_SiloStartedRecently_SettlesForTheStartupWindowEvenOnALongLitLightpath()
    {
        var started = T0.AddHours(3);
        var epochs = new SettleEpochs(T0, started);

        var during = Judge(Reading(false, 0), started.AddSeconds(9), epochs: epochs);
        var after = Judge(Reading(false, 0), started + Options.StartupSettleTime, epochs: epochs, trigger: HealthTrigger.Timer);

        Assert.Equal(HealthDecision.Stay, during.Decision);
        Assert.Equal(started + Options.StartupSettleTime, during.ReassessAt);
        Assert.Equal(HealthDecision.Degrade, after.Decision);
    }

    [Fact]
    public void Judge_LowOsnr_DegradesOnlyOnTheThirdConsecutiveReading()
    {
        var low = Reading(true, 25.0);
        var now = Settled.AddSeconds(10);

        var first = Judge(low, now);
        var second = Judge(low, now.AddMilliseconds(100), track: first.Track);
        var third = Judge(low, now.AddMilliseconds(200), track: second.Track);

        Assert.Equal((HealthDecision.Stay, HealthDecision.Stay, HealthDecision.Degrade), (first.Decision, second.Decision, third.Decision));
        Assert.Equal(new HealthTrack(now, 2, null), second.Track);
        Assert.Equal(now + Options.DegradeAfter, first.ReassessAt);
    }

    [Fact]
    public void Judge_LowOsnrInterruptedByAGoodReading_StartsCountingAgain()
    {
        var now = Settled.AddSeconds(10);
        var first = Judge(Reading(true, 25.0), now);
        var second = Judge(Reading(true, 25.0), now.AddMilliseconds(100), track: first.Track);
        var good = Judge(Reading(true, 27.0), now.AddMilliseconds(200), track: second.Track);

        var again = Judge(Reading(true, 25.0), now.AddMilliseconds(300), track: good.Track);

        Assert.Equal(HealthTrack.None, good.Track);
        Assert.Equal(HealthDecision.Stay, again.Decision);
        Assert.Equal(1, again.Track.ImpairedReadings);
    }

    [Fact]
    public void Judge_LowOsnrHeldForTheDegradeTimeWithoutNewReadings_DegradesOnTheTimer()
    {
        var now = Settled.AddSeconds(10);
        var first = Judge(Reading(true, 25.0), now);

        var early = Judge(Reading(true, 25.0), now + Options.DegradeAfter - TimeSpan.FromMilliseconds(1), track: first.Track, trigger: HealthTrigger.Timer);
        var due = Judge(Reading(true, 25.0), now + Options.DegradeAfter, track: first.Track, trigger: HealthTrigger.Timer);

        Assert.Equal(HealthDecision.Stay, early.Decision);
        Assert.Equal(1, early.Track.ImpairedReadings);
        Assert.Equal(HealthDecision.Degrade, due.Decision);
    }

    [Fact]
    public void Judge_DegradedAndOsnrBackAboveTheThresholdButWithinTheMargin_StaysDegraded()
    {
        var verdict = Judge(Reading(true, 26.0 + Options.RecoveryMarginDb - 0.01), Settled.AddMinutes(1), degraded: true);

        Assert.Equal(HealthDecision.Stay, verdict.Decision);
        Assert.Null(verdict.ReassessAt);
        Assert.Equal(HealthConditionKind.Marginal, verdict.Condition.Kind);
    }

    [Fact]
    public void Judge_DegradedAndOsnrAboveThresholdPlusMargin_RecoversOnlyAfterTheHoldTime()
    {
        var good = Reading(true, 26.0 + Options.RecoveryMarginDb);
        var now = Settled.AddMinutes(1);

        var first = Judge(good, now, degraded: true);
        var early = Judge(good, now + Options.RecoveryHold - TimeSpan.FromMilliseconds(1), degraded: true, track: first.Track, trigger: HealthTrigger.Timer);
        var due = Judge(good, now + Options.RecoveryHold, degraded: true, track: first.Track, trigger: HealthTrigger.Timer);

        Assert.Equal(HealthDecision.Stay, first.Decision);
        Assert.Equal(now + Options.RecoveryHold, first.ReassessAt);
        Assert.Equal(HealthDecision.Stay, early.Decision);
        Assert.Equal(HealthDecision.Recover, due.Decision);
    }

    [Fact]
    public void Judge_DegradedAndADipDuringTheHold_RestartsTheHold()
    {
        var now = Settled.AddMinutes(1);
        var first = Judge(Reading(true, 27.0), now, degraded: true);
        var dip = Judge(Reading(true, 26.2), now.AddSeconds(5), degraded: true, track: first.Track);

        var back = Judge(Reading(true, 27.0), now.AddSeconds(11), degraded: true, track: dip.Track);

        Assert.Equal(HealthDecision.Stay, back.Decision);
        Assert.Equal(now.AddSeconds(11) + Options.RecoveryHold, back.ReassessAt);
    }

    [Fact]
    public void Judge_DegradedWithinASettleWindow_NeitherRecoversNorStartsTheHold()
    {
        var verdict = Judge(Reading(true, 30.0), T0.AddSeconds(1), degraded: true);

        Assert.Equal(HealthDecision.Stay, verdict.Decision);
        Assert.Equal(HealthTrack.None, verdict.Track);
        Assert.Equal(Settled, verdict.ReassessAt);
    }
}
