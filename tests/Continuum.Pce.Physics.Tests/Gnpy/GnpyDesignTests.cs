using Continuum.Pce.Cli.Gnpy;
using Continuum.Pce.Physics.Line;
using Continuum.Pce.Topology.IO.Gnpy;
using Xunit;

namespace Continuum.Pce.Physics.Tests.Gnpy;

/// <summary>GNPy's design rules and bad input, on the shipped files (edited in memory where a test needs a variant).</summary>
public sealed class GnpyDesignTests
{
    private static string Text(string relative) => File.ReadAllText(GnpyExpectedOutput.File(relative));

    private static GnpyEquipment MainEquipment(string? json = null) =>
        GnpyEquipmentReader.Parse(json ?? Text("example-data/eqpt_config.json"), name =>
        {
            var file = GnpyExpectedOutput.File(Path.Combine("example-data", name));
            return File.Exists(file) ? File.ReadAllText(file) : null;
        });

    private static GnpyTransmission RunMain(string network, GnpyEquipment? equipment = null) =>
        GnpyLine.Transmit(GnpyTopology.Parse(network), equipment ?? MainEquipment(), "Site_A", "Site_B");

    private static LineAmplifier Amplifier(GnpyTransmission run, string uid) => Assert.IsType<LineAmplifier>(run.Path.Single(e => e.Uid == uid));

    [Fact]
    public void PowerMode_MainExample_RederivesTheFileGainFromSpanLossAndDeltaP()
    {
        var run = RunMain(Text("example-data/edfa_example_network.json"));
        var edfa = Amplifier(run, "Edfa1");

        // File gain 17 dB; span loss 17 dB, ΔP = (0 − 20)·0.3 clamped to −2 dB: effective gain 15 dB, as GNPy prints.
        Assert.Equal(15, edfa.EffectiveGainDb!.Value, 1e-9);
        Assert.Equal(-2, edfa.DeltaPDb!.Value, 1e-9);
        Assert.Equal(-2, edfa.TargetPchOutDbm!.Value, 1e-9);
    }

    [Fact]
    public void Autodesign_EmptyTypeVariety_ChoosesTheLowestNoiseModelMeetingGainAndPower()
    {
        var network = Text("example-data/edfa_example_network.json").Replace("\"type_variety\": \"std_low_gain\"", "\"type_variety\": \"\"", StringComparison.Ordinal);
        Assert.DoesNotContain("std_low_gain", network, StringComparison.Ordinal);

        var run = RunMain(network);
        var edfa = Amplifier(run, "Edfa1");

        Assert.NotNull(edfa.Model);
        Assert.Equal(15, edfa.EffectiveGainDb!.Value, 1e-9);
        // At 15 dB the allowed single-stage models meeting the gain are std_medium_gain (NF 7.24) and std_low_gain (6.62).
        Assert.Equal("std_low_gain", edfa.Model!.Variety);
        Assert.Equal(31.17, run.Result.MeanGsnr01nmDb, 0.05);
    }

    [Fact]
    public void Autodesign_MissingAmplifierBetweenFibres_IsAddedAndDesigned()
    {
        // Split the main example's span in two fibres with nothing between them: GNPy adds "Edfa_<first fibre>".
        var network = """
            { "elements": [
                { "uid": "Site_A", "type": "Transceiver" },
                { "uid": "SpanA", "type": "Fiber", "type_variety": "SSMF", "params": { "length": 60, "loss_coef": 0.2, "length_units": "km" } },
                { "uid": "SpanB", "type": "Fiber", "type_variety": "SSMF", "params": { "length": 60, "loss_coef": 0.2, "length_units": "km" } },
                { "uid": "Edfa1", "type": "Edfa", "type_variety": "", "operational": {} },
                { "uid": "Site_B", "type": "Transceiver" } ],
              "connections": [
                { "from_node": "Site_A", "to_node": "SpanA" }, { "from_node": "SpanA", "to_node": "SpanB" },
                { "from_node": "SpanB", "to_node": "Edfa1" }, { "from_node": "Edfa1", "to_node": "Site_B" } ] }
            """;
        var run = RunMain(network);

        Assert.Equal(["Site_A", "SpanA", "Edfa_SpanA", "SpanB", "Edfa1", "Site_B"], run.Path.Select(e => e.Uid));
        var added = Amplifier(run, "Edfa_SpanA");
        Assert.NotNull(added.Model);
        // 12 dB span; the next span's loss (12 dB) gives ΔP = (12 − 20)·0.3 → −2.5, clamped to −2 dB: gain 10 dB.
        Assert.Equal(10, added.EffectiveGainDb!.Value, 1e-9);
        Assert.Equal(12, Amplifier(run, "Edfa1").EffectiveGainDb!.Value, 1e-9);
    }

