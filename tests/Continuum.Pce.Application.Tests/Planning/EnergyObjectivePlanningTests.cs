using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Planning;

public sealed class EnergyObjectivePlanningTests
{
    /// <summary>A–B and B–C of 80 km each, and a direct A–C of 120 km (two spans, two amplifiers).</summary>
    private static readonly Domain.Network.OpticalNetwork Triangle = new NetworkBuilder()
        .Site("A").Site("B").Site("C")
        .Link("A", "B", 80).Link("B", "C", 80).Link("A", "C", 120)
        .Build();

    private static readonly Demand[] Demands =
    [
        new(new SiteId("A"), new SiteId("B"), 100),
        new(new SiteId("B"), new SiteId("C"), 100),
        new(new SiteId("A"), new SiteId("C"), 100),
    ];

    [Fact]
    public void EnergyObjective_ThirdDemand_RidesTheTwoLitFibresInsteadOfLightingTheDirectOne()
    {
        var plan = DemandPlanner.Plan(Triangle, TestEquipment.Library, Demands, Objective.Energy);

        Assert.Equal(["A-B", "B-C"], plan.Lightpaths[2].Fibers.Select(f => f.Value));
    }

    [Fact]
    public void LatencyObjective_ThirdDemand_TakesTheDirectFibre()
    {
        var plan = DemandPlanner.Plan(Triangle, TestEquipment.Library, Demands, Objective.Latency);

        Assert.Equal(["A-C"], plan.Lightpaths[2].Fibers.Select(f => f.Value));
    }

    [Fact]
    public void Comparison_EqualLoad_EnergyAwareSavesTheDirectFibresAmplifiersAtEqualBlocking()
    {
        var comparison = ObjectiveComparison.Compare(Triangle, TestEquipment.Library, Demands);

        var latency = comparison.Of(Objective.Latency);
        var energy = comparison.Of(Objective.Energy);
        Assert.Equal(0, latency.Blocking);
        Assert.Equal(0, energy.Blocking);
        Assert.Equal(2 * 45, latency.Figures.TotalWatts - energy.Figures.TotalWatts, 9);
        Assert.Equal(2, energy.Figures.LitFibres);
        Assert.True(energy.Figures.MeanLatencyUs > latency.Figures.MeanLatencyUs);
        // With dark degrees asleep the direct link's two degrees (A and C, 80 W each) are saved too.
        Assert.Equal((2 * 45) + (2 * 80), latency.WattsDegreesAsleep - energy.WattsDegreesAsleep, 9);
    }

    [Fact]
    public void EnergyModel_DarkDegreesAsleep_RoadmsDrawOnlyTheirLitDegrees()
    {
        var plan = DemandPlanner.Plan(Triangle, TestEquipment.Library, [Demands[0]]);

        var report = EnergyModel.Evaluate(Triangle, TestEquipment.Library, plan.Lightpaths, new EnergyAssumptions { DarkDegreePowerFraction = 0 });

        // A and B keep their degree toward each other; C's two links are dark. 3 × 150 W base + 2 × 80 W.
        Assert.Equal((3 * 150) + (2 * 80), report.Equipment.Where(e => e.Kind == "roadm").Sum(e => e.Watts), 9);
    }
}
