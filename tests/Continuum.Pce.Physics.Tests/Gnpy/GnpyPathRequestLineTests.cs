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

        Assert.Contains("Edfa7", through.Route);
        Assert.Equal("NO_PATH", unknown.Reason);
        Assert.Contains("nowhere", unknown.Description);
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

        Assert.Equal(plain[0].Route, plain[1].Route);
        Assert.Equal(plain[0].Route, results[0].Route);
        Assert.NotEqual(results[0].Route, results[1].Route);
        Assert.DoesNotContain(results[1].Route, uid => uid.StartsWith("fiber", StringComparison.Ordinal) && results[0].Route.Contains(uid));
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
