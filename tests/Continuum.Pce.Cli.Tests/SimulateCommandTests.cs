using System.Text.Json;
using Xunit;
using static Continuum.Pce.Cli.Tests.CliHarness;

namespace Continuum.Pce.Cli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private const string Xlron = "/work/shared/reference/topologies/xlron";
    private readonly string _temp = Directory.CreateTempSubdirectory("pce-simulate-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Preset_OnTheClassicCost239_IsRefusedNamingTheTopologyItWasPublishedOn()
    {
        var (exit, _, error) = await Run("simulate", "--preset", "deeprmsa-cost239", "--topology", Repo("topologies", "cost239.json"), "--seeds", "1", "--requests", "100", "--warmup", "0");

        Assert.Equal(1, exit);
        Assert.Contains("cost239_deeprmsa_undirected.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preset_OnItsNodeLinkTopology_RunsOnItsOwnGrid()
    {
        var (exit, output, error) = await Run("simulate", "--preset", "maskrsa-jpn48", "--topology", Path.Combine(Xlron, "jpn48_undirected.json"), "--seeds", "2", "--requests", "500", "--warmup", "100", "--load", "140", "--json");

        Assert.True(exit == 0, error);
        var row = JsonDocument.Parse(output).RootElement[0];
        Assert.Equal("maskrsa-jpn48", row.GetProperty("preset").GetString());
        Assert.Equal(80, row.GetProperty("slots").GetInt32());
        Assert.Equal(12.5, row.GetProperty("slotWidthGhz").GetDouble());
        Assert.Equal(140, row.GetProperty("loadErlang").GetDouble());
    }

    [Fact]
    public async Task SettingsFile_AndOptions_OverrideInThatOrder()
    {
        var settings = Path.Combine(_temp, "settings.json");
        await File.WriteAllTextAsync(settings, """{ "grid": { "slotCount": 64, "slotWidthGhz": 12.5 }, "loads": [100, 200], "seeds": 2, "requests": { "warmup": 0, "measured": 300 } }""");

        var (exit, output, error) = await Run("simulate", "--topology", Repo("topologies", "nsfnet.json"), "--settings", settings, "--slots", "48", "--defrag", "on-block", "--json");

        Assert.True(exit == 0, error);
        var rows = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(48, r.GetProperty("slots").GetInt32()));
        Assert.Equal("on-block/retune", rows[0].GetProperty("defrag").GetString());
        Assert.Equal(200, rows[1].GetProperty("loadErlang").GetDouble());
    }

    [Fact]
    public async Task BadSettingsFile_IsAUsageErrorNamingTheSetting()
    {
        var settings = Path.Combine(_temp, "bad.json");
        await File.WriteAllTextAsync(settings, """{ "fibres": "both" }""");

        var (exit, _, error) = await Run("simulate", "--topology", Repo("topologies", "nsfnet.json"), "--settings", settings);

        Assert.Equal(2, exit);
        Assert.Contains("$.fibres", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockingReport_WithDefrag_ComparesEachPolicyWithAndWithoutIt()
    {
        var (exit, _, error) = await Run("report", "blocking", "--preset", "deeprmsa-nsfnet", "--topology", Repo("topologies", "nsfnet.json"), "--out", _temp,
            "--loads", "250", "300", "--policy", "ksp-ff", "--seeds", "1", "--requests", "1000", "--warmup", "500", "--defrag", "on-block", "--defrag-method", "reroute");

        Assert.True(exit == 0, error);
        var markdown = await File.ReadAllTextAsync(Path.Combine(_temp, "blocking.md"));
        Assert.Contains("| ksp-ff + defrag |", markdown, StringComparison.Ordinal);
        Assert.Contains("## Extra load at equal blocking", markdown, StringComparison.Ordinal);
        Assert.Contains("on-block/reroute", markdown, StringComparison.Ordinal);
        Assert.StartsWith("<?xml", await File.ReadAllTextAsync(Path.Combine(_temp, "blocking-vs-load.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Presets_ListsEveryPresetWithItsSource()
    {
        var (exit, output, _) = await Run("simulate", "presets");

        Assert.Equal(0, exit);
        foreach (var name in new[] { "deeprmsa-nsfnet", "deeprmsa-cost239", "reward-rmsa-nsfnet", "gcn-rmsa-usnet", "maskrsa-jpn48" })
        {
            Assert.Contains(name, output, StringComparison.Ordinal);
        }

        Assert.Contains("J. Lightw. Technol. 37(16), 2019", output, StringComparison.Ordinal);
    }
}
