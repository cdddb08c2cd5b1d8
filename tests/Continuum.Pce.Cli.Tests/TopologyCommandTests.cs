using System.Text.Json;
using Xunit;

namespace Continuum.Pce.Cli.Tests;

public sealed class TopologyCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("pce-cli-").FullName;

    private static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, colour: false);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Validate_ShippedDemoNetwork_ExitsZeroWithAOneScreenSummary()
    {
        var (exit, output, _) = await Run("topology", "validate", Repo("topologies", "continuum-demo.json"));

        Assert.Equal(0, exit);
        Assert.Contains("valid:", output, StringComparison.Ordinal);
        Assert.Contains("19 ROADMs", output, StringComparison.Ordinal);
        Assert.Contains("BE, CH, DE, FR, NL", output, StringComparison.Ordinal);
        Assert.True(output.Split('\n').Length < 40, "the summary fits on one screen");
    }

    [Fact]
    public async Task Validate_Json_PrintsAStableDocument()
    {
        var (exit, output, _) = await Run("topology", "validate", Repo("topologies", "nsfnet.json"), "--json");

        Assert.Equal(0, exit);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.True(doc.GetProperty("valid").GetBoolean());
        Assert.Equal(14, doc.GetProperty("summary").GetProperty("roadms").GetInt32());
        Assert.Equal(22, doc.GetProperty("summary").GetProperty("duplexLinks").GetInt32());
    }

    [Fact]
    public async Task Validate_BrokenFile_ExitsOneAndListsEveryErrorWithItsPath()
    {
        var text = File.ReadAllText(Repo("topologies", "nsfnet.json"))
            .Replace("\"jurisdiction\": \"US\"", "\"jurisdiction\": \"XX\"", StringComparison.Ordinal);
        var broken = Path.Combine(_temp, "broken.json");
        File.WriteAllText(broken, text);
        File.Copy(Repo("topologies", "equipment", "default.json"), Path.Combine(_temp, "default.json"));

        var (exit, output, _) = await Run("topology", "validate", broken, "--equipment", Path.Combine(_temp, "default.json"));

        Assert.Equal(1, exit);
        Assert.Contains("has 14 errors", output, StringComparison.Ordinal);
        Assert.Contains("$.sites[0].jurisdiction", output, StringComparison.Ordinal);
        Assert.Contains("$.sites[13].jurisdiction", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsOneAndSaysSo()
    {
        var (exit, output, _) = await Run("topology", "validate", Path.Combine(_temp, "nope.json"));

        Assert.Equal(1, exit);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_WithoutAFile_IsAUsageError()
    {
        var (exit, _, error) = await Run("topology", "validate");

        Assert.Equal(2, exit);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_IsAUsageError()
    {
        var (exit, _, _) = await Run("frobnicate");

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Import_Xlron_WritesAFileThatValidates()
    {
        var output = Path.Combine(_temp, "topologies", "nsf.json");
        Directory.CreateDirectory(Path.Combine(_temp, "topologies", "equipment"));
        File.Copy(Repo("topologies", "equipment", "default.json"), Path.Combine(_temp, "topologies", "equipment", "default.json"));

        var source = Path.Combine(_temp, "tri.json");
        File.WriteAllText(source, """
            {"nodes": [{"id": 1, "name": "Tokyo", "latitude": 35.68, "longitude": 139.69},
                       {"id": 2, "name": "Osaka", "latitude": 34.69, "longitude": 135.50},
                       {"id": 3, "name": "Nagoya", "latitude": 35.18, "longitude": 136.91}],
             "links": [{"source": 1, "target": 2, "distance": 500}, {"source": 2, "target": 3, "distance": 180.5}, {"source": 3, "target": 1, "distance": 350}]}
            """);

        var (exit, text, _) = await Run("topology", "import", "xlron", source, "--out", output, "--country", "JP", "--grid", "benchmark");

        Assert.Equal(0, exit);
        Assert.Contains("3 sites", text, StringComparison.Ordinal);
        Assert.Equal(0, (await Run("topology", "validate", output)).Exit);
    }

    [Fact]
    public async Task Import_BadCountryOfOption_IsAUsageError()
    {
        var (exit, _, error) = await Run("topology", "import", "xlron", Repo("topologies", "nsfnet.json"), "--out", Path.Combine(_temp, "x.json"), "--country-of", "no-equals-sign");

        Assert.Equal(2, exit);
        Assert.Contains("NODE=CC", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
