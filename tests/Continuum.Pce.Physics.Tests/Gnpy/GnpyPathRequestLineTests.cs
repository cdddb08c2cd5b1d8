using Continuum.Pce.Cli.Gnpy;
using Continuum.Pce.Topology.IO.Gnpy;
using Xunit;

namespace Continuum.Pce.Physics.Tests.Gnpy;

/// <summary>GNPy path requests on GNPy's own networks (unchanged), answered on the designed line model.</summary>
public sealed class GnpyPathRequestLineTests
{
    private static GnpyRequestAnswerer Long() => GnpyRequestAnswerer.Design(
        GnpyTopology.Load(GnpyExpectedOutput.File("tests-data/test_long_network.json")),
        GnpyEquipmentReader.Load(GnpyExpectedOutput.File("tests-data/eqpt_config.json")));

    private static GnpyPathRequest Request(string? mode, double spacing, params string[] ero) =>
        new("r", "Site_A", "Site_B", "vendorA_trx-type1", mode, spacing, 1e-3, null, ero);

    [Fact]
    public void Request_TransceiversAttachedToRoadms_RouteThroughTheRoadmsAndBoosters()
    {
        var found = Assert.IsType<GnpyPathFound>(Long().Answer(Request("mode 1", 50e9)));

        Assert.Equal("Site_A", found.Route[0]);
        Assert.Equal("roadm Site A", found.Route[1]);
        Assert.Equal("booster A", found.Route[2]);
        Assert.Equal("roadm Site B", found.Route[^2]);
        // The same figures as GNPy's transmission example on this network (mode 1 is the SI's 32 GBd at 50 GHz).
        Assert.Equal(17.75, found.Snr01nmDb, 0.02);
    }

    [Fact]
    public void Request_AutomaticMode_SkipsModesWiderThanTheSpacing()
    {
        var answerer = Long();

        var narrow = Assert.IsType<GnpyPathFound>(answerer.Answer(Request(null, 50e9)));
        var wide = answerer.Answer(Request(null, 75e9));

        // At 50 GHz the 200 Gb/s modes (64 GBd, min_spacing 75 GHz) do not fit: the first 100 Gb/s mode is chosen; at
        // 75 GHz the first 200 Gb/s mode is.
        Assert.Equal("PS_SP64_1", narrow.TrxMode);
        Assert.Equal("PS_SP64_2", Assert.IsType<GnpyPathFound>(wide).TrxMode);
    }

    [Fact]
    public void Request_ExplicitHop_IsOnTheRouteOrRefusedWhenUnknown()
    {
        var answerer = Long();

        var through = Assert.IsType<GnpyPathFound>(answerer.Answer(Request("mode 1", 50e9, "Edfa7")));
        var unknown = Assert.IsType<GnpyNoPath>(answerer.Answer(Request("mode 1", 50e9, "nowhere")));

        // A hop without hop-type is strict: GNPy cannot apply it (it stops the run), the request is refused.
        Assert.Contains("Edfa7", through.Route);
        Assert.Equal("NO_PATH_WITH_CONSTRAINT", unknown.Reason);
        Assert.Contains("nowhere", unknown.Description);
    }

    private const string GothenburgToBoras = "fiber (Gothenburg → Borås)";

    private static GnpyPathRequest SwedenVia(string hop, bool loose) =>
        Sweden("e") with { ExplicitRoute = [hop], LooseHops = [loose] };

