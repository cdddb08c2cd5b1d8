using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Xunit;

namespace Continuum.Pce.TopologyGenerator.Tests;

public sealed class SyntheticNetworkGeneratorTests
{
    [Fact]
    public void Generate_SameSeed_GivesTheSameNetwork()
    {
        var options = new SyntheticNetworkOptions { Nodes = 200, Seed = 7 };

        var a = SyntheticNetworkGenerator.Generate(options);
        var b = SyntheticNetworkGenerator.Generate(options);

        Assert.Equal(Describe(a), Describe(b));
    }

    [Fact]
    public void Generate_DifferentSeeds_GiveDifferentNetworks()
    {
        var a = SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions { Nodes = 200, Seed = 1 });
        var b = SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions { Nodes = 200, Seed = 2 });

        Assert.NotEqual(Describe(a), Describe(b));
    }

    [Theory]
    [InlineData(50, 3.0)]
    [InlineData(1000, 3.0)]
    [InlineData(300, 4.0)]
    public void Generate_ReachesTheTargetAverageDegree_AndIsConnected(int nodes, double degree)
    {
        var network = SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions { Nodes = nodes, AverageDegree = degree, Seed = 3 });

        var roadms = network.Roadms.Count();
        var undirectedLinks = network.Fibers.Length / 2;
        Assert.Equal(nodes, roadms);
        Assert.InRange(2.0 * undirectedLinks / roadms, degree - 0.05, degree + 0.05);
        Assert.Equal(roadms, ReachableFrom(network, network.Roadms.First().Id));
    }

    [Fact]
    public void Generate_EveryFiberHasAReverseThatPointsBack()
    {
        var network = SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions { Nodes = 100, Seed = 5 });

        foreach (var fiber in network.Fibers)
        {
            Assert.True(fiber.Reverse.HasValue);
            var reverse = network.Fiber(fiber.Reverse.Value);
            Assert.Equal(fiber.Id, reverse.Reverse);
            Assert.Equal(fiber.Source, reverse.Destination);
        }
    }

    [Fact]
    public void Generate_WithFibrePairs_LaysEveryPairAlongEachLinkInOneDuct_AndWidensTheRoadms()
    {
        var single = SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions { Nodes = 100, Seed = 5 });
        var paired = SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions { Nodes = 100, Seed = 5, FiberPairs = 3 });

        Assert.Equal(single.Fibers.Length * 3, paired.Fibers.Length);
        foreach (var group in paired.Fibers.GroupBy(f => (f.Source, f.Destination)))
        {
            Assert.Equal(3, group.Count());
            Assert.Single(group.Select(f => f.Srlgs[0]).Distinct());
            Assert.All(group, f => Assert.Equal(f.Id, paired.Fiber(f.Reverse!.Value).Reverse));
        }

        var roadm = new NodeId("R00000");
        Assert.Equal(((Roadm)single.Nodes.First(n => n.Id == roadm)).Degrees * 3, ((Roadm)paired.Nodes.First(n => n.Id == roadm)).Degrees);
    }

    [Fact]
    public void Generate_WithTransponderInterfaces_GivesEverySiteThatMany()
    {
        var network = SyntheticNetworkGenerator.Generate(new SyntheticNetworkOptions { Nodes = 50, Seed = 5, TransponderInterfaces = 256 });

        Assert.All(network.Nodes.OfType<Transponder>(), t => Assert.Equal(256, t.Interfaces));
        Assert.Equal(50, network.Nodes.OfType<Transponder>().Count());
    }

    [Fact]
    public void SplitIntoSpans_NoSpanIsLongerThanTheSpanLength_AndLengthsAddUp()
    {
        var spans = SyntheticNetworkGenerator.SplitIntoSpans(245.0, 80, EquipmentIds.Default);

        Assert.Equal(4, spans.Length);
        Assert.All(spans, s => Assert.True(s.LengthKm <= 80));
        Assert.Equal(245.0, spans.Sum(s => s.LengthKm), 2);
    }

    [Fact]
    public void ContinuumDemo_HasTheSiteMixTheDesignAsksFor()
    {
        var network = ContinuumDemoNetwork.Build();

        var tiers = network.Sites.GroupBy(s => s.Tier).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(tiers[Domain.Sites.SiteTier.CoreDc] >= 3);
        Assert.True(tiers[Domain.Sites.SiteTier.RegionalDc] + tiers[Domain.Sites.SiteTier.Colo] >= 4);
        Assert.True(tiers[Domain.Sites.SiteTier.TelcoEdge] + tiers[Domain.Sites.SiteTier.Enterprise] + tiers[Domain.Sites.SiteTier.Industrial] >= 8);
        Assert.True(network.Sites.Select(s => s.Jurisdiction.Country).Distinct().Count() >= 3);
        Assert.Equal(network.Roadms.Count(), ReachableFrom(network, new NodeId("FRA-ROADM")));
    }

    [Fact]
    public void ContinuumDemo_LyonMunichFibre_ListsSwitzerlandAsTransit()
    {
        var fiber = ContinuumDemoNetwork.Build().Fiber(new FiberId("LYS-MUC"));

        Assert.Contains(fiber.Jurisdictions, j => j.Country == "CH");
    }

    private static int ReachableFrom(OpticalNetwork network, NodeId start)
    {
        var adjacency = network.Fibers.ToLookup(f => f.Source, f => f.Destination);
        var seen = new HashSet<NodeId> { start };
        var queue = new Queue<NodeId>([start]);
        while (queue.Count > 0)
        {
            foreach (var next in adjacency[queue.Dequeue()])
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen.Count;
    }

    private static string Describe(OpticalNetwork network) =>
        string.Join(";", network.Fibers.Select(f => $"{f.Id}:{f.LengthKm:F3}")) + "|" +
        string.Join(";", network.Sites.Select(s => $"{s.Id}:{s.Location.Latitude:F5},{s.Location.Longitude:F5}:{s.Tier}"));
}
