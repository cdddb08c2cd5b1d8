using System.Text.Json;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Topology.IO.Gnpy;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Cli.Tests.Gnpy;

/// <summary>GNPy path requests answered by the CLI's answerer on GNPy's main example files (unchanged).</summary>
public sealed class GnpyPathRequestTests(ITestOutputHelper output)
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
    public void Requests_OnMainExample_AnswerWithMetricsOrNoPath()
    {
        var gnpy = Continuum.Pce.Cli.Gnpy.GnpyRequestAnswerer.Design(GnpyTopology.Load(Reference("example-data/edfa_example_network.json")), GnpyEquipmentReader.Load(Reference("example-data/eqpt_config.json")));
        var requests = GnpyPathRequests.Load(Golden("main-example-requests.json"));
        var results = requests.Select(gnpy.Answer).ToList();
        var json = GnpyPathRequests.WriteResponse(results);
        output.WriteLine(json);

        var first = Assert.IsType<GnpyPathFound>(results[0]);
        Assert.Equal("mode 1", first.TrxMode);
        Assert.Equal(27.09, first.SnrBandwidthDb, 0.1);
        Assert.Equal(["Site_A", "Span1", "Edfa1", "Site_B"], first.Route);
        Assert.Equal("mode 2", Assert.IsType<GnpyPathFound>(results[1]).TrxMode);
        Assert.Equal("NO_PATH", Assert.IsType<GnpyNoPath>(results[2]).Reason);

        using var document = JsonDocument.Parse(json);
        var response = document.RootElement.GetProperty("response");
        Assert.Equal(3, response.GetArrayLength());
        var metrics = response[0].GetProperty("path-properties").GetProperty("path-metric").EnumerateArray()
            .ToDictionary(m => m.GetProperty("metric-type").GetString()!, m => m.GetProperty("accumulative-value").GetDouble());
        Assert.Equal(["SNR-bandwidth", "SNR-0.1nm", "OSNR-bandwidth", "OSNR-0.1nm", "reference_power", "path_bandwidth"], metrics.Keys);
        Assert.Equal(metrics["SNR-bandwidth"] + 10 * Math.Log10(32 / 12.5), metrics["SNR-0.1nm"], 0.011);
        Assert.Equal(0.001, metrics["reference_power"], 1e-12);
        Assert.Equal("NO_PATH", response[2].GetProperty("no-path").GetProperty("no-path").GetString());
    }
}
