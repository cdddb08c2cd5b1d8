using System.Text.Json;
using Continuum.Pce.Cli.Commands.Server;
using Continuum.Pce.Topology.IO;
using Xunit;
using static Continuum.Pce.Cli.Tests.CliHarness;

namespace Continuum.Pce.Cli.Tests.Conventions;

/// <summary>One -o/--output for every command (the old --json still works), PCE_SERVER precedence, offline path compute, written files that validate.</summary>
public sealed class OutputAndFileConventionTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("pce-conv-").FullName;

    [Theory]
    [InlineData("topology", "validate")]
    [InlineData("topology", "import")]
    [InlineData("simulate")]
    [InlineData("simulate", "presets")]
    [InlineData("gnpy", "transmission")]
    [InlineData("gnpy", "path-request")]
    [InlineData("path", "compute")]
    [InlineData("sites")]
    public async Task Help_OfflineAndServerCommands_OfferOutputAndHideTheOldJsonFlag(params string[] command)
    {
        var (exit, help, _) = await Run([.. command, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("-o, --output", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--json", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DeprecatedJsonFlag_PrintsTheSameDocumentAsOutputJson()
    {
        var file = Repo("topologies", "jpn12.json");

        var modern = await Run("topology", "validate", file, "-o", "json");
        var legacy = await Run("topology", "validate", file, "--json");

        Assert.Equal(0, modern.Exit);
        Assert.Equal(modern.Out, legacy.Out);
        Assert.True(JsonDocument.Parse(modern.Out).RootElement.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Validate_JsonFlagWithOutputTable_IsAUsageError()
    {
        var (exit, _, error) = await Run("topology", "validate", Repo("topologies", "jpn12.json"), "--json", "-o", "table");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("-o json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulatePresets_OutputJson_ListsEveryPresetWithItsTopology()
    {
        var (exit, output, _) = await Run("simulate", "presets", "-o", "json");

        Assert.Equal(0, exit);
        var presets = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(presets);
        Assert.All(presets, p => Assert.False(string.IsNullOrEmpty(p.GetProperty("topology").GetString())));
    }

    [Fact]
    public void ServerAddress_OptionBeatsEnvironmentBeatsDefault()
    {
        Assert.Equal(new Uri("http://10.0.0.1:1"), PceConnection.ServerAddress("http://10.0.0.1:1", "http://10.0.0.2:2"));
        Assert.Equal(new Uri("http://10.0.0.2:2"), PceConnection.ServerAddress(null, "http://10.0.0.2:2"));
        Assert.Equal(new Uri("http://10.0.0.2:2"), PceConnection.ServerAddress("", " http://10.0.0.2:2 "));
        Assert.Equal(new Uri(PceConnection.DefaultServer), PceConnection.ServerAddress(null, null));
        Assert.Equal(new Uri(PceConnection.DefaultServer), PceConnection.ServerAddress(null, "  "));
    }

    [Theory]
    [InlineData("127.0.0.1:5081")]
    [InlineData("ftp://pce.example")]
    [InlineData("not an address")]
    public void ServerAddress_MalformedEnvironmentValue_IsAUsageErrorNamingTheVariable(string value)
    {
        var e = Assert.Throws<UsageException>(() => PceConnection.ServerAddress(null, value));

        Assert.Contains("PCE_SERVER", e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerAddress_MalformedOption_NamesTheOptionNotTheVariable()
    {
        var e = Assert.Throws<UsageException>(() => PceConnection.ServerAddress("pce:5081:x", "http://10.0.0.2:2"));

        Assert.StartsWith("--server", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathComputeOffline_Json_FindsRankedCandidatesWithPhysicsSpectrumAndPower()
    {
        var (exit, output, error) = await Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--topology", Repo("topologies", "continuum-demo.json"), "--k", "3", "-o", "json");

        Assert.True(exit == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.True(result.GetProperty("found").GetBoolean());
        Assert.Equal("FRA", result.GetProperty("source").GetString());
        var candidates = result.GetProperty("candidates").EnumerateArray().ToList();
        Assert.InRange(candidates.Count, 1, 3);
        Assert.All(candidates, c =>
        {
            Assert.True(c.GetProperty("slotCount").GetInt32() > 0);
            Assert.False(string.IsNullOrEmpty(c.GetProperty("mode").GetString()));
            Assert.True(c.GetProperty("powerW").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Number, c.GetProperty("gsnrDb").ValueKind);
            Assert.Equal(c.GetProperty("hops").GetInt32(), c.GetProperty("fibers").GetArrayLength());
        });
        var latencies = candidates.Select(c => c.GetProperty("latencyUs").GetDouble()).ToList();
        Assert.Equal(latencies.Order(), latencies);
        Assert.Equal(candidates.Count, candidates.Select(c => string.Join(",", c.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()))).Distinct().Count());
    }

    [Fact]
    public async Task PathComputeOffline_Table_PrintsTheCandidatesAndTheirRoutes()
    {
        var (exit, output, _) = await Run("path", "compute", "FRA", "PAR", "--rate", "100G", "--topology", Repo("topologies", "continuum-demo.json"));

        Assert.Equal(0, exit);
        Assert.Contains("FRA → PAR", output, StringComparison.Ordinal);
        Assert.Contains("candidate", output, StringComparison.Ordinal);
        Assert.Contains("GSNR dB", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathComputeOffline_ImpossibleLatency_ExitsOneWithTheBlockReason()
    {
        var (exit, output, error) = await Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--max-latency", "1us", "--topology", Repo("topologies", "continuum-demo.json"), "-o", "json");

        Assert.Equal(ExitCodes.Refused, exit);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.False(result.GetProperty("found").GetBoolean());
        Assert.Contains("latency", result.GetProperty("blockReason").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("blocked", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathComputeOffline_ExcludedFibre_IsAvoided()
    {
        var (exit, output, _) = await Run("path", "compute", "FRA", "PAR", "--rate", "100G", "--exclude-fiber", "FRA-PAR", "--topology", Repo("topologies", "continuum-demo.json"), "-o", "json");

        Assert.True(exit is 0 or 1);
        foreach (var candidate in JsonDocument.Parse(output).RootElement.GetProperty("candidates").EnumerateArray())
        {
            Assert.DoesNotContain(candidate.GetProperty("fibers").EnumerateArray(), f => f.GetString() == "FRA-PAR");
        }
    }

    [Fact]
    public async Task PathComputeOffline_UnknownNode_IsAUsageErrorNamingTheField()
    {
        var (exit, _, error) = await Run("path", "compute", "NOWHERE", "PAR", "--rate", "400G", "--topology", Repo("topologies", "continuum-demo.json"));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("invalid source", error, StringComparison.Ordinal);
        Assert.Contains("NOWHERE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathComputeOffline_MissingOrBrokenFile_ExitsOneAndSaysWhy()
    {
        var broken = Path.Combine(_temp, "broken.json");
        File.WriteAllText(broken, "{ not json");

        var missing = await Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--topology", Path.Combine(_temp, "absent.json"));
        var bad = await Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--topology", broken);

        Assert.Equal(ExitCodes.Refused, missing.Exit);
        Assert.Contains("absent.json", missing.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, bad.Exit);
        Assert.Contains("broken.json", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathComputeOffline_WithServerOrDiverseFrom_IsAUsageError()
    {
        var demo = Repo("topologies", "continuum-demo.json");

        var withServer = await Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--topology", demo, "--server", "http://127.0.0.1:1");
        var diverse = await Run("path", "compute", "FRA", "PAR", "--rate", "400G", "--topology", demo, "--diverse-from", "lp-1");

        Assert.Equal(ExitCodes.Usage, withServer.Exit);
        Assert.Contains("--topology", withServer.Err, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, diverse.Exit);
        Assert.Contains("--diverse-from", diverse.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_IntoAFolderWithoutALibrary_WritesAnEquipmentReferenceThatValidatesFromThere()
    {
        var output = Path.Combine(_temp, "elsewhere", "deeper", "tri.json");

        var (exit, text, error) = await Run("topology", "import", "xlron", WriteTriangle(_temp), "--out", output, "--country", "JP", "-o", "json");

        Assert.True(exit == 0, text + error);
        var reference = JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("equipment").GetString()!;
        Assert.Equal(Path.GetFullPath(Repo("topologies", "equipment", "default.json")), Path.GetFullPath(Path.Combine(Path.GetDirectoryName(output)!, reference)));
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("validated").GetBoolean());
        var validate = await Run("topology", "validate", output);
        Assert.True(validate.Exit == 0, validate.Out + validate.Err);
    }

    [Fact]
    public async Task Import_WithALibraryBesideTheOutput_KeepsTheRelativeReference()
    {
        var output = Path.Combine(_temp, "net", "tri.json");
        Directory.CreateDirectory(Path.Combine(_temp, "net", "equipment"));
        File.Copy(Repo("topologies", "equipment", "default.json"), Path.Combine(_temp, "net", "equipment", "default.json"));

        var (exit, _, _) = await Run("topology", "import", "xlron", WriteTriangle(_temp), "--out", output, "--country", "JP");

        Assert.Equal(0, exit);
        Assert.Equal("equipment/default.json", JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("equipment").GetString());
    }

    [Fact]
    public void EquipmentReference_IsRelativeWhenTheFoldersShareAParentAndAbsoluteWhenOnlyTheRoot()
    {
        var root = Path.GetPathRoot(_temp)!;
        var library = Path.Combine(_temp, "repo", "topologies", "equipment", "default.json");

        Assert.Equal("../topologies/equipment/default.json", EquipmentReference.Reference(Path.Combine(_temp, "repo", "out"), library));
        Assert.Equal(library.Replace(Path.DirectorySeparatorChar, '/'), EquipmentReference.Reference(Path.Combine(root, "elsewhere-" + Guid.NewGuid().ToString("N")), library));
    }

    [Fact]
    public void EquipmentReference_LibraryGivenRelativeToTheWorkingDirectory_ResolvesFromTheOutputFolder()
    {
        var work = Directory.CreateDirectory(Path.Combine(_temp, "work")).FullName;
        Directory.CreateDirectory(Path.Combine(work, "libs"));
        File.Copy(Repo("topologies", "equipment", "default.json"), Path.Combine(work, "libs", "mine.json"));

        var resolution = EquipmentReference.Resolve(Path.Combine(_temp, "out", "n.json"), "libs/mine.json", work);

        Assert.True(resolution.Found);
        Assert.Equal("../work/libs/mine.json", resolution.Field);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