    [Fact]
    public void PMax_BelowTheDesignPower_ReducesTheGain()
    {
        // std_low_gain's p_max lowered to 15 dBm: the design's total output, 0 dBm + 10·log10(76) − 2 dB = 16.81 dBm,
        // is 1.81 dB too high, so ΔP and the gain drop by 1.81 dB (GNPy's "power reduction").
        var equipment = MainEquipment(Text("example-data/eqpt_config.json").Replace(
            "\"p_max\": 23,\n      \"nf_min\": 6.5,", "\"p_max\": 15,\n      \"nf_min\": 6.5,", StringComparison.Ordinal));
        Assert.Equal(15, equipment.Catalogue.Amplifiers["std_low_gain"].PMax);

        var run = RunMain(Text("example-data/edfa_example_network.json"), equipment);
        var edfa = Amplifier(run, "Edfa1");
        var reduction = 15 - (10 * Math.Log10(76) - 2);

        Assert.Equal(reduction, edfa.PowerReductionDb, 1e-9);
        Assert.Equal(15 + reduction, edfa.EffectiveGainDb!.Value, 1e-9);
        Assert.Contains(run.Warnings, w => w.Contains("power reduction", StringComparison.Ordinal));
        Assert.Equal(-2 + reduction, run.Result.Channels.Average(c => c.PowerDbm), 0.02);
    }

    [Fact]
    public void UnusableAmplifier_NotInTheNetwork_DoesNotRefuseTheFile()
    {
        // Break the OpenROADM ILA entry (no nf_coef): the main example does not use it.
        var equipment = MainEquipment(Text("example-data/eqpt_config.json").Replace("\"nf_coef\"", "\"nf_coef_removed\"", StringComparison.Ordinal));
        Assert.NotNull(equipment.Catalogue.Amplifiers["openroadm_ila_low_noise"].Problem);

        var run = RunMain(Text("example-data/edfa_example_network.json"), equipment);

        Assert.Equal(31.17, run.Result.MeanGsnr01nmDb, 0.05);
    }

    [Fact]
    public void UnusableAmplifier_UsedByTheNetwork_IsRefusedWithBothJsonPaths()
    {
        var equipment = MainEquipment(Text("example-data/eqpt_config.json").Replace("\"nf_coef\"", "\"nf_coef_removed\"", StringComparison.Ordinal));
        var network = Text("example-data/edfa_example_network.json").Replace("\"std_low_gain\"", "\"openroadm_ila_low_noise\"", StringComparison.Ordinal);

        var e = Assert.Throws<GnpyFormatException>(() => RunMain(network, equipment));

        var message = Assert.Single(e.Errors);
        Assert.StartsWith("$.elements[2].type_variety", message);
        Assert.Contains("$.Edfa[3].nf_coef", message);
    }

    [Fact]
    public void UnknownFibreType_IsRefusedWithItsJsonPath()
    {
        var network = Text("example-data/edfa_example_network.json").Replace("\"SSMF\"", "\"NoSuchFibre\"", StringComparison.Ordinal);

        var e = Assert.Throws<GnpyFormatException>(() => RunMain(network));

        Assert.StartsWith("$.elements[1].type_variety", Assert.Single(e.Errors));
    }

    [Fact]
    public void RamanFiber_OnThePath_IsRefusedNamingIt()
    {
        var network = Text("example-data/edfa_example_network.json").Replace("\"type\": \"Fiber\"", "\"type\": \"RamanFiber\"", StringComparison.Ordinal);

        var e = Assert.Throws<LineDesignException>(() => RunMain(network));

        Assert.Contains("RamanFiber 'Span1'", e.Message);
    }

