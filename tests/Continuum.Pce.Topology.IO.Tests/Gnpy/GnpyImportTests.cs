using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Topology.IO.Gnpy;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests.Gnpy;

public sealed class GnpyImportTests
{
    private const string Equipment = """
        {
          "Edfa": [
            { "type_variety": "std_medium_gain", "type_def": "variable_gain", "gain_flatmax": 26, "gain_min": 15, "p_max": 23, "nf_min": 6, "nf_max": 10 },
            { "type_variety": "fixed22", "type_def": "fixed_gain", "gain_flatmax": 22, "gain_min": 20, "p_max": 21, "nf0": 5.5 }
          ],
          "Fiber": [ { "type_variety": "SSMF", "dispersion": 1.67e-05, "gamma": 0.00127, "pmd_coef": 1.265e-15 } ],
          "Span": [ { "con_in": 0.5, "con_out": 0.5 } ],
          "Roadm": [ { "target_pch_out_db": -20, "add_drop_osnr": 38 } ],
          "SI": [ { "f_min": 191.3e12, "f_max": 196.1e12, "baud_rate": 32e9, "spacing": 50e9, "power_dbm": 1, "roll_off": 0.15, "tx_osnr": 40, "sys_margins": 2 } ],
          "Transceiver": [ { "type_variety": "vendorA", "mode": [
            { "format": "PS_SP64_1", "baud_rate": 32e9, "OSNR": 11, "bit_rate": 100e9, "roll_off": 0.15, "tx_osnr": 40, "min_spacing": 50e9 } ] } ]
        }
        """;

    private const string Network = """
        {
          "elements": [
            { "uid": "trx Lannion", "type": "Transceiver", "type_variety": "vendorA", "metadata": { "location": { "city": "Lannion", "latitude": 48.73, "longitude": -3.46 } } },
            { "uid": "roadm Lannion", "type": "Roadm", "metadata": { "location": { "city": "Lannion", "latitude": 48.73, "longitude": -3.46 } } },
            { "uid": "booster Lannion", "type": "Edfa", "type_variety": "std_medium_gain", "operational": { "gain_target": 20 } },
            { "uid": "fiber 1", "type": "Fiber", "type_variety": "SSMF", "params": { "length": 80, "length_units": "km", "loss_coef": 0.2 } },
            { "uid": "amp 1", "type": "Edfa", "type_variety": "fixed22", "operational": { "gain_target": 22 } },
            { "uid": "fused 1", "type": "Fused", "params": { "loss": 1 } },
            { "uid": "fiber 2", "type": "Fiber", "type_variety": "SSMF", "params": { "length": 90000, "length_units": "m", "loss_coef": 0.21, "con_in": 0.3 } },
            { "uid": "amp 2", "type": "Edfa", "type_variety": "std_medium_gain", "operational": {} },
            { "uid": "roadm Brest", "type": "Roadm", "metadata": { "location": { "city": "Brest", "latitude": 48.39, "longitude": -4.49 } } },
            { "uid": "trx Brest", "type": "Transceiver", "type_variety": "vendorA", "metadata": { "location": { "city": "Brest", "latitude": 48.39, "longitude": -4.49 } } }
          ],
          "connections": [
            { "from_node": "trx Lannion", "to_node": "roadm Lannion" },
            { "from_node": "roadm Lannion", "to_node": "booster Lannion" },
            { "from_node": "booster Lannion", "to_node": "fiber 1" },
            { "from_node": "fiber 1", "to_node": "amp 1" },
            { "from_node": "amp 1", "to_node": "fused 1" },
            { "from_node": "fused 1", "to_node": "fiber 2" },
            { "from_node": "fiber 2", "to_node": "amp 2" },
            { "from_node": "amp 2", "to_node": "roadm Brest" },
            { "from_node": "roadm Brest", "to_node": "trx Brest" }
          ]
        }
        """;

    private static GnpyNetwork Import(string network = Network) => GnpyNetworkReader.Parse(network, GnpyEquipmentReader.Parse(Equipment));

