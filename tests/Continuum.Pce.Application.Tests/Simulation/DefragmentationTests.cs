using Continuum.Pce.Application.Simulation;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.TestKit.Routing;
using Continuum.Pce.TestKit.Topology;
using Xunit;

namespace Continuum.Pce.Application.Tests.Simulation;

public sealed class DefragmentationTests
{
    private static readonly OpticalNetwork Mesh = new NetworkBuilder().WithGrid(SpectrumGrid.Benchmark100x12_5)
        .Site("A").Site("B").Site("C").Site("D").Site("E")
        .Link("A", "B", 400).Link("B", "C", 700).Link("C", "D", 300).Link("D", "E", 900).Link("E", "A", 500).Link("A", "C", 1100).Link("B", "D", 800)
        .Build();

    private static readonly SimulationPolicy KspFf = SimulationPolicy.All.Single(p => p.Name == "ksp-ff");

    private static SimulationResult Run(double load, DefragSettings defrag, int[]? seeds = null) =>
        DynamicSimulator.Run(Mesh, TestEquipment.Library, KspFf, SimulationSettings.DeepRmsa(load) with { WarmupRequests = 1000, MeasuredRequests = 4000, Defrag = defrag }, seeds ?? [1, 2, 3, 4]);

    [Theory]
    [InlineData(DefragTrigger.OnBlock, DefragMethod.Reroute)]
    [InlineData(DefragTrigger.OnBlock, DefragMethod.Retune)]
    [InlineData(DefragTrigger.Periodic, DefragMethod.Reroute)]
    public void Defragmentation_AtEqualLoad_BlocksLessAndCountsItsMoves(DefragTrigger trigger, DefragMethod method)
    {
        var without = Run(450, DefragSettings.None);
        var with = Run(450, new DefragSettings(trigger, method, 50));

        Assert.True(with.MeanServiceBlocking < without.MeanServiceBlocking, $"{with.MeanServiceBlocking:P2} with vs {without.MeanServiceBlocking:P2} without");
        Assert.True(with.MeanMovesPerThousand > 0);
        Assert.All(with.Seeds, s => Assert.True(s.DefragRuns > 0));
        Assert.Equal(0, without.MeanMovesPerThousand);
    }

    [Theory]
    [InlineData("nsfnet_deeprmsa_undirected.json", "deeprmsa-nsfnet", 250)]
    [InlineData("cost239_deeprmsa_undirected.json", "deeprmsa-cost239", 600)]
    public void OnBlockReroute_AtTwentyPercentMoreLoad_BlocksLessThanKspFfWithout(string file, string presetName, double load)
    {
        // Blocking grows with load, so blocking less at 1.2 × L than without defragmentation at L means the load at
        // equal blocking is more than 20 % higher.
        var topology = XlronTopologyReader.Read(Path.Combine(XlronTopologyReader.ReferenceDirectory, file));
        var builder = new NetworkBuilder();
        foreach (var node in topology.Nodes)
        {
            builder.Site(node);
        }

        foreach (var link in topology.Links)
        {
            builder.Link(topology.Nodes[link.A], topology.Nodes[link.B], link.Km);
        }

        var network = builder.Build();
        Assert.True(SimulationPreset.TryGet(presetName, out var preset));
        var settings = preset.Settings with { WarmupRequests = 2000, MeasuredRequests = 5000 };
        int[] seeds = [1, 2, 3, 4];

        var without = DynamicSimulator.Run(network, TestEquipment.Library, KspFf, settings with { LoadErlang = load }, seeds);
        var with = DynamicSimulator.Run(network, TestEquipment.Library, KspFf, settings with { LoadErlang = 1.2 * load, Defrag = new DefragSettings(DefragTrigger.OnBlock, DefragMethod.Reroute, 0) }, seeds);

        Assert.True(without.MeanServiceBlocking > 0.02, $"{without.MeanServiceBlocking:P2}");
        Assert.True(with.MeanServiceBlocking < without.MeanServiceBlocking, $"{with.MeanServiceBlocking:P2} at {1.2 * load} E with vs {without.MeanServiceBlocking:P2} at {load} E without");
    }

    [Fact]
    public void Defragmentation_IsDeterministicPerSeed()
    {
        var settings = new DefragSettings(DefragTrigger.OnBlock, DefragMethod.Reroute, 0);

        var a = Run(500, settings, [7]);
        var b = Run(500, settings, [7]);

        Assert.Equal((a.Seeds[0].Blocked, a.Seeds[0].Moves), (b.Seeds[0].Blocked, b.Seeds[0].Moves));
    }

    [Fact]
    public void EqualBlocking_InterpolatesInLogBlocking_AndSaysWhenOutOfRange()
    {
        List<(double, double)> curve = [(100, 0.001), (200, 0.01), (300, 0.1)];

        Assert.Equal(150, EqualBlocking.LoadAt(curve, Math.Sqrt(0.001 * 0.01))!.Value, 6);
        Assert.Equal(300, EqualBlocking.LoadAt(curve, 0.1)!.Value, 6);
        Assert.Null(EqualBlocking.LoadAt(curve, 0.2));
        var gain = EqualBlocking.Gains([(100, 0.01)], curve).Single();
        Assert.Equal(1.0, gain.Gain!.Value, 6);
    }

    [Fact]
    public void PeriodicDefrag_WithoutAPeriod_IsRefused()
    {
        var settings = SimulationSettings.DeepRmsa(100) with { Defrag = new DefragSettings(DefragTrigger.Periodic, DefragMethod.Retune, 0) };

        Assert.Contains(settings.Validate(), e => e.StartsWith("defrag.everyRequests", StringComparison.Ordinal));
    }
}
