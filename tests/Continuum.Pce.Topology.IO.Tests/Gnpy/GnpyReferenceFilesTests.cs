using Continuum.Pce.Topology.IO.Gnpy;
using Xunit;

namespace Continuum.Pce.Topology.IO.Tests.Gnpy;

/// <summary>GNPy's own equipment, network and spectrum files (shared reference, unchanged) and bad input.</summary>
public sealed class GnpyReferenceFilesTests
{
    private const string Reference = "/work/shared/reference/gnpy";

    private static string File(string relative) => Path.Combine(Reference, relative);

    private static readonly string[] ExtraConfigs = [File("example-data/std_medium_gain_advanced_config.json"), File("example-data/Juniper-BoosterHG.json")];

    [Theory]
    [InlineData("example-data/eqpt_config.json", 19)]
    [InlineData("example-data/eqpt_config_openroadm_ver4.json", 4)]
    [InlineData("example-data/eqpt_config_openroadm_ver5.json", 5)]
    [InlineData("tests-data/eqpt_config.json", 6)]
    [InlineData("tests-data/eqpt_config_psd.json", 6)]
    [InlineData("tests-data/eqpt_config_psw.json", 6)]
    public void EquipmentFile_AsShipped_LoadsEveryAmplifier(string file, int amplifiers)
    {
        var equipment = GnpyEquipmentReader.Load(File(file), ExtraConfigs);

        Assert.Equal(amplifiers, equipment.Catalogue.Amplifiers.Count);
        Assert.All(equipment.Catalogue.Amplifiers.Values, a => Assert.Null(a.Problem));
        Assert.NotEmpty(equipment.Catalogue.Roadms);
        Assert.NotEmpty(equipment.Library.Transceivers);
    }

    [Fact]
    public void EquipmentFile_MainExample_KeepsEveryTypeDefAndRamanFibresApart()
    {
        var equipment = GnpyEquipmentReader.Load(File("example-data/eqpt_config.json"));
        var typeDefs = equipment.Catalogue.Amplifiers.Values.Select(a => a.TypeDef).ToHashSet();

        Assert.Equal(["advanced_model", "dual_stage", "fixed_gain", "openroadm", "openroadm_booster", "openroadm_preamp", "variable_gain"], typeDefs.Order());
        var advanced = equipment.Catalogue.Amplifiers["high_detail_model_example"];
        Assert.Equal(4, advanced.NfFitCoeff.Count);
        Assert.True(advanced.NfRipple.Count > 1);
        var dual = equipment.Catalogue.Amplifiers["medium+low_gain"];
        Assert.Equal(26 + 16, dual.GainFlatMax);
        Assert.True(equipment.Catalogue.RamanFibers.ContainsKey("SSMF"));
        Assert.True(equipment.Catalogue.Fibers.ContainsKey("SSMF"));
        Assert.Single(equipment.Library.FiberTypes, f => f.Id.Value == "SSMF");
    }

    [Fact]
    public void EquipmentFile_ConfigFileMissing_MarksOnlyThatAmplifier()
    {
        // tests-data names an advanced config that GNPy ships in example-data: without it, only that entry is unusable.
        var equipment = GnpyEquipmentReader.Load(File("tests-data/eqpt_config.json"));

        var problem = Assert.Single(equipment.Catalogue.Amplifiers.Values, a => a.Problem is not null);
        Assert.Equal("CienaDB_medium_gain", problem.Variety);
        Assert.Contains("$.Edfa[0]", problem.Problem);
        Assert.Contains("std_medium_gain_advanced_config.json", problem.Problem);
    }

    [Theory]
    [InlineData("example-data/edfa_example_network.json", 4)]
    [InlineData("tests-data/test_long_network.json", 41)]
    [InlineData("example-data/Sweden_OpenROADMv4_example_network.json", 254)]
    [InlineData("example-data/Sweden_OpenROADMv5_example_network.json", 254)]
    public void NetworkFile_AsShipped_Parses(string file, int elements)
    {
        var topology = GnpyTopology.Load(File(file));

        Assert.Equal(elements, topology.Elements.Count);
        Assert.All(topology.Connections, c => Assert.Contains(topology.Elements, e => e.Uid == c.To));
    }

