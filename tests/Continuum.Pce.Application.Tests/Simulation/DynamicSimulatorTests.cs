using Continuum.Pce.Application.Simulation;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Simulation;

public sealed class DynamicSimulatorTests
{
    private static readonly OpticalNetwork Mesh = new NetworkBuilder().WithGrid(SpectrumGrid.Benchmark100x12_5)
        .Site("A").Site("B").Site("C").Site("D").Site("E")
        .Link("A", "B", 400).Link("B", "C", 700).Link("C", "D", 300).Link("D", "E", 900).Link("E", "A", 500).Link("A", "C", 1100).Link("B", "D", 800)
        .Build();

    private static SimulationResult Run(string policy, double load, int[] seeds, int measured = 2000) =>
        DynamicSimulator.Run(Mesh, TestEquipment.Library, SimulationPolicy.All.Single(p => p.Name == policy),
            SimulationSettings.DeepRmsa(load) with { WarmupRequests = 500, MeasuredRequests = measured }, seeds);

    [Fact]
    public void SameSeed_GivesTheSameResult()
    {
        var a = Run("ksp-ff", 80, [3]);
        var b = Run("ksp-ff", 80, [3]);

        Assert.Equal(a.Seeds[0], b.Seeds[0] with { BlockedByReason = a.Seeds[0].BlockedByReason });
        Assert.Equal(a.Seeds[0].Blocked, b.Seeds[0].Blocked);
    }

    [Fact]
    public void Blocking_GrowsWithLoad()
    {
        var light = Run("ksp-ff", 20, [1, 2, 3]);
        var heavy = Run("ksp-ff", 600, [1, 2, 3]);

        Assert.True(light.MeanServiceBlocking < heavy.MeanServiceBlocking, $"{light.MeanServiceBlocking} vs {heavy.MeanServiceBlocking}");
        Assert.True(heavy.MeanServiceBlocking > 0);
    }

    [Fact]
    public void NegligibleLoad_BlocksNothing()
    {
        var result = Run("ksp-ff", 0.5, [1]);

        Assert.Equal(0, result.Seeds[0].Blocked);
        Assert.Equal(2000, result.Seeds[0].Requests);
    }

    [Fact]
    public void OnePath_BlocksAtLeastAsMuchAsFivePaths()
    {
        var sp = Run("sp-ff", 600, [1, 2, 3, 4]);
        var ksp = Run("ksp-ff", 600, [1, 2, 3, 4]);

        Assert.True(sp.MeanServiceBlocking >= ksp.MeanServiceBlocking);
    }

    [Fact]
    public void BlockedRequests_AreAllAttributedToAReason_AndBitRateBlockingIsConsistent()
    {
        var result = Run("ff-ksp", 600, [5]);

        Assert.Equal(result.Seeds[0].Blocked, result.Seeds[0].BlockedByReason.Values.Sum());
        Assert.InRange(result.MeanBitRateBlocking, 0, 1);
        Assert.True(result.Seeds[0].BlockedGbps <= result.Seeds[0].RequestedGbps);
    }

    [Fact]
    public void ConfidenceInterval_IsZeroForOneSeed_AndPositiveForSeveral()
    {
        Assert.Equal(0, Run("ksp-ff", 600, [1]).ServiceBlockingCi95);
        Assert.True(Run("ksp-ff", 600, [1, 2, 3]).ServiceBlockingCi95 > 0);
    }
}
