using Continuum.Pce.Domain.Lightpaths;
using Xunit;

namespace Continuum.Pce.Domain.Tests;

public sealed class LightpathLifecycleTests
{
    [Fact]
    public void HappyPath_RequestedToDeleted_IsLegalStepByStep()
    {
        LightpathState[] steps =
        [
            LightpathState.Requested, LightpathState.Computed, LightpathState.Reserved, LightpathState.Provisioning,
            LightpathState.Active, LightpathState.Degraded, LightpathState.Restoring, LightpathState.Active,
            LightpathState.Deleting, LightpathState.Deleted,
        ];

        for (var i = 1; i < steps.Length; i++)
        {
            Assert.True(LightpathLifecycle.CanMove(steps[i - 1], steps[i]), $"{steps[i - 1]} -> {steps[i]}");
        }
    }

    [Fact]
    public void FinalStates_AllowNoFurtherTransition()
    {
        foreach (var to in Enum.GetValues<LightpathState>())
        {
            Assert.False(LightpathLifecycle.CanMove(LightpathState.Deleted, to));
            Assert.False(LightpathLifecycle.CanMove(LightpathState.Failed, to));
        }
    }

    [Fact]
    public void Failed_IsReachableFromEveryLiveState()
    {
        foreach (var from in Enum.GetValues<LightpathState>().Where(s => !LightpathLifecycle.IsFinal(s)))
        {
            Assert.True(LightpathLifecycle.CanMove(from, LightpathState.Failed));
        }
    }

    [Theory]
    [InlineData(LightpathState.Requested, LightpathState.Active)]
    [InlineData(LightpathState.Computed, LightpathState.Provisioning)]
    [InlineData(LightpathState.Active, LightpathState.Reserved)]
    [InlineData(LightpathState.Deleting, LightpathState.Active)]
    public void SkippingOrReversingSteps_IsIllegal(LightpathState from, LightpathState to)
    {
        Assert.False(LightpathLifecycle.CanMove(from, to));
    }
}
