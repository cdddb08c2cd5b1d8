using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Topology.IO;
using Xunit;
using static Continuum.Pce.Cli.Tests.CliHarness;

namespace Continuum.Pce.Cli.Tests;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("pce-report-").FullName;

    private static string Demo => Repo("topologies", "continuum-demo.json");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task CompareObjectives_Demo_PrintsBothObjectivesAndWritesTheSection()
    {
        var (exit, output, error) = await Run("report", "energy", "--topology", Demo, "--out", _temp, "--compare-objectives");

        Assert.True(exit == 0, error);
        Assert.Contains("Latency", output, StringComparison.Ordinal);
        Assert.Contains("Energy", output, StringComparison.Ordinal);
        Assert.Contains("energy-aware vs latency-first", output, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(Path.Combine(_temp, "energy.md"));
        Assert.Contains("## Routing objectives at equal load", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_EqualLoad_EnergyAwareDrawsLessPowerAtEqualBlocking()
    {
        var bundle = NetworkFile.Load(Demo);
        Assert.True(bundle.IsSuccess);
        var network = bundle.Value!.Loaded.Network;

        var comparison = ObjectiveComparison.Compare(network, bundle.Value.Equipment, DemandPlanner.DefaultDemands(network));

        var latency = comparison.Of(Objective.Latency);
        var energy = comparison.Of(Objective.Energy);
        Assert.Equal(latency.Refused, energy.Refused);
        Assert.True(energy.Figures.TotalWatts < latency.Figures.TotalWatts, $"{energy.Figures.TotalWatts} W vs {latency.Figures.TotalWatts} W");
        Assert.True(energy.Figures.LitFibres < latency.Figures.LitFibres);
    }

    [Fact]
    public async Task CostWhatIf_CutFibreAndAddDemands_WritesBeforeAfterAndReroutes()
    {
        var demands = Write("add.json", """[{"from": "FRA", "to": "PAR", "rateGbps": 400, "count": 2}]""");

        var (exit, output, error) = await Run("report", "cost", "--topology", Demo, "--out", _temp, "--add-demands", demands, "--cut-fiber", "FRA-PAR");

        Assert.True(exit == 0, error);
        Assert.Contains("what-if: cut 2 fibre(s)", output, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(Path.Combine(_temp, "cost.md"));
        Assert.Contains("## What-if", markdown, StringComparison.Ordinal);
        Assert.Contains("Cut: `FRA-PAR`, `PAR-FRA`", markdown, StringComparison.Ordinal);
        Assert.Contains("| network power W |", markdown, StringComparison.Ordinal);
        Assert.Contains("2 lightpaths placed, 0 refused", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_UnknownFibre_ExitsTwoNamingIt()
    {
        var (exit, _, error) = await Run("report", "cost", "--topology", Demo, "--out", _temp, "--cut-fiber", "FRA-MARS");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("unknown fibre 'FRA-MARS'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_temp, "cost.md")));
    }

    [Fact]
    public async Task WhatIf_MissingDemandsFile_ExitsTwo()
    {
        var (exit, _, error) = await Run("report", "energy", "--topology", Demo, "--out", _temp, "--add-demands", Path.Combine(_temp, "none.json"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_MalformedDemandsFile_ExitsTwoWithTheJsonPath()
    {
        var demands = Write("bad.json", """[{"from": "FRA", "to": "PAR", "rateGbps": "lots"}]""");

        var (exit, _, error) = await Run("report", "energy", "--topology", Demo, "--out", _temp, "--add-demands", demands);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("$[0].rateGbps", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_DemandToUnknownSite_ExitsTwo()
    {
        var demands = Write("unknown.json", """[{"from": "FRA", "to": "Atlantis", "rateGbps": 100}]""");

        var (exit, _, error) = await Run("report", "energy", "--topology", Demo, "--out", _temp, "--add-demands", demands);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("unknown site 'Atlantis'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objective_Unknown_ExitsTwo()
    {
        var (exit, _, _) = await Run("report", "energy", "--topology", Demo, "--out", _temp, "--objective", "cheapest");

        Assert.Equal(ExitCodes.Usage, exit);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
