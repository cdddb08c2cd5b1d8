using Continuum.Pce.Cli.Gnpy;
using Continuum.Pce.Physics.Line;
using Continuum.Pce.Topology.IO.Gnpy;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Physics.Tests.Gnpy;

/// <summary>
/// GNPy's own files, unchanged, through design and propagation, against the outputs GNPy printed for them
/// (/work/shared/reference/gnpy: files and expected outputs, invocations from its tests/test_invocation.py).
/// </summary>
public sealed class GnpyGoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string, string?, string, string, string> Cases => new()
    {
        { "main", "example-data/edfa_example_network.json", "example-data/eqpt_config.json", null, "Site_A", "Site_B", "expected/transmission_main_example.txt" },
        { "long", "tests-data/test_long_network.json", "tests-data/eqpt_config.json", null, "Site_A", "Site_B", "expected/transmission_main_example_long.txt" },
        { "long-pow", "tests-data/test_long_network.json", "tests-data/eqpt_config.json", "example-data/initial_spectrum2.json", "Site_A", "Site_B", "expected/transmission_long_pow.txt" },
        { "long-psd", "tests-data/test_long_network.json", "tests-data/eqpt_config_psd.json", "example-data/initial_spectrum2.json", "Site_A", "Site_B", "expected/transmission_long_psd.txt" },
        { "long-psw", "tests-data/test_long_network.json", "tests-data/eqpt_config_psw.json", "example-data/initial_spectrum2.json", "Site_A", "Site_B", "expected/transmission_long_psw.txt" },
        { "openroadm-v4", "example-data/Sweden_OpenROADMv4_example_network.json", "example-data/eqpt_config_openroadm_ver4.json", null, "trx_Stockholm", "trx_Gothenburg", "expected/openroadm-v4-Stockholm-Gothenburg.txt" },
        { "openroadm-v5", "example-data/Sweden_OpenROADMv5_example_network.json", "example-data/eqpt_config_openroadm_ver5.json", null, "trx_Stockholm", "trx_Gothenburg", "expected/openroadm-v5-Stockholm-Gothenburg.txt" },
    };

    internal static GnpyTransmission Run(string network, string equipment, string? spectrum, string source, string destination) =>
        GnpyLine.Transmit(
            GnpyTopology.Load(GnpyExpectedOutput.File(network)),
            GnpyEquipmentReader.Load(GnpyExpectedOutput.File(equipment)),
            source,
            destination,
            new GnpyTransmissionOptions(Spectrum: spectrum is null ? null : GnpySpectrumReader.Load(GnpyExpectedOutput.File(spectrum))));

    /// <summary>
    /// Tolerance on GSNR and OSNR figures, dB: the issue asks for 0.05; the engine agrees with GNPy's two-decimal figures
    /// to 0.012, so 0.02 keeps regressions visible.
    /// </summary>
    private const double ToleranceDb = 0.02;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Transmission_GnpyFilesUnchanged_MatchesGnpyPrintedFigures(string name, string network, string equipment, string? spectrum, string source, string destination, string expectedFile)
    {
        var expected = GnpyExpectedOutput.Read(expectedFile, destination);
        var run = Run(network, equipment, spectrum, source, destination);
        var result = run.Result;
        var means = result.MeansByLabel();
        output.WriteLine($"{name}: {result.Channels.Count} channels (GNPy {expected.Channels})");
        for (var k = 0; k < means.Count; k++)
        {
            output.WriteLine($"  {means[k].Label}: GSNR {means[k].Gsnr01nmDb:F3}/{means[k].GsnrDb:F3} (GNPy {expected.Gsnr01nm[k]}/{expected.Gsnr[k]}), OSNR {means[k].Osnr01nmDb:F3}/{means[k].OsnrDb:F3} (GNPy {expected.Osnr01nm[k]}/{expected.Osnr[k]})");
        }

        output.WriteLine($"  CD {result.MeanCdPsPerNm:F2} ({expected.Cd}), PMD {result.MeanPmdPs:F3} ({expected.Pmd}), PDL {result.MeanPdlDb:F3} ({expected.Pdl}), latency {result.MeanLatencyMs:F3} ({expected.LatencyMs})");
        foreach (var e in result.Elements)
        {
            output.WriteLine($"    {e.Element}: {e.Summary} out {e.OutputPchDbm:F2}");
        }

        Assert.Equal(expected.Channels, result.Channels.Count);
        Assert.Equal(expected.Gsnr01nm.Count, means.Count);
        for (var k = 0; k < means.Count; k++)
        {
            Assert.Equal(expected.Gsnr01nm[k], means[k].Gsnr01nmDb, ToleranceDb);
            Assert.Equal(expected.Gsnr[k], means[k].GsnrDb, ToleranceDb);
            Assert.Equal(expected.Osnr01nm[k], means[k].Osnr01nmDb, ToleranceDb);
            Assert.Equal(expected.Osnr[k], means[k].OsnrDb, ToleranceDb);
        }

        Assert.Equal(expected.FinalGsnr01nm, result.MeanGsnr01nmDb, ToleranceDb);
        Assert.Equal(expected.Cd, result.MeanCdPsPerNm, 0.005);
        Assert.Equal(expected.Pmd, result.MeanPmdPs, 0.005);
        Assert.Equal(expected.Pdl, result.MeanPdlDb, 0.005);
        Assert.Equal(expected.LatencyMs, result.MeanLatencyMs, 0.005);
    }
}