    [Fact]
    public void Roadm_ChannelBelowTarget_IsNotAmplified()
    {
        // A ROADM attenuates to its degree's target (here −10 dBm towards b) but never amplifies: a channel arriving at
        // −15 dBm keeps its power; with the global −20 dBm target it is attenuated to −20 dBm.
        var a = new LineTransceiver("a");
        var roadm = new LineRoadm("r", Settings(-20, new Dictionary<string, double> { ["b"] = -10 }));
        var b = new LineTransceiver("b");
        var comb = Spectra.Comb(193e12, 193.2e12, 50e9, 32e9, 0.15, 100, -15);

        var result = LineSimulator.Propagate([a, roadm, b], comb);

        Assert.All(result.Channels, c => Assert.Equal(-15, c.PowerDbm, 1e-9));
        var lower = LineSimulator.Propagate([a, new LineRoadm("r2", Settings(-20, new Dictionary<string, double>())), b], comb);
        Assert.All(lower.Channels, c => Assert.Equal(-20, c.PowerDbm, 1e-9));
    }

    [Fact]
    public void Roadm_AddAndDrop_EachCountAddDropOsnrPlusThreeDb()
    {
        var a = new LineTransceiver("a");
        var add = new LineRoadm("r1", Settings(-20, new Dictionary<string, double>()) with { AddDropOsnrDb = 30 });
        var drop = new LineRoadm("r2", Settings(-20, new Dictionary<string, double>()) with { AddDropOsnrDb = 30 });
        var b = new LineTransceiver("b");
        var comb = Spectra.Comb(193e12, 193.1e12, 50e9, 32e9, 0.15, 200, 0);

        // Add at r1 and drop at r2, each add_drop_osnr + 3.01 dB: together 30 dB in 0.1 nm (the 200 dB transmitter
        // term is negligible).
        var result = LineSimulator.Propagate([a, add, drop, b], comb);

        Assert.All(result.Channels, c => Assert.Equal(30, c.Osnr01nmDb, 0.001));
    }

    [Fact]
    public void PowerRange_Sweep_DesignsAndPropagatesEveryPoint()
    {
        // power_range_db [0, 0, 1] widened to [-1, 1, 1]: three points, the reference one equal to the unswept run.
        var equipment = MainEquipment(Text("example-data/eqpt_config.json").Replace("\"power_range_db\": [\n        0,\n        0,", "\"power_range_db\": [\n        -1,\n        1,", StringComparison.Ordinal));
        Assert.Equal([-1.0, 1.0, 1.0], equipment.SpectralInformation.PowerRangeDb);

        var run = RunMain(Text("example-data/edfa_example_network.json"), equipment);

        Assert.Equal([-1.0, 0.0, 1.0], run.Sweep.Select(s => s.PowerOffsetDb));
        Assert.Equal(31.17, run.Result.MeanGsnr01nmDb, 0.05);
        Assert.Equal(-1, run.Sweep[0].Result.Channels.Average(c => c.PowerDbm) - run.Sweep[1].Result.Channels.Average(c => c.PowerDbm), 0.02);
        Assert.NotEqual(run.Sweep[0].Result.MeanGsnr01nmDb, run.Sweep[2].Result.MeanGsnr01nmDb);
    }

    [Fact]
    public void SaveNetwork_DesignedLongExample_ReadsBackToTheSameResult()
    {
        var equipment = GnpyEquipmentReader.Load(GnpyExpectedOutput.File("tests-data/eqpt_config.json"));
        var first = GnpyLine.Transmit(GnpyTopology.Load(GnpyExpectedOutput.File("tests-data/test_long_network.json")), equipment, "Site_A", "Site_B");

        var saved = GnpyNetworkWriter.Write(first.Network);
        var again = GnpyLine.Transmit(GnpyTopology.Parse(saved), equipment, "Site_A", "Site_B", new GnpyTransmissionOptions(InsertAmplifiers: false));

        Assert.Equal(first.Path.Select(e => e.Uid), again.Path.Select(e => e.Uid));
        Assert.Equal(first.Result.MeanGsnr01nmDb, again.Result.MeanGsnr01nmDb, 1e-6);
    }

    private static RoadmSettings Settings(double target, Dictionary<string, double> perDegree) =>
        new("default", target, null, null, 100, 0, 0, [], [], perDegree, new Dictionary<string, double>(), new Dictionary<string, double>());
}
