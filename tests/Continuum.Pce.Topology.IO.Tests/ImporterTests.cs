using System.Collections.Immutable;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Topology.IO.Import;
using Continuum.Pce.Topology.IO.Json;
using Continuum.Pce.Topology.IO.Validation;
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

    private const string XlronWithoutCoordinates = """
        {"nodes": [{"id": 0}, {"id": 1}, {"id": 2}, {"id": 3}],
         "links": [{"source": 0, "target": 1, "distance": 100}, {"source": 1, "target": 2, "distance": 100},
                   {"source": 2, "target": 3, "distance": 100}, {"source": 3, "target": 0, "distance": 100}]}
        """;

    private static OpticalNetwork Success(ReadResult<OpticalNetwork> result)
    {
        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
        return result.Value!;
    }

    [Fact]
    public void Sndlib_GivesOneSitePerNode_AndTwoDirectedFibresPerLink()
    {
        var network = Success(SndlibImporter.Import(Sndlib, "tiny", new ImportOptions { Country = "DE" }));

        Assert.Equal(3, network.Sites.Length);
        Assert.Equal(3, network.Roadms.Count());
        Assert.Equal(3, network.Transponders.Count());
        Assert.Equal(4, network.Fibers.Length);
    }

    [Fact]
    public void Sndlib_LinkLength_IsGreatCircleTimesTheRouteFactor()
    {
        var network = Success(SndlibImporter.Import(Sndlib, "tiny", new ImportOptions { Country = "DE", RouteFactor = 1.2 }));

        // Haversine on the mean Earth radius 6371.0088 km: Berlin (52.52 N, 13.39 E) – Munich (48.14 N, 11.58 E) = 503.65 km
        // (computed independently).
        var greatCircle = new GeoPoint(52.52, 13.39).GreatCircleKm(new GeoPoint(48.14, 11.58));
        Assert.Equal(503.65, greatCircle, 2);
        var fiber = network.Fiber(new FiberId("Berlin-Muenchen"));
        Assert.Equal(Math.Round(greatCircle * 1.2, 1), fiber.LengthKm, 6);
    }

    [Fact]
    public void Sndlib_RouteFactorOne_GivesTheGreatCircleItself()
    {
        var network = Success(SndlibImporter.Import(Sndlib, "tiny", new ImportOptions { Country = "DE", RouteFactor = 1.0 }));

        Assert.Equal(503.7, network.Fiber(new FiberId("Berlin-Muenchen")).LengthKm, 6); // rounded to 0.1 km
    }

    [Fact]
    public void Importer_SplitsALinkIntoCeilLengthOverSpanSpans_EachEndingInAnAmplifier()
    {
        var network = Success(XlronImporter.Import(Xlron, "tri", new ImportOptions { Country = "JP", SpanLengthKm = 80 }));

        var fiber = network.Fiber(new FiberId("Tokyo-Osaka"));
        Assert.Equal(7, fiber.Spans.Length); // ceil(500 / 80)
        Assert.All(fiber.Spans, s => Assert.Equal(500.0 / 7, s.LengthKm, 2));
        Assert.Equal(500, fiber.LengthKm, 6);
        Assert.All(fiber.Spans.Take(6), s => Assert.Equal(new AmplifierTypeId("edfa-inline-vg"), s.Amplifier!.Type));
        Assert.Equal(new AmplifierTypeId("edfa-preamp-vg"), fiber.Spans[^1].Amplifier!.Type);
    }

    [Fact]
    public void Xlron_TakesLinkLengthsAsPublished_AndPairsEachFibreWithItsReverse()
    {
        var network = Success(XlronImporter.Import(Xlron, "tri", new ImportOptions { Country = "JP" }));

        var forward = network.Fiber(new FiberId("Osaka-Nagoya"));
        Assert.Equal(180.5, forward.LengthKm, 3);
        Assert.Equal(new FiberId("Nagoya-Osaka"), forward.Reverse);
        var backward = network.Fiber(forward.Reverse!.Value);
        Assert.Equal(forward.Id, backward.Reverse);
        Assert.Equal(forward.Source, backward.Destination);
        Assert.Equal(forward.Destination, backward.Source);
        Assert.All(network.Sites, s => Assert.Equal("JP", s.Jurisdiction.Country));
    }

    [Fact]
    public void Importer_Options_ChooseTypesTierGridAndTransponders()
    {
        var options = new ImportOptions
        {
            Country = "JP",
            Tier = Domain.Sites.SiteTier.Colo,
            Grid = SpectrumGrid.Benchmark100x12_5,
            RoadmType = new RoadmTypeId("roadm-metro"),
            FiberType = new FiberTypeId("NZDF"),
            AddTransponders = false,
        };

        var network = Success(XlronImporter.Import(Xlron, "tri", options));

        Assert.Empty(network.Transponders);
        Assert.All(network.Sites, s => Assert.Equal(Domain.Sites.SiteTier.Colo, s.Tier));
        Assert.All(network.Roadms, r => Assert.Equal(new RoadmTypeId("roadm-metro"), r.Type));
        Assert.All(network.Fibers.SelectMany(f => f.Spans), s => Assert.Equal(new FiberTypeId("NZDF"), s.FiberType));
        Assert.Equal(100, network.Grid.SlotCount);
    }

    [Fact]
    public void Xlron_WithoutCoordinates_PlacesNodesDeterministically_AndSaysSo()
    {
        var first = Success(XlronImporter.Import(XlronWithoutCoordinates, "ring"));
        var second = Success(XlronImporter.Import(XlronWithoutCoordinates, "ring"));

        Assert.Equal(first.Sites.Select(s => s.Location), second.Sites.Select(s => s.Location));
        Assert.Equal(4, first.Sites.Select(s => s.Location).Distinct().Count());
        Assert.Contains("4 of 4 nodes have no coordinates", first.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlron_KnownPositions_FillMissingCoordinatesByName()
    {
        var json = """{"nodes": [{"id": 1, "name": "Sapporo"}, {"id": 2, "name": "Sendai"}], "links": [{"source": 1, "target": 2, "distance": 600}]}""";
        var options = new ImportOptions
        {
            Country = "JP",
            KnownPositions = new Dictionary<string, GeoPoint> { ["sapporo"] = new(43.06, 141.35), ["sendai"] = new(38.27, 140.87) }.ToImmutableDictionary(),
        };

        var network = Success(XlronImporter.Import(json, "two", options));

        Assert.Equal(43.06, network.Site(new SiteId("Sapporo")).Location.Latitude);
        Assert.DoesNotContain("synthetic", network.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportedNetworks_PassValidationAfterWriting()
    {
        var network = Success(XlronImporter.Import(Xlron, "tri", new ImportOptions { Country = "JP" }));
        var library = NetworkFile.LoadEquipment(Path.Combine(ShippedNetworksTests.RepoRoot(), "topologies", "equipment", "default.json")).Value!;

        var result = TopologyReader.ReadNetwork(TopologyWriter.WriteNetwork(network), library);

        Assert.True(result.IsSuccess, string.Join("\n", result.Issues));
    }

    [Fact]
    public void Sndlib_PixelCoordinates_AreRefusedWithTheLine()
    {
        var result = SndlibImporter.Import("NODES (\n  A ( 350.0 120.0 )\n)\n", "bad");

        var issue = Assert.Single(result.Errors);
        Assert.Null(result.Value);
        Assert.Equal(IssueCodes.MalformedSource, issue.Code);
        Assert.Equal("line 2", issue.Path);
    }

    [Fact]
    public void Sndlib_EveryBadLine_IsReportedAtOnce()
    {
        var text = "NODES (\n  A ( 10 50 )\n  B oops\n)\nLINKS (\n  L1 ( A C ) 0 0\n)\n";

        var result = SndlibImporter.Import(text, "bad");

        Assert.Equal(["line 3", "line 6"], result.Errors.Select(e => e.Path).ToArray());
    }

    [Fact]
    public void Xlron_LinkToAnUnknownNode_AndANonPositiveDistance_AreReportedWithTheirPaths()
    {
        var json = """{"nodes": [{"id": 1}, {"id": 2}], "links": [{"source": 1, "target": 9, "distance": 10}, {"source": 1, "target": 2, "distance": 0}]}""";

        var result = XlronImporter.Import(json, "bad");

        Assert.Null(result.Value);
        Assert.Contains(result.Errors, e => e.Code == IssueCodes.UnknownNode && e.Path == "$.links[0].target");
        Assert.Contains(result.Errors, e => e.Code == IssueCodes.OutOfRange && e.Path == "$.links[1].distance");
    }

    [Fact]
    public void Importer_UnknownCountry_IsAnOptionError()
    {
        var result = XlronImporter.Import(Xlron, "tri", new ImportOptions { Country = "XX" });

        Assert.Contains(result.Errors, e => e.Code == IssueCodes.InvalidOption && e.Path == "--country");
    }

    [Fact]
    public void Importer_ParallelLinks_KeepTheFirstAndWarn()
    {
        var json = """{"nodes": [{"id": 1}, {"id": 2}], "links": [{"source": 1, "target": 2, "distance": 10}, {"source": 2, "target": 1, "distance": 12}]}""";

        var result = XlronImporter.Import(json, "twin");

        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Value!.Fibers.Length);
        Assert.Contains(result.Warnings, w => w.Path == "$.links[1]");
    }
}
