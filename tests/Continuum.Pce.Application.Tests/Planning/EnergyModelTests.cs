using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;
using Xunit;

namespace Continuum.Pce.Application.Tests.Planning;

public sealed class EnergyModelTests
{
    [Fact]
    public void NetworkPower_OneLightpath_IsTranspondersPlusLitAmplifiersPlusRoadms()
    {
        var report = EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        // 2 × 20 W transponders + 2 × 30 W amplifiers of the lit A→B fibre (B→A is dark and sleeps)
        // + 2 ROADMs × (100 W base + 1 degree × 20 W).
        Assert.Equal(340, report.TotalWatts, 9);
        Assert.Equal(340 * 8.76, report.KwhPerYear, 6);
        Assert.Equal(400, report.CarriedGbps);
        Assert.Equal(0.85, report.WattsPerGbps, 9);
    }

    [Fact]
    public void LightpathPower_AloneOnItsFibre_CarriesTheWholeLineSystem()
    {
        var report = EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        var lp = Assert.Single(report.Lightpaths);
        Assert.Equal(40, lp.TransponderWatts, 9);
        Assert.Equal(60, lp.AmplifierShareWatts, 9);
        Assert.Equal(40, lp.RoadmShareWatts, 9);
        Assert.Equal(140, lp.TotalWatts, 9);
    }

    [Fact]
    public void LightpathPower_SharesTheLineSystemInProportionToItsSlots()
    {
        var narrow = TwoSiteNetwork.AToB(4);
        var wide = TwoSiteNetwork.AToB(12) with { Id = "lp2", Slots = new SlotRange(4, 12) };

        var report = EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [narrow, wide]);

        Assert.Equal(60 * 4.0 / 16, report.Lightpaths[0].AmplifierShareWatts, 9);
        Assert.Equal(60 * 12.0 / 16, report.Lightpaths[1].AmplifierShareWatts, 9);
        Assert.Equal(60 + 40, report.Lightpaths.Sum(l => l.AmplifierShareWatts + l.RoadmShareWatts), 9);
    }

    [Fact]
    public void SiteEnergy_UsesEachSitesCarbonIntensityAndPrice()
    {
        var report = EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        // Site A: transponder 20 W + ROADM 120 W + the first in-line amplifier of A→B 30 W = 170 W.
        var a = report.Sites.Single(s => s.Site == new SiteId("A"));
        Assert.Equal(170, a.Watts, 9);
        Assert.Equal(1489.2 * 0.4, a.KgCo2PerYear, 6);
        Assert.Equal(1489.2 * 0.2, a.EnergyCostPerYear, 6);
        // Site B has the same 170 W (its pre-amplifier ends the fibre) at 50 g/kWh and 0.1 per kWh.
        var b = report.Sites.Single(s => s.Site == new SiteId("B"));
        Assert.Equal(1489.2 * 0.05, b.KgCo2PerYear, 6);
        Assert.Equal((1489.2 * 0.4 + 1489.2 * 0.05) / 1000, report.TonnesCo2PerYear, 9);
    }

    [Fact]
    public void NoLightpaths_OnlyRoadmsDrawPower_WhenDarkAmplifiersSleep()
    {
        var report = EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, []);

        Assert.Equal(240, report.TotalWatts, 9);
        Assert.True(double.IsPositiveInfinity(report.WattsPerGbps));
    }

    [Fact]
    public void DarkAmplifiers_DrawTheirIdleFraction_WhenConfigured()
    {
        var report = EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [],
            new EnergyAssumptions { DarkAmplifierPowerFraction = 0.5 });

        Assert.Equal(240 + 4 * 15, report.TotalWatts, 9);
    }
}
