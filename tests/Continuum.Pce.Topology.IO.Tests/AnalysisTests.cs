using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO.Analysis;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

public sealed class AnalysisTests
{
    [Fact]
    public void TwoTrianglesJoinedByOneLink_HaveThatLinkAsBridge_AndItsEndsAsArticulationPoints()
    {
        var network = new NetworkBuilder()
            .Site("A").Site("B").Site("C").Site("D").Site("E").Site("F")
            .Link("A", "B", 10).Link("B", "C", 10).Link("C", "A", 10)
            .Link("C", "D", 10)
            .Link("D", "E", 10).Link("E", "F", 10).Link("F", "D", 10)
            .Build();

        var structure = TopologyAnalysis.Analyse(network);

        Assert.Single(structure.Components);
        Assert.Equal([("C-R", "D-R")], structure.Bridges);
        Assert.Equal(["C-R", "D-R"], structure.ArticulationPoints);
    }

    [Fact]
    public void Ring_HasNoBridgeAndNoArticulationPoint()
    {
        var network = new NetworkBuilder().Site("A").Site("B").Site("C").Site("D")
            .Link("A", "B", 10).Link("B", "C", 10).Link("C", "D", 10).Link("D", "A", 10).Build();

        var structure = TopologyAnalysis.Analyse(network);

        Assert.Empty(structure.Bridges);
        Assert.Empty(structure.ArticulationPoints);
    }

    [Fact]
    public void Chain_HasEveryLinkAsBridge_AndEveryInnerNodeAsArticulationPoint()
    {
        var network = new NetworkBuilder().Site("A").Site("B").Site("C").Link("A", "B", 10).Link("B", "C", 10).Build();

        var structure = TopologyAnalysis.Analyse(network);

        Assert.Equal(2, structure.Bridges.Count);
        Assert.Equal(["B-R"], structure.ArticulationPoints);
    }
}
