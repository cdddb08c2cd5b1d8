using Continuum.Pce.Physics.Elements;
using Continuum.Pce.Topology.IO.Gnpy;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Physics.Tests.Gnpy;

/// <summary>Calibration case A written as GNPy network + equipment files (Golden/gnpy), imported and computed.</summary>
public sealed class GnpyCaseATests(ITestOutputHelper output)
{
    private static GnpyNetwork Import() => GnpyNetworkReader.Load(
        Path.Combine(AppContext.BaseDirectory, "Golden", "gnpy", "case-a-network.json"),
        Path.Combine(AppContext.BaseDirectory, "Golden", "gnpy", "case-a-equipment.json"));

    [Fact]
    public void CaseA_FromGnpyFiles_ReproducesPublishedFigures()
    {
        var gnpy = Import();
        var si = gnpy.SpectralInformation;
        var route = gnpy.Route("trx A", "trx B");
        var path = QotPath.Build(gnpy.Network, gnpy.Library, route, new QotPathOptions(si.PowerDbm));
        var comb = si.Channels().Select(f => new LitChannel(f, si.BaudRateHz / 1e9)).ToList();
        var report = new QotEngine().EvaluateAll(path, comb, si.Mode());
        output.WriteLine($"{comb.Count} channels: GSNR {report.MeanGsnrDb:F3} / {report.MeanGsnr01nmDb:F3} OSNR {report.MeanOsnrDb:F3} / {report.MeanOsnr01nmDb:F3} CD {report.MeanCdPsPerNm:F2} PMD {report.MeanPmdPs:F3} latency {report.MeanLatencySeconds * 1e3:F4} ms");

        Assert.Equal(76, comb.Count);
        Assert.Equal(2, path.Elements.Length);
        Assert.Equal(6.62, ((Edfa)path.Elements[1]).NoiseFigureDb, 0.005);
        Assert.Equal(27.09, report.MeanGsnrDb, 0.05);
        Assert.Equal(31.17, report.MeanGsnr01nmDb, 0.05);
        Assert.Equal(29.21, report.MeanOsnrDb, 0.05);
        Assert.Equal(33.29, report.MeanOsnr01nmDb, 0.05);
        Assert.Equal(1336.00, report.MeanCdPsPerNm, 0.005);
        Assert.Equal(0.85, report.MeanPmdPs, 0.005);
        Assert.Equal(0.39, report.MeanLatencySeconds * 1e3, 0.005);
    }

    [Fact]
    public void CaseA_FromGnpyFiles_SelectsTheHigherRateMode()
    {
        var gnpy = Import();
        var route = gnpy.Route("trx A", "trx B");
        var path = QotPath.Build(gnpy.Network, gnpy.Library, route, new QotPathOptions(0));
        var load = ChannelLoad.Uniform([.. gnpy.SpectralInformation.Channels().Select(f => new LitChannel(f, 32))]);
        var selection = ModeSelector.Select(new QotEngine(), path, load, Domain.Units.Frequency.FromThz(193.1), gnpy.Library.Transceivers[0]);

        Assert.Equal("mode 2", selection.Mode?.Id.Value);
        Assert.Equal(40_000, selection.Mode!.CdTolerancePsPerNm);
    }
}
