using System.Text.Json;
using Xunit;
using static Continuum.Pce.Cli.Tests.CliHarness;

namespace Continuum.Pce.Cli.Tests.Gnpy;

public sealed class GnpyCommandTests
{
    // GNPy's own files, unchanged (shared reference cases).
    private static string Reference(string name) => Path.Combine("/work/shared/reference/gnpy", name);

    private static string Golden(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir.FullName, "tests", "Continuum.Pce.Physics.Tests", "Golden", "gnpy", name);
    }

    [Fact]
    public async Task Transmission_OnMainExample_PrintsGnpysMeans()
    {
        var (exit, output, error) = await Run("gnpy", "transmission", "--network", Reference("example-data/edfa_example_network.json"), "--equipment", Reference("example-data/eqpt_config.json"),
            "--from", "Site_A", "--to", "Site_B", "--json");

        Assert.True(exit == 0, error);
        var mean = JsonDocument.Parse(output).RootElement.GetProperty("mean");
        Assert.Equal(27.09, mean.GetProperty("gsnrDb").GetDouble(), 0.05);
        Assert.Equal(31.17, mean.GetProperty("gsnr01nmDb").GetDouble(), 0.05);
        Assert.Equal(33.29, mean.GetProperty("osnr01nmDb").GetDouble(), 0.05);
        Assert.Equal(1336.0, mean.GetProperty("cdPsPerNm").GetDouble(), 0.5);
    }

    [Fact]
    public async Task Transmission_HumanOutput_ShowsMeansAndChannels()
    {
        var (exit, output, _) = await Run("gnpy", "transmission", "--network", Reference("example-data/edfa_example_network.json"), "--equipment", Reference("example-data/eqpt_config.json"),
            "--from", "Site_A", "--to", "Site_B");

        Assert.Equal(0, exit);
        Assert.Contains("mean GSNR 27.", output, StringComparison.Ordinal);
        Assert.Contains("CD 1336.00 ps/nm", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transmission_UnknownUid_IsRefusedWithTheReason()
    {
        var (exit, _, error) = await Run("gnpy", "transmission", "--network", Reference("example-data/edfa_example_network.json"), "--equipment", Reference("example-data/eqpt_config.json"),
            "--from", "Site_A", "--to", "nowhere");

        Assert.Equal(1, exit);
        Assert.Contains("nowhere", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathRequest_PrintsAGnpyResponseWithMetricsAndNoPath()
    {
        var (exit, output, _) = await Run("gnpy", "path-request", "--network", Reference("example-data/edfa_example_network.json"), "--equipment", Reference("example-data/eqpt_config.json"),
            "--requests", Golden("main-example-requests.json"));

        Assert.Equal(1, exit);
        var response = JsonDocument.Parse(output).RootElement.GetProperty("response");
        Assert.Equal(3, response.GetArrayLength());
        Assert.True(response[0].TryGetProperty("path-properties", out _));
        Assert.True(response[2].TryGetProperty("no-path", out _));
    }

    [Fact]
    public async Task PathRequest_LooseHopNotInTheNetwork_IsAWarningOnStderr_AndTheRequestIsAnswered()
    {
        var requests = Path.Combine(Path.GetTempPath(), $"gnpy-requests-{Guid.NewGuid():N}.json");
        File.WriteAllText(requests, """
            { "path-request": [
                { "request-id": "1", "source": "Site_A", "destination": "Site_B",
                  "path-constraints": { "te-bandwidth": { "trx_type": "vendorA_trx-type1", "trx_mode": "mode 1", "spacing": 50e9, "output-power": 0.001, "path_bandwidth": 100e9 } },
                  "explicit-route-objects": { "route-object-include-exclude": [
                    { "explicit-route-usage": "route-include-ero", "index": 0, "num-unnum-hop": { "node-id": "nowhere", "link-tp-id": "nowhere", "hop-type": "LOOSE" } } ] } } ] }
            """);
        try
        {
            var (exit, output, error) = await Run("gnpy", "path-request", "--network", Reference("example-data/edfa_example_network.json"),
                "--equipment", Reference("example-data/eqpt_config.json"), "--requests", requests);

            Assert.True(exit == 0, error);
            Assert.Contains("warning: request '1': invalid route node 'nowhere'", error, StringComparison.Ordinal);
            Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("response")[0].TryGetProperty("path-properties", out _));
        }
        finally
        {
            File.Delete(requests);
        }
    }

    [Fact]
    public async Task PathRequest_AssignsSpectrumInRequestOrder_AndTakesRedesignPerRequest()
    {
        var requests = Path.Combine(Path.GetTempPath(), $"gnpy-requests-{Guid.NewGuid():N}.json");
        File.WriteAllText(requests, """
            { "path-request": [
                { "request-id": "1", "source": "Site_A", "destination": "Site_B",
                  "path-constraints": { "te-bandwidth": { "trx_type": "vendorA_trx-type1", "trx_mode": "mode 1", "spacing": 50e9, "output-power": 0.001, "path_bandwidth": 100e9 } } },
                { "request-id": "2", "source": "Site_A", "destination": "Site_B",
                  "path-constraints": { "te-bandwidth": { "trx_type": "vendorA_trx-type1", "trx_mode": "mode 1", "spacing": 50e9, "output-power": 0.002, "path_bandwidth": 100e9 } } } ] }
            """);
        try
        {
            var (exit, output, error) = await Run("gnpy", "path-request", "--network", Reference("example-data/edfa_example_network.json"),
                "--equipment", Reference("example-data/eqpt_config.json"), "--requests", requests, "--redesign-per-request");

            Assert.True(exit == 0, error);
            var response = JsonDocument.Parse(output).RootElement.GetProperty("response");
            var first = response[0].GetProperty("path-properties").GetProperty("spectrum");
            var second = response[1].GetProperty("path-properties").GetProperty("spectrum");
            Assert.Equal(4, first.GetProperty("M").GetInt32());
            Assert.Equal(first.GetProperty("N").GetInt32() + 8, second.GetProperty("N").GetInt32());
        }
        finally
        {
            File.Delete(requests);
        }
    }

    [Fact]
    public async Task MissingFile_IsRefused()
    {
        var (exit, _, error) = await Run("gnpy", "transmission", "--network", "/nonexistent.json", "--equipment", Reference("example-data/eqpt_config.json"), "--from", "a", "--to", "b");

        Assert.Equal(1, exit);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }
}
