using Xunit;
using static Continuum.Pce.Cli.Tests.CliHarness;

namespace Continuum.Pce.Cli.Tests;

public sealed class SurvivabilityCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("pce-survivability-").FullName;

    private static string Demo
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "topologies", "continuum-demo.json");
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Survivability_LightpathFile_WritesReportWithTenantLossesAndCharts()
    {
        var lightpaths = Write("lightpaths.json", """
            [
              {"from": "AMS", "to": "FRA", "rateGbps": 400, "tenant": "acme", "priority": 2},
              {"from": "PAR", "to": "BER", "rateGbps": 100, "count": 2, "tenant": "globex"},
              {"from": "FRA", "to": "PAR", "rateGbps": 100}
            ]
            """);
        var folder = Path.Combine(_temp, "out");

        var (exit, output, error) = await Run("report", "survivability", "--topology", Demo, "--lightpaths", lightpaths, "--out", folder);

        Assert.True(exit == 0, error);
        Assert.Contains("4 lightpaths", output, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "survivability.md"));
        Assert.Contains("# Survivability: continuum-demo", markdown, StringComparison.Ordinal);
        // The AMS ROADM is acme's add/drop: its failure loses acme's 400G, which no re-route can bring back.
        Assert.Matches(@"\| node AMS-ROADM \| 1 \| 0 \| 1 \| 400 \| acme 400 \|", markdown);
        Assert.Matches(@"\| acme \| 1 \| 400 \| [^|]+ \| 400 \|", markdown);
        Assert.Contains("| default | 1 | 100 |", markdown, StringComparison.Ordinal);
        foreach (var chart in new[] { "survivability-failures.svg", "survivability-tenants.svg" })
        {
            Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(folder, chart)), StringComparison.Ordinal);
            Assert.Contains(chart, markdown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Survivability_MalformedLightpathFile_IsAUsageErrorNamingTheEntry()
    {
        var lightpaths = Write("bad.json", """[{"from": "AMS", "to": "FRA", "rateGbps": 400, "priority": "high"}, {"from": "AMS", "to": "NOWHERE", "rateGbps": 100}]""");

        var (exit, _, error) = await Run("report", "survivability", "--topology", Demo, "--lightpaths", lightpaths, "--out", _temp);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("$[0].priority", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Survivability_UnknownSite_IsAUsageError()
    {
        var lightpaths = Write("unknown.json", """[{"from": "AMS", "to": "NOWHERE", "rateGbps": 100}]""");

        var (exit, _, error) = await Run("report", "survivability", "--topology", Demo, "--lightpaths", lightpaths, "--out", _temp);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("unknown site 'NOWHERE'", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