    [Fact]
    public void NetworkFile_FibreOwnParams_AreKept()
    {
        var topology = GnpyTopology.Load(File("example-data/edfa_example_network.json"));
        var span = Assert.Single(topology.Elements, e => e.Type == "Fiber");

        Assert.Equal(3e-15, span.PmdCoef);
        Assert.Equal(80e3, span.LengthM);
        Assert.Equal(0.5, span.ConIn);
        var amplifier = Assert.Single(topology.Elements, e => e.Type == "Edfa");
        Assert.Equal(17, amplifier.GainTarget);
    }

    [Fact]
    public void Spectrum_InitialSpectrum2_HasSixtyCarriersInTwoPartitions()
    {
        var spectrum = GnpySpectrumReader.Load(File("example-data/initial_spectrum2.json"));

        Assert.Equal(["mode_1", "mode_2"], spectrum.Select(p => p.Label));
        Assert.Equal(35, spectrum[0].Centres().Count);
        Assert.Equal(25, spectrum[1].Centres().Count);
        Assert.Equal(193.1625e12, spectrum[1].Centres()[0]);
    }

    [Fact]
    public void DomainImport_TransceiversAttachedToRoadms_Route()
    {
        // GNPy's usual layout, imported into the project's format (the REST import uses this path).
        var gnpy = GnpyNetworkReader.Load(File("tests-data/test_long_network.json"), File("tests-data/eqpt_config.json"));

        var route = gnpy.Route("Site_A", "Site_B");

        Assert.NotEmpty(route);
        Assert.Equal("roadm Site A", gnpy.Network.Fiber(route[0]).Source.Value);
        Assert.Equal("roadm Site B", gnpy.Network.Fiber(route[^1]).Destination.Value);
    }

    [Theory]
    [InlineData("""{ "elements": [ { "uid": "a", "type": "Transceiver" }, { "uid": "b", "type": "Splitter" } ], "connections": [] }""", "$.elements[1].type")]
    [InlineData("""{ "elements": [ { "uid": "a", "type": "Transceiver" } ], "connections": [ { "from_node": "a", "to_node": "z" } ] }""", "$.connections[0].to_node")]
    [InlineData("""{ "elements": [ { "uid": "f", "type": "Fiber", "type_variety": "SSMF", "params": { "loss_coef": 0.2 } } ], "connections": [] }""", "$.elements[0].params.length")]
    [InlineData("""{ "elements": [ { "uid": "a", "type": "Transceiver" }, { "uid": "a", "type": "Transceiver" } ], "connections": [] }""", "$.elements[1].uid")]
    [InlineData("""{ "elements": [ { "type": "Transceiver" } ], "connections": [] }""", "$.elements[0]")]
    public void Network_Malformed_NamesTheJsonPath(string json, string path)
    {
        var e = Assert.Throws<GnpyFormatException>(() => GnpyTopology.Parse(json));

        Assert.Contains(e.Errors, m => m.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public void Spectrum_PartitionWithoutSlotWidth_NamesTheJsonPath()
    {
        var e = Assert.Throws<GnpyFormatException>(() => GnpySpectrumReader.Parse("""{ "spectrum": [ { "f_min": 191.4e12, "f_max": 193.1e12, "baud_rate": 32e9, "roll_off": 0.15 } ] }"""));

        Assert.StartsWith("$.spectrum[0]", Assert.Single(e.Errors));
    }

    [Theory]
    [InlineData("""{ "raman_params": { "flag": true }, "nli_params": { "method": "gn_model_analytic" } }""", "$.raman_params.flag")]
    [InlineData("""{ "raman_params": { "flag": false }, "nli_params": { "method": "ggn_spectrally_separated" } }""", "$.nli_params.method")]
    public void SimParams_Unsupported_NamesTheSetting(string json, string path)
    {
        var e = Assert.Throws<GnpyFormatException>(() => GnpySimParams.Check(json));

        Assert.StartsWith(path, Assert.Single(e.Errors));
    }

    [Fact]
    public void SimParams_GnAnalyticWithoutRaman_IsAccepted() =>
        GnpySimParams.Check("""{ "raman_params": { "flag": false }, "nli_params": { "method": "gn_model_analytic" } }""");
}
