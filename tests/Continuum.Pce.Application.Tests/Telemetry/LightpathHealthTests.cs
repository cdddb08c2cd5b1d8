using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Domain.Identity;
using Xunit;

namespace Continuum.Pce.Application.Tests.Telemetry;

public sealed class LightpathHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly NodeId T4 = new("T4");

    private static LightpathTelemetry Reading(bool? signal, double? osnr, DateTimeOffset? at = null) =>
        LightpathTelemetry.Empty.With(new ReceiverReading(T4, 1, signal, osnr, -10, null, at ?? T0));

    [Fact]
    public void Assess_OsnrAboveRequirementPlusMargin_IsHealthy()
    {
        var condition = LightpathHealth.Assess(Reading(true, 27.0), 24.0, 2.0, currentlyDegraded: false);

        Assert.False(condition.Degraded);
        Assert.Contains("OSNR 27.00 dB", condition.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_OsnrBelowRequirementPlusMargin_IsDegradedWithTheFigures()
    {
        var condition = LightpathHealth.Assess(Reading(true, 25.5), 24.0, 2.0, currentlyDegraded: false);

        Assert.True(condition.Degraded);
        Assert.Equal("OSNR 25.50 dB at T4 interface 1 below required 24.00 dB + 2.00 dB margin", condition.Reason);
    }

    [Fact]
    public void Assess_DegradedAndBarelyAboveThreshold_StaysDegradedUntilTheHysteresisIsCleared()
    {
        Assert.True(LightpathHealth.Assess(Reading(true, 26.1), 24.0, 2.0, currentlyDegraded: true).Degraded);
        Assert.False(LightpathHealth.Assess(Reading(true, 26.1), 24.0, 2.0, currentlyDegraded: false).Degraded);
        Assert.False(LightpathHealth.Assess(Reading(true, 26.0 + LightpathHealth.RecoveryHysteresisDb), 24.0, 2.0, currentlyDegraded: true).Degraded);
    }

    [Fact]
    public void Assess_LossOfSignal_IsDegradedWhateverTheLastOsnr()
    {
        var condition = LightpathHealth.Assess(Reading(true, 30).With(new ReceiverReading(T4, 1, false, null, null, null, T0.AddSeconds(1))), 24.0, 2.0, false);

        Assert.True(condition.Degraded);
        Assert.Equal("loss of signal at T4 interface 1", condition.Reason);
    }

    [Fact]
    public void Assess_FibreDown_IsDegradedUntilItComesBackUp()
    {
        var down = Reading(true, 30).WithFiber(new FiberId("R2-R3"), false, "DEG1-IN INACTIVE at R3", T0);

        Assert.Equal("fibre R2-R3 down (DEG1-IN INACTIVE at R3)", LightpathHealth.Assess(down, 24.0, 2.0, false).Reason);
        Assert.False(LightpathHealth.Assess(down.WithFiber(new FiberId("R2-R3"), true, "", T0), 24.0, 2.0, true).Degraded);
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
    public void Assess_UnknownMode_AppliesOnlyTheSignalAndFibreRules()
    {
        Assert.False(LightpathHealth.Assess(Reading(true, 3.0), null, 2.0, false).Degraded);
        Assert.True(LightpathHealth.Assess(Reading(false, 3.0), null, 2.0, false).Degraded);
    }
}
