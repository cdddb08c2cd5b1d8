using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Planning;

public sealed class WhatIfTests
{
    // Test equipment: 400G mode 24 W, amplifier 45 W, ROADM 150 W + 80 W per degree, 1 µs.
    private const double RoadmsW = 3 * (150 + (2 * 80));

    /// <summary>A triangle: A–B direct over 80 km (one span, one amplifier), or A–C–B over 2 × 160 km (two spans each).</summary>
    private static readonly Domain.Network.OpticalNetwork Triangle = new NetworkBuilder()
        .Site("A").Site("B").Site("C")
        .Link("A", "B", 80).Link("A", "C", 160).Link("C", "B", 160)
        .Build();

    private static readonly Demand AToB = new(new SiteId("A"), new SiteId("B"), 400);

    private static WhatIfResult Run(WhatIfRequest request, params Demand[] demands) =>
        Assert.IsType<WhatIfResult>(WhatIf.Run(Triangle, TestEquipment.Library, demands.Length > 0 ? demands : [AToB], request));

    [Fact]
    public void Before_OneLightpathOnTheDirectFibre_IsTranspondersOneAmplifierAndRoadms()
    {
        var result = Run(new WhatIfRequest());

        Assert.Equal(1, result.Before.Lightpaths);
        Assert.Equal((2 * 24) + 45 + RoadmsW, result.Before.TotalWatts, 9);
        Assert.Equal(0, result.PowerChangeW, 9);
    }

    [Fact]
    public void CutDirectFibre_ReroutesViaTheDetourAndLightsItsFourAmplifiers()
    {
        var result = Run(new WhatIfRequest { CutFibers = [NetworkBuilder.FiberBetween("A", "B")] });

        var moved = Assert.Single(result.Rerouted);
        Assert.Empty(result.Lost);
        Assert.Equal(["A-C", "C-B"], moved.After.Fibers.Select(f => f.Value));
        Assert.Equal(["A-B", "B-A"], result.CutFibers.Select(f => f.Value));
        Assert.Equal((2 * 24) + (4 * 45) + RoadmsW, result.After.TotalWatts, 9);
        Assert.Equal(3 * 45, result.PowerChangeW, 9);
        Assert.Equal(0, result.CapexChange, 9); // same transponders, the line system is installed either way
        Assert.Equal((240 * PhysicalConstants.FiberLatencyUsPerKm) + 1, moved.LatencyChangeUs, 6); // 240 km more and ROADM C
        Assert.Equal(moved.LatencyChangeUs, result.MeanLatencyChangeUs, 9);
    }

    [Fact]
    public void CutEveryRouteFromA_LosesTheLightpathWithNoPath()
    {
        var result = Run(new WhatIfRequest { CutFibers = [NetworkBuilder.FiberBetween("A", "B"), NetworkBuilder.FiberBetween("A", "C")] });

        var lost = Assert.Single(result.Lost);
        Assert.Equal(BlockReason.NoPath, lost.Reason.Reason);
        Assert.Equal(0, result.After.Lightpaths);
        Assert.Equal(RoadmsW, result.After.TotalWatts, 9);
        Assert.Equal(-400, result.CarriedGbpsChange);
    }

    [Fact]
    public void AddedDemands_ArePlacedOnTopAndAddTheirTranspondersAndLine()
    {
        var added = new Demand(new SiteId("C"), new SiteId("B"), 100, 2);

        var result = Run(new WhatIfRequest { AddedDemands = [added] });

        Assert.Equal(2, result.Added.Length);
        Assert.Empty(result.AddedRefused);
        Assert.Equal(200, result.CarriedGbpsChange);
        // Two 100G lightpaths (2 × 2 × 18 W) on C→B, whose two amplifiers light up.
        Assert.Equal((4 * 18) + (2 * 45), result.PowerChangeW, 9);
        Assert.Equal(4 * 12_000, result.CapexChange, 9);
    }

    [Fact]
    public void UnknownFibreOrSite_IsRejectedWithEveryProblemNamed()
    {
        var request = new WhatIfRequest
        {
            CutFibers = [new FiberId("A-Z")],
            AddedDemands = [new Demand(new SiteId("A"), new SiteId("Nowhere"), 0)],
        };

        var rejected = Assert.IsType<WhatIfRejected>(WhatIf.Run(Triangle, TestEquipment.Library, [AToB], request));

        Assert.Contains(rejected.Errors, e => e.Contains("unknown fibre 'A-Z'", StringComparison.Ordinal));
        Assert.Contains(rejected.Errors, e => e.Contains("unknown site 'Nowhere'", StringComparison.Ordinal));
        Assert.Contains(rejected.Errors, e => e.Contains("rateGbps must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void CutOneDirectionOnly_LeavesTheReverseInService()
    {
        var back = new Demand(new SiteId("B"), new SiteId("A"), 400);

        var result = Run(new WhatIfRequest { CutFibers = [NetworkBuilder.FiberBetween("A", "B")], CutReverse = false }, AToB, back);

        Assert.Equal(["A-B"], result.CutFibers.Select(f => f.Value));
        Assert.Single(result.Rerouted);
    }
}