    [Fact]
    public void LooseHop_NotInTheNetwork_IsSkippedWithAWarning()
    {
        var answerer = Sweden();

        var found = Assert.IsType<GnpyPathFound>(answerer.Answer(SwedenVia("nowhere", loose: true)));

        Assert.Equal(Assert.IsType<GnpyPathFound>(Sweden().Answer(Sweden("plain"))).Route, found.Route);
        Assert.Contains(answerer.Warnings, w => w.Contains("'nowhere'", StringComparison.Ordinal) && w.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Hop_NoSimplePathCanCross_IsIgnoredWhenLoose_AndBlocksWhenStrict()
    {
        // Stockholm → Gothenburg through the fibre leaving Gothenburg for Borås: the path would have to reach Gothenburg's
        // ROADM twice, so no simple path crosses it (the old leg-by-leg routing returned that loop).
        var answerer = Sweden();

        var loose = Assert.IsType<GnpyPathFound>(answerer.Answer(SwedenVia(GothenburgToBoras, loose: true)));
        var strict = Assert.IsType<GnpyNoPath>(Sweden().Answer(SwedenVia(GothenburgToBoras, loose: false)));

        Assert.DoesNotContain(GothenburgToBoras, loose.Route);
        Assert.Equal(loose.Route.Count, loose.Route.Distinct().Count());
        Assert.Contains(answerer.Warnings, w => w.Contains("loose constraints are ignored", StringComparison.Ordinal));
        Assert.Equal("NO_PATH_WITH_CONSTRAINT", strict.Reason);
    }

    [Fact]
    public void ServiceFile_HopTypes_AreRead_AndAnExcludeRouteIsRefusedWithItsPath()
    {
        const string json = """
            { "path-request": [ { "request-id": "a", "source": "x", "destination": "y",
                "explicit-route-objects": { "route-object-include-exclude": [
                  { "explicit-route-usage": "route-include-ero", "index": 1, "num-unnum-hop": { "node-id": "n2", "link-tp-id": "n2", "hop-type": "STRICT" } },
                  { "explicit-route-usage": "route-include-ero", "index": 0, "num-unnum-hop": { "node-id": "n1", "link-tp-id": "n1", "hop-type": "LOOSE" } } ] } } ] }
            """;

        var request = Assert.Single(GnpyPathRequests.ParseServiceFile(json).Requests);
        var error = Assert.Throws<GnpyFormatException>(() => GnpyPathRequests.ParseServiceFile(json.Replace("\"route-include-ero\", \"index\": 0", "\"route-exclude-object\", \"index\": 0", StringComparison.Ordinal)));

        Assert.Equal(["n1", "n2"], request.ExplicitRoute);
        Assert.Equal([true, false], request.LooseHops);
        Assert.Contains("$.path-request[0].explicit-route-objects.route-object-include-exclude[0].explicit-route-usage", error.Message, StringComparison.Ordinal);
    }

    private static GnpyPathRequest Sized(string id, double bandwidthBps, double powerW = 1e-3) =>
        new(id, "Site_A", "Site_B", "vendorA_trx-type1", "mode 1", 50e9, powerW, bandwidthBps, []);

    [Fact]
    public void Requests_InOrder_TakeSpectrumByFirstFitOverTheBand()
    {
        var answerer = Long();
        var si = GnpyEquipmentReader.Load(GnpyExpectedOutput.File("tests-data/eqpt_config.json")).SpectralInformation;

        var first = Assert.IsType<GnpyPathFound>(answerer.Answer(Sized("1", 100e9)));
        var second = Assert.IsType<GnpyPathFound>(answerer.Answer(Sized("2", 100e9)));

        // 50 GHz (M = 4) from the band's lower edge, then the next 50 GHz: N moves by eight 6.25 GHz steps.
        var lowest = (int)Math.Round((si.FMinHz + 25e9 - 193.1e12) / 6.25e9);
        Assert.Equal((lowest, 4), first.Spectrum);
        Assert.Equal((lowest + 8, 4), second.Spectrum);
    }

    [Fact]
    public void Request_ForTwoChannelsOfItsMode_TakesTwiceTheSpectrum()
    {
        var found = Assert.IsType<GnpyPathFound>(Long().Answer(Sized("1", 200e9)));

        Assert.Equal(8, found.Spectrum!.Value.M);
    }

    [Fact]
    public void Request_WhenTheBandIsFull_IsRefusedAsNoSpectrum()
    {
        var answerer = Long();

        // 4.8 THz of band holds 96 channels of 50 GHz: 90 of them first, then 10 more do not fit.
        Assert.IsType<GnpyPathFound>(answerer.Answer(Sized("1", 90 * 100e9)));
        var refused = Assert.IsType<GnpyNoPath>(answerer.Answer(Sized("2", 10 * 100e9)));
        var fits = Assert.IsType<GnpyPathFound>(answerer.Answer(Sized("3", 6 * 100e9)));

        Assert.Equal("NO_SPECTRUM", refused.Reason);
        Assert.Equal(24, fits.Spectrum!.Value.M);
    }

    private static GnpyPathRequest Slot(string id, int? n, int? m, double bandwidthBps = 100e9) =>
        Sized(id, bandwidthBps) with { FrequencySlots = [(n, m)] };

    // n(f) = trunc((f − 193.1 THz) / 6.25 GHz): the long case's SI runs 191.3–196.1 THz, n −288 … 480.
    private const int NMin = -288;
    private const int NMax = 480;

    [Fact]
    public void RequestedNAndM_AreTakenExactly_AndAnOverlappingRequestIsRefused()
    {
        var answerer = Long();

        var exact = Assert.IsType<GnpyPathFound>(answerer.Answer(Slot("1", 0, 4)));
        var overlapping = Assert.IsType<GnpyNoPath>(answerer.Answer(Slot("2", 6, 4)));
        var beside = Assert.IsType<GnpyPathFound>(answerer.Answer(Slot("3", 8, 4)));
        var firstFit = Assert.IsType<GnpyPathFound>(answerer.Answer(Sized("4", 100e9)));

        Assert.Equal((0, 4), exact.Spectrum);
        Assert.Equal("NO_SPECTRUM", overlapping.Reason);
        Assert.Equal((8, 4), beside.Spectrum);
        Assert.Equal((NMin + 4, 4), firstFit.Spectrum);
    }

    [Fact]
    public void RequestedM_TooNarrowForTheBandwidth_IsNotEnoughReservedSpectrum_AndAWiderOneIsKept()
    {
        var answerer = Long();

        var narrow = Assert.IsType<GnpyNoPath>(answerer.Answer(Slot("1", null, 4, bandwidthBps: 200e9)));
        var wide = Assert.IsType<GnpyPathFound>(answerer.Answer(Slot("2", null, 8)));
        var centreOnly = Assert.IsType<GnpyPathFound>(answerer.Answer(Slot("3", 100, null, bandwidthBps: 200e9)));

        Assert.Equal("NOT_ENOUGH_RESERVED_SPECTRUM", narrow.Reason);
        Assert.Equal((NMin + 8, 8), wide.Spectrum);
        Assert.Equal((100, 8), centreOnly.Spectrum);
    }

    [Fact]
    public void BandEdges_FollowGnpysBitmap_TheSlotAtFMaxIsUsable_NothingBelowFMin()
    {
        var answerer = Long();

        // M = 4 covers N − 4 … N + 3: the highest N reaches slot n(f_max) (the 6.25 GHz above f_max, as in GNPy), one
        // more is outside; the lowest N starts at n(f_min).
        Assert.Equal((NMax - 3, 4), Assert.IsType<GnpyPathFound>(answerer.Answer(Slot("1", NMax - 3, 4))).Spectrum);
        Assert.Equal("NO_SPECTRUM", Assert.IsType<GnpyNoPath>(answerer.Answer(Slot("2", NMax - 2, 4))).Reason);
        Assert.Equal((NMin + 4, 4), Assert.IsType<GnpyPathFound>(answerer.Answer(Slot("3", NMin + 4, 4))).Spectrum);
        Assert.Equal("NO_SPECTRUM", Assert.IsType<GnpyNoPath>(answerer.Answer(Slot("4", NMin + 11, 4))).Reason);
        Assert.Equal("NO_SPECTRUM", Assert.IsType<GnpyNoPath>(Long().Answer(Slot("5", NMin + 3, 4))).Reason);
    }

    [Fact]
    public void ServiceFile_EffectiveFreqSlot_IsRead_NullsIncluded()
    {
        const string json = """
            { "path-request": [ { "request-id": "a", "source": "x", "destination": "y",
                "path-constraints": { "te-bandwidth": { "effective-freq-slot": [ { "N": 12, "M": "null" } ] } } },
              { "request-id": "b", "source": "x", "destination": "y",
                "path-constraints": { "te-bandwidth": { "effective-freq-slot": [ { "N": null, "M": 0 } ] } } } ] }
            """;

        var error = Assert.Throws<GnpyFormatException>(() => GnpyPathRequests.ParseServiceFile(json));
        var requests = GnpyPathRequests.ParseServiceFile(json.Replace("\"M\": 0", "\"M\": 6", StringComparison.Ordinal)).Requests;

        Assert.Contains("$.path-request[1].path-constraints.te-bandwidth.effective-freq-slot[0].M", error.Message, StringComparison.Ordinal);
        Assert.Equal([(12, (int?)null)], requests[0].FrequencySlots);
        Assert.Equal([((int?)null, 6)], requests[1].FrequencySlots);
    }

    private static GnpyRequestAnswerer Sweden() => GnpyRequestAnswerer.Design(
        GnpyTopology.Load(GnpyExpectedOutput.File("example-data/Sweden_OpenROADMv4_example_network.json")),
        GnpyEquipmentReader.Load(GnpyExpectedOutput.File("example-data/eqpt_config_openroadm_ver4.json")));

    private static GnpyPathRequest Sweden(string id, string from = "trx_Stockholm", string to = "trx_Gothenburg") =>
        new(id, from, to, "OpenROADM MSA ver. 4.0", "100 Gbit/s, 31.57 Gbaud, DP-QPSK", 50e9, null, null, []);

    [Fact]
    public void BidirectionalRequest_AnswersBothDirectionsOnTheSameSpectrum()
    {
        var answerer = Sweden();

        var found = Assert.IsType<GnpyPathFound>(answerer.Answer(Sweden("1") with { Bidirectional = true }));
        var after = Assert.IsType<GnpyPathFound>(answerer.Answer(Sweden("2", "trx_Gothenburg", "trx_Stockholm")));

        Assert.NotNull(found.Reverse);
        var reverse = found.Reverse;
        Assert.Equal("trx_Gothenburg", reverse.Route[0]);
        Assert.Equal("trx_Stockholm", reverse.Route[^1]);
        Assert.Equal(found.Snr01nmDb, reverse.Snr01nmDb, 1.0);
        // The reverse fibres took the first slot too, so a later Gothenburg → Stockholm request gets the next one.
        Assert.Equal(found.Spectrum!.Value.N + 8, after.Spectrum!.Value.N);
    }

    [Fact]
    public void BidirectionalRequest_OnAOneWayLine_IsRefusedForItsReverseDirection()
    {
        var refused = Assert.IsType<GnpyNoPath>(Long().Answer(Sized("1", 100e9) with { Bidirectional = true }));

        Assert.Equal("NO_PATH", refused.Reason);
        Assert.StartsWith("reverse direction:", refused.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void SynchronizedRequests_LinkDisjoint_ShareNoFibre()
    {
        var file = new GnpyServiceFile([Sweden("a"), Sweden("b")], [new GnpySynchronization("s", GnpyDisjointness.Link, false, ["a", "b"])]);
        var unsynchronized = new GnpyServiceFile([Sweden("a"), Sweden("b")], []);

        var results = Sweden().AnswerAll(file).Select(r => Assert.IsType<GnpyPathFound>(r)).ToList();
        var plain = Sweden().AnswerAll(unsynchronized).Select(r => Assert.IsType<GnpyPathFound>(r)).ToList();

        // GNPy's combinations run over the last request's candidates first: the second request keeps the shortest route
        // and the first takes the shortest disjoint from it.
        Assert.Equal(plain[0].Route, plain[1].Route);
        Assert.Equal(plain[1].Route, results[1].Route);
        Assert.NotEqual(results[0].Route, results[1].Route);
        Assert.DoesNotContain(results[1].Route, uid => uid.StartsWith("fiber", StringComparison.Ordinal) && results[0].Route.Contains(uid));
    }

    private static GnpyPathRequest SwedenTrx(string id, string from, string to) => Sweden(id, $"trx_{from}", $"trx_{to}");

    [Fact]
    public void SynchronizedRequests_WhereGreedyRoutingBlocksTheSecond_TakeGnpysDisjointCombination()
    {
        // Borås → Helsingborg alone goes through Gothenburg, which uses both of Gothenburg's links; routed first (the old
        // greedy order) it leaves Gothenburg → Karlstad no way out. GNPy's combinations are ordered by the last request's
        // candidate first: Gothenburg → Borås → Karlstad (its shortest), with the shortest Borås → Helsingborg that shares
        // no link with it in either direction, through Jönköping and Malmö.
        var a = SwedenTrx("a", "Borås", "Helsingborg");
        var b = SwedenTrx("b", "Gothenburg", "Karlstad");
        var alone = Assert.IsType<GnpyPathFound>(Sweden().Answer(a));
        var file = new GnpyServiceFile([a, b], [new GnpySynchronization("s", GnpyDisjointness.Link, false, ["a", "b"])]);

        var results = Sweden().AnswerAll(file).Select(r => Assert.IsType<GnpyPathFound>(r)).ToList();

        Assert.Contains("roadm_Gothenburg", alone.Route);
        Assert.Equal(["roadm_Borås", "roadm_Jönköping", "roadm_Malmö", "roadm_Helsingborg"], results[0].Route.Where(u => u.StartsWith("roadm_", StringComparison.Ordinal)));
        Assert.Equal(["roadm_Gothenburg", "roadm_Borås", "roadm_Karlstad"], results[1].Route.Where(u => u.StartsWith("roadm_", StringComparison.Ordinal)));
    }

    [Fact]
    public void SynchronizedRequests_WithNoDisjointCombination_AreRefusedUnlessRelaxable()
    {
        // Gothenburg has two links: three link-disjoint routes out of it cannot exist.
        GnpyPathRequest[] requests = [SwedenTrx("a", "Gothenburg", "Stockholm"), SwedenTrx("b", "Gothenburg", "Malmö"), SwedenTrx("c", "Gothenburg", "Karlstad")];
        var strict = new GnpyServiceFile(requests, [new GnpySynchronization("s", GnpyDisjointness.Link, false, ["a", "b", "c"])]);
        var relaxable = new GnpyServiceFile(requests, [new GnpySynchronization("s", GnpyDisjointness.Link, true, ["a", "b", "c"])]);

        var refused = Sweden().AnswerAll(strict);
        var relaxed = Sweden();
        var found = relaxed.AnswerAll(relaxable);

        Assert.All(refused, r => Assert.Equal("NO_PATH", Assert.IsType<GnpyNoPath>(r).Reason));
        Assert.All(found, r => Assert.IsType<GnpyPathFound>(r));
        Assert.Contains(relaxed.Warnings, w => w.Contains("relaxable", StringComparison.Ordinal));
    }

    [Fact]
    public void SynchronizedRequests_NodeDisjoint_ShareNoIntermediateRoadm()
    {
        var file = new GnpyServiceFile([Sweden("a"), Sweden("b")], [new GnpySynchronization("s", GnpyDisjointness.Node, false, ["a", "b"])]);

        var results = Sweden().AnswerAll(file).Select(r => Assert.IsType<GnpyPathFound>(r)).ToList();

        static List<string> Inner(GnpyPathFound found)
        {
            var roadms = found.Route.Where(u => u.StartsWith("roadm_", StringComparison.Ordinal)).ToList();
            return roadms[1..^1];
        }

        Assert.NotEmpty(Inner(results[0]));
        Assert.Empty(Inner(results[0]).Intersect(Inner(results[1])));
    }

    [Fact]
    public void ServiceFile_SynchronizationNamingAnUnknownRequest_IsRefusedWithItsPath()
    {
        const string json = """
            { "path-request": [ { "request-id": "a", "source": "x", "destination": "y" } ],
              "synchronization": [ { "synchronization-id": "s", "svec": { "relaxable": false, "disjointness": "node link", "request-id-number": ["a", "zz"] } } ] }
            """;

        var error = Assert.Throws<GnpyFormatException>(() => GnpyPathRequests.ParseServiceFile(json));

        Assert.Contains("$.synchronization[0].svec.request-id-number[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceFile_BidirectionalAndSynchronization_AreRead()
    {
        const string json = """
            { "path-request": [ { "request-id": "a", "source": "x", "destination": "y", "bidirectional": true },
                                { "request-id": "b", "source": "x", "destination": "y" } ],
              "synchronization": [ { "synchronization-id": "s", "svec": { "relaxable": true, "disjointness": "node link", "request-id-number": ["a", "b"] } } ] }
            """;

        var file = GnpyPathRequests.ParseServiceFile(json);

        Assert.True(file.Requests[0].Bidirectional);
        Assert.False(file.Requests[1].Bidirectional);
        var group = Assert.Single(file.Synchronization);
        Assert.Equal(GnpyDisjointness.Node, group.Disjointness);
        Assert.True(group.Relaxable);
        Assert.Equal(["a", "b"], group.RequestIds);
    }

    [Fact]
    public void RedesignPerRequest_AtTheReferencePower_ChangesNothing_AndAtAnotherPowerMovesTheFigures()
    {
        var once = Long();
        var redesigned = GnpyRequestAnswerer.Design(
            GnpyTopology.Load(GnpyExpectedOutput.File("tests-data/test_long_network.json")),
            GnpyEquipmentReader.Load(GnpyExpectedOutput.File("tests-data/eqpt_config.json")),
            redesignPerRequest: true);

        var atReference = Assert.IsType<GnpyPathFound>(redesigned.Answer(Sized("1", 100e9, 1e-3)));
        Assert.Equal(Assert.IsType<GnpyPathFound>(once.Answer(Sized("1", 100e9, 1e-3))).Snr01nmDb, atReference.Snr01nmDb, 1e-9);

        var higherOnce = Assert.IsType<GnpyPathFound>(once.Answer(Sized("2", 100e9, 2e-3)));
        var higherRedesigned = Assert.IsType<GnpyPathFound>(redesigned.Answer(Sized("2", 100e9, 2e-3)));
        Assert.NotEqual(higherOnce.Snr01nmDb, higherRedesigned.Snr01nmDb, 3);
    }
}