    [Fact]
    public void Equipment_ConvertsGnpyUnitsAndNoiseModels()
    {
        var equipment = GnpyEquipmentReader.Parse(Equipment);
        var library = equipment.Library;
        var ssmf = library.FiberType(new FiberTypeId("SSMF"));

        Assert.Equal(16.7, ssmf.DispersionPsPerNmKm, 1e-9);
        Assert.Equal(0.04, ssmf.PmdCoefficientPsPerSqrtKm, 1e-4);
        Assert.Equal(82.99, ssmf.EffectiveAreaUm2, 0.05);
        Assert.Equal(193_414_489, ssmf.ReferenceFrequency.Mhz);
        Assert.IsType<DualCoilNoiseFigure>(library.Amplifier(new AmplifierTypeId("std_medium_gain")).NoiseFigure);
        Assert.Equal(5.5, library.Amplifier(new AmplifierTypeId("fixed22")).NoiseFigure.NoiseFigureDb(21));
        var mode = Assert.Single(library.Transceiver(new TransceiverTypeId("vendorA")).Modes);
        Assert.Equal(100, mode.LineRateGbps);
        Assert.Equal(32, mode.BaudRateGbaud);
        Assert.Equal(11, mode.RequiredOsnrDb);
        Assert.Equal(96, equipment.SpectralInformation.Channels().Count);
        Assert.Equal(1, library.RoadmTypes[0].TargetChannelPowerDbm);
    }

    [Fact]
    public void Network_ChainBetweenRoadms_BecomesOneFibreWithAmplifiedSpans()
    {
        var gnpy = Import();
        var fiber = Assert.Single(gnpy.Network.Fibers);

        Assert.Equal(new NodeId("roadm Lannion"), fiber.Source);
        Assert.Equal(new NodeId("roadm Brest"), fiber.Destination);
        Assert.Equal(2, fiber.Spans.Length);
        Assert.Equal(new Span(80, new FiberTypeId("SSMF"), 0.2, 0.5, 0.5, new SpanAmplifier(new AmplifierTypeId("fixed22"), 22)), fiber.Spans[0]);

        // The fused loss (1 dB) joins the next span's input connector (0.3 dB); no gain target means "compensate".
        Assert.Equal(new Span(90, new FiberTypeId("SSMF"), 0.21, 1.3, 0.5, new SpanAmplifier(new AmplifierTypeId("std_medium_gain"))), fiber.Spans[1]);
        Assert.Contains(gnpy.Warnings, w => w.Contains("booster Lannion", StringComparison.Ordinal));
    }

    [Fact]
    public void Network_TransceiversAndRoadms_BecomeNodesWithSites()
    {
        var gnpy = Import();
        var trx = Assert.IsType<Transponder>(gnpy.Network.Node(new NodeId("trx Brest")));

        Assert.Equal(new NodeId("roadm Brest"), trx.AttachedRoadm);
        Assert.IsType<Roadm>(gnpy.Network.Node(new NodeId("roadm Lannion")));
        Assert.Equal(48.39, gnpy.Network.SiteOf(new NodeId("roadm Brest")).Location.Latitude);
        Assert.Equal(4, gnpy.Network.Nodes.Length);
    }

    [Fact]
    public void Route_BetweenRoadms_ListsTheFibres()
    {
        var gnpy = Import();

        Assert.Equal([new FiberId("roadm Lannion->roadm Brest")], gnpy.Route("roadm Lannion", "roadm Brest"));
        Assert.Throws<KeyNotFoundException>(() => gnpy.Route("roadm Lannion", "nowhere"));
    }

    [Fact]
    public void Network_UnknownTypesVarietiesAndUids_AreAllReported()
    {
        var broken = Network
            .Replace("\"type\": \"Fused\"", "\"type\": \"Multiband_amplifier\"", StringComparison.Ordinal)
            .Replace("\"to_node\": \"roadm Brest\"", "\"to_node\": \"roadm Quimper\"", StringComparison.Ordinal);
        var error = Assert.Throws<GnpyFormatException>(() => Import(broken));

        Assert.Contains(error.Errors, e => e.Contains("unsupported type 'Multiband_amplifier'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("unknown uid 'roadm Quimper'", StringComparison.Ordinal));

        var variety = Network.Replace("\"type_variety\": \"fixed22\"", "\"type_variety\": \"nope\"", StringComparison.Ordinal);
        var varietyError = Assert.Throws<GnpyFormatException>(() => Import(variety));
        Assert.Contains(varietyError.Errors, e => e.Contains("unknown Edfa type_variety 'nope'", StringComparison.Ordinal));
    }
}
