using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics;
using Continuum.Pce.Physics.Elements;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Physics.Tests;

/// <summary>Calibration cases A and B of reference/physics.md.</summary>
public sealed class CalibrationTests(ITestOutputHelper output)
{
    internal static FiberSpanParameters Ssmf80Km(double pmdCoefficient = 1.265e-15) => new(
        LengthM: 80_000,
        AttenuationDbPerM: 0.2e-3,
        ConnectorInDb: 0.5,
        ConnectorOutDb: 0.5,
        DispersionSPerM2: 1.67e-5,
        ReferenceFrequencyHz: 193.5e12,
        EffectiveAreaM2: 83e-12,
        N2: 2.6e-20,
        PmdCoefficient: pmdCoefficient);

    internal static SpectralState Comb(int count, double powerW)
    {
        var state = new SpectralState();
        for (var k = 1; k <= count; k++)
        {
            state.AddTraced(191.3e12 + k * 50e9, 32e9, 0.15, powerW);
        }

        return state;
    }

    [Fact]
    public void CaseA_OneSpan_ReproducesPublishedFigures()
    {
        var state = Comb(76, 1e-3);
        var nf = new DualCoilNoiseFigure(6.5, 11, 8, 16).NoiseFigureDb(15);
        new Transmitter(40).Propagate(state);
        new FiberSpan(Ssmf80Km(pmdCoefficient: 3e-15)).Propagate(state);
        new Edfa(15, nf, Decibels.DbmToWatts(23)).Propagate(state);
        var report = QotReport.FromState(state);
        output.WriteLine($"NF {nf:F4} GSNR {report.MeanGsnrDb:F4} / {report.MeanGsnr01nmDb:F4} OSNR {report.MeanOsnrDb:F4} / {report.MeanOsnr01nmDb:F4} CD {report.MeanCdPsPerNm:F2} PMD {report.MeanPmdPs:F3} lat {report.MeanLatencySeconds * 1e3:F4}");

        Assert.Equal(27.09, report.MeanGsnrDb, 0.05);
        Assert.Equal(31.17, report.MeanGsnr01nmDb, 0.05);
        Assert.Equal(29.21, report.MeanOsnrDb, 0.05);
        Assert.Equal(33.29, report.MeanOsnr01nmDb, 0.05);
        Assert.Equal(1336.00, report.MeanCdPsPerNm, 0.005);
        Assert.Equal(0.85, report.MeanPmdPs, 0.005);
        Assert.Equal(0.39, report.MeanLatencySeconds * 1e3, 0.005);
    }

    [Fact]
    public void CaseB_NliPerChannel_MatchesAnchors()
    {
        var state = Comb(96, 1e-3);
        new FiberSpan(Ssmf80Km()).Propagate(state);
        var nli = state.Nli.ToArray();
        var max = nli.Max();
        var argMax = Array.IndexOf(nli, max) + 1;
        output.WriteLine($"first {nli[0]:E7} max {max:E7} at {argMax} signal {state.Signal[0]:E7}");

        Assert.Equal(1.9952623e-05, state.Signal[0], 1.9952623e-05 * 1e-3);
        Assert.Equal(1.0570306e-08, nli[0], 1.0570306e-08 * 1e-3);
        Assert.Equal(1.6994478e-08, max, 1.6994478e-08 * 1e-3);
        Assert.Equal(64, argMax);
    }
}
