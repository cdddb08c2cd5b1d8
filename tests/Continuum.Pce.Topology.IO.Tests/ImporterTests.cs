using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Topology.IO.Import;
using Continuum.Pce.Topology.IO.Json;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests;

public sealed class ImporterTests
{
    private const string Sndlib = """
        ?SNDlib native format; type: network; version: 1.0
        # network tiny

        NODES (
          Berlin ( 13.39 52.52 )
          Muenchen ( 11.58 48.14 )
          Hamburg ( 9.99 53.57 )
        )

        LINKS (
          L1 ( Berlin Muenchen ) 0.00 0.00 0.00 0.00 ( 40.00 3290.00 )
          L2 ( Berlin Hamburg ) 0.00 0.00 0.00 0.00 ( 40.00 3290.00 )
        )

        DEMANDS (
          D1 ( Berlin Hamburg ) 1 10.00 UNLIMITED
        )
        """;

    private const string Xlron = """
        {"directed": false, "multigraph": false, "graph": {},
         "nodes": [{"id": 1, "name": "Tokyo", "latitude": 35.68, "longitude": 139.69},
                   {"id": 2, "name": "Osaka", "latitude": 34.69, "longitude": 135.50},
                   {"id": 3, "name": "Nagoya", "latitude": 35.18, "longitude": 136.91}],
         "links": [{"source": 1, "target": 2, "distance": 500}, {"source": 2, "target": 3, "distance": 180.5}, {"source": 3, "target": 1, "distance": 350}]}
        """;

    [Fact]
    public void Sndlib_GivesOneSitePerNode_AndTwoDirectedFibresPerLink()
    {
        var network = SndlibImporter.Import(Sndlib, "tiny", new ImportOptions { Country = "DE" });

        Assert.Equal(3, network.Sites.Length);
        Assert.Equal(3, network.Roadms.Count());
        Assert.Equal(4, network.Fibers.Length);
    }

    [Fact]
    public void Sndlib_LinkLength_IsGreatCircleTimesTheRouteFactor()
    {
        var network = SndlibImporter.Import(Sndlib, "tiny", new ImportOptions { Country = "DE", RouteFactor = 1.2 });

        // Berlin–Munich great circle ≈ 504 km; × 1.2 ≈ 605 km.
        var fiber = network.Fiber(new FiberId("Berlin-Muenchen"));
        Assert.InRange(fiber.LengthKm, 600, 610);
        Assert.All(fiber.Spans, s => Assert.True(s.LengthKm <= 80));
    }

    [Fact]
    public void Xlron_TakesLinkLengthsAsPublished_AndPairsEachFibreWithItsReverse()
    {
        var network = XlronImporter.Import(Xlron, "tri", new ImportOptions { Country = "JP" });

        var forward = network.Fiber(new FiberId("Osaka-Nagoya"));
        Assert.Equal(180.5, forward.LengthKm, 3);
        Assert.Equal(new FiberId("Nagoya-Osaka"), forward.Reverse);
        Assert.Equal(forward.Id, network.Fiber(forward.Reverse!.Value).Reverse);
        Assert.All(network.Sites, s => Assert.Equal("JP", s.Jurisdiction.Country));
    }

    [Fact]
    public void ImportedNetworks_PassValidationAfterWriting()
    {
        var network = XlronImporter.Import(Xlron, "tri", new ImportOptions { Country = "JP" });
        var library = EquipmentReader.Read(File.ReadAllText(Path.Combine(ShippedNetworksTests.RepoRoot(), "topologies", "equipment", "default.json"))).Value!;

        var result = NetworkReader.Read(TopologyWriter.WriteNetwork(network), library);

        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
    }

    [Fact]
    public void Sndlib_PixelCoordinates_AreRefusedWithTheLine()
    {
        var text = "NODES (\n  A ( 350.0 120.0 )\n)\n";

        var error = Assert.Throws<FormatException>(() => SndlibImporter.Import(text, "bad"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
