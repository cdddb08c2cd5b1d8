using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Graph;
using Continuum.Pce.Routing.Rsa;
using Continuum.Pce.Routing.Spectrum;
using Xunit;

namespace Continuum.Pce.Routing.Tests;

public sealed class EnergyObjectiveTests
{
    private const double AmplifierW = 50;
    private const double DegreeW = 20;

    /// <summary>
    /// s → a → t is short (2 × 100 km), s → b → t long (2 × 300 km); every fibre's amplifiers draw 50 W together and
    /// every ROADM degree 20 W. <paramref name="litLong"/> puts a channel on the long route's fibres (s→b, b→t).
    /// </summary>
    private static PathComputer Network(bool litLong, int slots = 100)
    {
        var builder = new CompactGraphBuilder();
        foreach (var name in new[] { "s", "a", "b", "t" })
        {
            builder.AddNode(name, latencyUs: 1, degreePowerW: DegreeW);
        }

        builder.AddDuplex("sa", 0, 1, 100, amplifierPowerW: AmplifierW);
        builder.AddDuplex("at", 1, 3, 100, amplifierPowerW: AmplifierW);
        builder.AddDuplex("sb", 0, 2, 300, amplifierPowerW: AmplifierW);
        builder.AddDuplex("bt", 2, 3, 300, amplifierPowerW: AmplifierW);
        var graph = builder.Freeze(1);
        var computer = new PathComputer(graph, new SpectrumState(graph, new SpectrumGrid(new Domain.Units.Frequency(191_325_000), 12_500, slots)));
        if (litLong)
        {
            foreach (var id in new[] { "sb:f", "bt:f" })
            {
                Assert.True(graph.TryGetEdge(new FiberId(id), out var e));
                computer.Spectrum.SetRange(e, 50, 4, true);
            }
        }

        return computer;
    }

    private static PathRequest Request(Objective objective) => new(new NodeId("s"), new NodeId("t"), 100, PathConstraints.None, objective);

    private static DeepRmsaModes Modes => new(SpectrumGrid.Benchmark100x12_5);

    private static string[] Route(RsaOutcome outcome) => [.. Assert.IsType<RsaFound>(outcome).Working.Nodes.Select(n => n.Value)];

    [Fact]
    public void Energy_LongerRouteAlreadyLit_PicksTheLitRoute()
    {
        var computer = Network(litLong: true);

        Assert.Equal(["s", "b", "t"], Route(computer.Compute(Request(Objective.Energy), Modes)));
    }

    [Fact]
    public void Latency_LongerRouteAlreadyLit_StillPicksTheShorterDarkRoute()
    {
        var computer = Network(litLong: true);

        Assert.Equal(["s", "a", "t"], Route(computer.Compute(Request(Objective.Latency), Modes)));
    }

    [Fact]
    public void Energy_EverythingDark_PicksTheFasterOfEquallyCostlyRoutes()
    {
        var computer = Network(litLong: false);

        Assert.Equal(["s", "a", "t"], Route(computer.Compute(Request(Objective.Energy), Modes)));
    }

    [Fact]
    public void Energy_LitRouteHasNoFreeSpectrum_FallsBackToTheDarkRoute()
    {
        var computer = Network(litLong: true);
        foreach (var id in new[] { "sb:f", "bt:f" })
        {
            Assert.True(computer.Graph.TryGetEdge(new FiberId(id), out var e));
            computer.Spectrum.SetRange(e, 0, 100, true);
        }

        Assert.Equal(["s", "a", "t"], Route(computer.Compute(Request(Objective.Energy), Modes)));
    }

    [Fact]
    public void AddedPower_DarkPath_IsTranspondersAmplifiersAndBothDegreesOfEveryFibre()
    {
        var computer = Network(litLong: false);
        var edges = Edges(computer.Graph, "sa:f", "at:f");

        // 2 × 30 W transponders + 2 fibres × (50 W amplifiers + 20 W degree at each end).
        Assert.Equal(60 + (2 * (AmplifierW + (2 * DegreeW))), computer.Engine.AddedPowerW(edges, 30), 9);
    }

    [Fact]
    public void AddedPower_LitPath_IsOnlyTheTransponders()
    {
        var computer = Network(litLong: true);

        Assert.Equal(60, computer.Engine.AddedPowerW(Edges(computer.Graph, "sb:f", "bt:f"), 30), 9);
    }

    [Fact]
    public void AddedPower_ReverseFibreLit_DegreesAreAwakeSoOnlyAmplifiersCount()
    {
        var computer = Network(litLong: true);

        // b→s and t→b are dark but their duplex partners carry light: the degrees already draw power.
        Assert.Equal(2 * AmplifierW, computer.Engine.AddedPowerW(Edges(computer.Graph, "bt:r", "sb:r"), 0), 9);
    }

    [Fact]
    public void Energy_TransponderPowerOfTheReachableMode_CountsInTheChoice()
    {
        // A 400G request: the short route reaches with a 20 W mode, the long one only with a 60 W mode; the long route
        // is lit (saving 2 × (50 + 40) = 180 W of line) but costs 2 × 40 W more in transponders: lit still wins (80 < 180).
        var computer = Network(litLong: true);
        var modes = new ReachTableModes(
            [Mode("400G-short", 400, 250, 20, 62.5), Mode("400G-long", 400, 1000, 60, 75)],
            SpectrumGrid.Benchmark100x12_5);
        var request = Request(Objective.Energy) with { BitRateGbps = 400 };

        var found = Assert.IsType<RsaFound>(computer.Compute(request, modes));

        Assert.Equal("400G-long", found.Working.Mode.Name);
        Assert.Equal(["s", "b", "t"], found.Working.Nodes.Select(n => n.Value));
    }

    [Fact]
    public void Energy_TransponderSavingOutweighsLitLine_PicksTheDarkRouteWithTheFrugalMode()
    {
        var computer = Network(litLong: true);
        var modes = new ReachTableModes(
            [Mode("400G-short", 400, 250, 20, 62.5), Mode("400G-long", 400, 1000, 150, 75)],
            SpectrumGrid.Benchmark100x12_5);
        var request = Request(Objective.Energy) with { BitRateGbps = 400 };

        var found = Assert.IsType<RsaFound>(computer.Compute(request, modes));

        Assert.Equal("400G-short", found.Working.Mode.Name);
        Assert.Equal(["s", "a", "t"], found.Working.Nodes.Select(n => n.Value));
    }

    [Fact]
    public void FromNetwork_CarriesAmplifierAndDegreePower()
    {
        var builder = new CompactGraphBuilder();
        builder.AddNode("x", degreePowerW: 80);
        builder.AddNode("y", degreePowerW: 50);
        builder.AddFiber(new FiberId("x-y"), 0, 1, 160, amplifierPowerW: 90);
        var graph = builder.Freeze(1);

        Assert.Equal(90, graph.AmplifierPowerW(0));
        Assert.Equal(80, graph.DegreePowerW(0));
        Assert.Equal(50, graph.DegreePowerW(1));
    }

    private static int[] Edges(CompactGraph graph, params string[] ids) =>
        [.. ids.Select(id => graph.TryGetEdge(new FiberId(id), out var e) ? e : throw new ArgumentException(id))];

    /// <summary>A mode; the narrower one is the more spectrally efficient, so the reach table tries it first.</summary>
    private static TransceiverMode Mode(string id, int rate, double reachKm, double powerW, double spacingGhz) =>
        new(new ModeId(id), id, rate, spacingGhz / 1.25, 0.1, 20, spacingGhz, reachKm, powerW, 1000, 40, 50_000, 30, 1, 4);
}
