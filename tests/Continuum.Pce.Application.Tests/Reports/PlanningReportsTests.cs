using System.Xml.Linq;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Reports;
using Continuum.Pce.Application.Tests.Planning;
using Xunit;

namespace Continuum.Pce.Application.Tests.Reports;

public sealed class PlanningReportsTests
{
    [Fact]
    public void EnergyReport_StatesTheTotalsAndLinksEveryChartItRenders()
    {
        var energy = EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        var doc = PlanningReports.Energy("two-sites", energy);

        Assert.Contains("**340.0 W**", doc.Markdown, StringComparison.Ordinal);
        Assert.Contains("0.850 W per Gb/s", doc.Markdown, StringComparison.Ordinal);
        Assert.NotEmpty(doc.Charts);
        Assert.All(doc.Charts.Keys, file => Assert.Contains($"]({file})", doc.Markdown, StringComparison.Ordinal));
    }

    [Fact]
    public void CostReport_StatesCapexOpexAndCostPerGbps()
    {
        var cost = CostModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        var doc = PlanningReports.Cost("two-sites", cost);

        Assert.Contains("CAPEX **82,000 EUR**", doc.Markdown, StringComparison.Ordinal);
        Assert.Contains("per Gb/s", doc.Markdown, StringComparison.Ordinal);
        Assert.Equal(2, doc.Charts.Count);
    }

    [Fact]
    public void Charts_AreWellFormedSvgDocumentsThatNameTheirCategories()
    {
        var energy = EnergyModel.Evaluate(TwoSiteNetwork.Network, TwoSiteNetwork.Equipment, [TwoSiteNetwork.AToB()]);

        var doc = PlanningReports.Energy("two-sites", energy);

        foreach (var svg in doc.Charts.Values)
        {
            var root = XDocument.Parse(svg).Root!;
            Assert.Equal("svg", root.Name.LocalName);
        }

        Assert.Contains(">A<", doc.Charts["energy-by-site.svg"], StringComparison.Ordinal);
    }

    [Fact]
    public void LineChart_SkipsNonPositivePointsOnALogAxis()
    {
        var svg = SvgCharts.Lines("blocking", "Erlang", "%", [new ChartSeries("ksp-ff", [(100, 0), (200, 1.2), (250, 5.1)])], logY: true);

        Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
    }
}
