using System.Text.Json;
using Xunit;
using static Continuum.Pce.Cli.Tests.CliHarness;

namespace Continuum.Pce.Cli.Tests;

public sealed class TopologyCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("pce-cli-").FullName;

    [Fact]
    public async Task Validate_NetworkWhoseEquipmentIsDevZero_FailsFastNamingTheSizeBound()
    {
        var network = JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(File.ReadAllText(Repo("topologies", "nsfnet.json")))!;
        network["equipment"] = "/dev/zero";
        var path = Path.Combine(_temp, "zero.json");
        File.WriteAllText(path, network.ToJsonString());

        var (exit, output, _) = await Run("topology", "validate", path, "--json");

        Assert.Equal(1, exit);
        using var report = JsonDocument.Parse(output);
        var error = Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("limit-exceeded", error.GetProperty("code").GetString());
        Assert.Contains("MaxDocumentBytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DevZeroItself_IsRefusedWithoutReadingItWhole()
    {
        var (exit, output, error) = await Run("topology", "validate", "/dev/zero", "--json");

        Assert.Equal(1, exit);
        Assert.Contains("MaxDocumentBytes", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_CommentsAndLowerCaseJurisdiction_CommentsAcceptedCaseRefused()
    {
        var text = File.ReadAllText(Repo("topologies", "nsfnet.json"));
        var network = JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(text)!;
        network["equipment"] = Repo("topologies", network["equipment"]!.GetValue<string>());
        network["sites"]![0]!["jurisdiction"] = "us";
        var path = Path.Combine(_temp, "lower.json");
        File.WriteAllText(path, "// commented\n" + network.ToJsonString());

        var (exit, output, _) = await Run("topology", "validate", path, "--json");

        Assert.Equal(1, exit);
        using var report = JsonDocument.Parse(output);
        var error = Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("$.sites[0].jurisdiction", error.GetProperty("path").GetString());
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

    public static TheoryData<string> ShippedNetworks() =>
        [.. Directory.GetFiles(Repo("topologies"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedNetworks))]
    public async Task Validate_EveryShippedNetwork_ExitsZero(string file)
    {
        var (exit, output, error) = await Run("topology", "validate", Repo("topologies", file));

        Assert.True(exit == 0, output + error);
        Assert.Contains("valid:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Summary_NamesSitesByTierNodesByKindKmAndJurisdictions()
    {
        var (exit, output, _) = await Run("topology", "validate", Repo("topologies", "cost239.json"));

        Assert.Equal(0, exit);
        Assert.Contains("11 regional-dc", output, StringComparison.Ordinal);
        Assert.Contains("11 ROADMs, 11 transponder shelves", output, StringComparison.Ordinal);
        Assert.Contains("52 directed (26 duplex links)", output, StringComparison.Ordinal);
        Assert.Contains("14,954.0 route km", output, StringComparison.Ordinal);
        Assert.Contains("AT, BE, CH, CZ, DE, DK, FR, GB, IT, LU, NL", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenFileAsJson_ListsErrorsWithPathAndSource()
    {
        var broken = Path.Combine(_temp, "broken.json");
        File.WriteAllText(broken, File.ReadAllText(Repo("topologies", "jpn12.json")).Replace("\"lengthKm\": ", "\"lengthKm\": -", StringComparison.Ordinal));

        var (exit, output, _) = await Run("topology", "validate", broken, "--equipment", Repo("topologies", "equipment", "default.json"), "--json");

        Assert.Equal(1, exit);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.False(doc.GetProperty("valid").GetBoolean());
        var errors = doc.GetProperty("errors").EnumerateArray().ToList();
        Assert.True(errors.Count > 100, $"every negative span is listed, got {errors.Count}");
        Assert.Equal("$.fibers[0].spans[0].lengthKm", errors[0].GetProperty("path").GetString());
        Assert.Equal("broken.json", errors[0].GetProperty("source").GetString());
        Assert.Equal("out-of-range", errors[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Import_Sndlib_WritesAFileThatValidates_WithTheRouteFactorInItsNotes()
    {
        var output = Path.Combine(_temp, "topologies", "tiny.json");
        CopyDefaultLibraryNextTo(output);
        var source = Path.Combine(_temp, "tiny.txt");
        File.WriteAllText(source, "NODES (\n  Berlin ( 13.39 52.52 )\n  Muenchen ( 11.58 48.14 )\n  Hamburg ( 9.99 53.57 )\n)\nLINKS (\n  L1 ( Berlin Muenchen ) 0 0\n  L2 ( Berlin Hamburg ) 0 0\n  L3 ( Hamburg Muenchen ) 0 0\n)\n");

        var (exit, text, error) = await Run("topology", "import", "sndlib", source, "--out", output, "--country", "DE", "--route-factor", "1.3", "--source", "test");

        Assert.True(exit == 0, text + error);
        var notes = JsonDocument.Parse(File.ReadAllText(output)).RootElement.GetProperty("provenance").GetProperty("notes").GetString();
        Assert.Contains("route factor 1.3", notes, StringComparison.Ordinal);
        Assert.Contains("ceil(L / 80 km)", notes, StringComparison.Ordinal);
        Assert.Equal(0, (await Run("topology", "validate", output)).Exit);
    }

    [Fact]
    public async Task Import_Options_ChooseTypesAndLeaveOutTransponders()
    {
        var output = Path.Combine(_temp, "topologies", "tri.json");
        CopyDefaultLibraryNextTo(output);

        var (exit, text, error) = await Run(
            "topology", "import", "xlron", WriteTriangle(_temp), "--out", output, "--country", "JP", "--tier", "colo",
            "--roadm-type", "roadm-metro", "--fiber-type", "NZDF", "--amplifier-type", "edfa-vg-8-16", "--no-transponders", "--span-km", "60");

        Assert.True(exit == 0, text + error);
        var doc = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
        Assert.All(doc.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("roadm-metro", n.GetProperty("type").GetString()));
        Assert.All(doc.GetProperty("sites").EnumerateArray(), s => Assert.Equal("colo", s.GetProperty("tier").GetString()));
        var tokyoOsaka = doc.GetProperty("fibers").EnumerateArray().First(f => f.GetProperty("id").GetString() == "Tokyo-Osaka");
        Assert.Equal(9, tokyoOsaka.GetProperty("spans").GetArrayLength()); // ceil(500 / 60)
        Assert.Equal("NZDF", tokyoOsaka.GetProperty("spans")[0].GetProperty("fiberType").GetString());
    }

    [Fact]
    public async Task Import_TypeMissingFromTheLibrary_ExitsOneAndWritesNothing()
    {
        var output = Path.Combine(_temp, "topologies", "tri.json");
        CopyDefaultLibraryNextTo(output);

        var (exit, text, _) = await Run("topology", "import", "xlron", WriteTriangle(_temp), "--out", output, "--roadm-type", "roadm-unobtainium");

        Assert.Equal(1, exit);
        Assert.Contains("unknown-roadm-type", text, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Import_BrokenSource_ExitsOneAndNamesTheLine()
    {
        var source = Path.Combine(_temp, "bad.txt");
        File.WriteAllText(source, "NODES (\n  A ( 10 50 )\n  B ( 999 999 )\n)\n");

        var (exit, text, _) = await Run("topology", "import", "sndlib", source, "--out", Path.Combine(_temp, "bad.json"));

        Assert.Equal(1, exit);
        Assert.Contains("bad.txt:line 3", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownFormat_IsAUsageError()
    {
        var (exit, _, _) = await Run("topology", "import", "gml", WriteTriangle(_temp), "--out", Path.Combine(_temp, "x.json"));

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Import_WithoutOut_IsAUsageError()
    {
        var (exit, _, _) = await Run("topology", "import", "xlron", WriteTriangle(_temp));

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Validate_EquipmentLibrary_ExitsZeroAndListsItsTypes()
    {
        var (exit, output, error) = await Run("topology", "validate", Repo("topologies", "equipment", "default.json"));

        Assert.True(exit == 0, output + error);
        Assert.Contains("equipment library", output, StringComparison.Ordinal);
        Assert.Contains("pluggable-800zr", output, StringComparison.Ordinal);
        Assert.Contains("SSMF", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenEquipmentLibrary_ExitsOneWithThePath()
    {
        var broken = Path.Combine(_temp, "lib.json");
        File.WriteAllText(broken, File.ReadAllText(Repo("topologies", "equipment", "default.json")).Replace("\"rollOff\": 0.1", "\"rollOff\": 1.1", StringComparison.Ordinal));

        var (exit, output, _) = await Run("topology", "validate", broken);

        Assert.Equal(1, exit);
        Assert.Contains("$.transceivers[0].modes[0].rollOff", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ToARedirectedWriter_WritesNoColourCodes()
    {
        var stdout = new StringWriter();

        var exit = await CliApp.RunAsync(["topology", "validate", Repo("topologies", "jpn12.json")], stdout, new StringWriter());

        Assert.Equal(0, exit);
        Assert.DoesNotContain("\u001b[", stdout.ToString(), StringComparison.Ordinal);
    }

    private static void CopyDefaultLibraryNextTo(string networkPath)
    {
        var folder = Path.Combine(Path.GetDirectoryName(networkPath)!, "equipment");
        Directory.CreateDirectory(folder);
        File.Copy(Repo("topologies", "equipment", "default.json"), Path.Combine(folder, "default.json"), overwrite: true);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
