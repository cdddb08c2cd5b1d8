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
}
