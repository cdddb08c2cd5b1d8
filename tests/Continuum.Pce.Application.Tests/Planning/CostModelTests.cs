using Continuum.Pce.Application.Planning;
using Xunit;

namespace Continuum.Pce.Application.Tests.Planning;

public sealed class CostModelTests
{
    [Fact]
    public void Capex_CountsTransponderInterfacesInUseEveryAmplifierAndEveryRoadm()
    {
        var report = CostModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        // 2 interfaces × 10 000 + 4 amplifiers × 8 000 + 2 chassis × 10 000 + 2 degrees × 5 000.
        Assert.Equal(20_000 + 32_000 + 20_000 + 10_000, report.Capex, 9);
        Assert.Equal("EUR", report.Currency);
    }

    [Fact]
    public void Opex_IsTheEnergyCostAtEachSitesPrice()
    {
        var report = CostModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        Assert.Equal(1489.2 * 0.2 + 1489.2 * 0.1, report.OpexPerYear, 6);
    }

    [Fact]
    public void CostPerGbpsAndPerGbpsKm_DivideFiveYearOwnershipByCarriedTraffic()
    {
        var report = CostModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        var tco = 82_000 + 5 * (1489.2 * 0.3);
        Assert.Equal(tco, report.TotalCostOfOwnership, 6);
        Assert.Equal(tco / 400, report.CostPerGbps, 6);
        Assert.Equal(tco / (400 * 160), report.CostPerGbpsKm, 9);
    }

    [Fact]
    public void WhatIf_AddingADemand_RaisesCapexByTwoInterfacesAndLowersCostPerGbps()
    {
        var one = CostModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);
        var two = CostModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment,
            [TwoSiteNetwork.AToB(), TwoSiteNetwork.AToB() with { Id = "lp2", Slots = new(12, 12) }]);

        Assert.Equal(one.Capex + 20_000, two.Capex, 9);
        Assert.True(two.CostPerGbps < one.CostPerGbps);
    }
}
