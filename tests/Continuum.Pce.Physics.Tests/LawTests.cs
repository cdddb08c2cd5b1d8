using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Elements;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Physics.Tests;

/// <summary>Laws of the model: optimum launch power, incoherent accumulation, monotonicity.</summary>
public sealed class LawTests(ITestOutputHelper output)
{
    private const double NoLimitW = 1e3;

    private static readonly FiberSpanParameters Span80 = CalibrationTests.Ssmf80Km();

    /// <summary>GSNR of the centre channel of a 96-channel comb after <paramref name="spans"/> identical amplified spans.</summary>
    private static double CentreGsnr(double launchW, int spans)
    {
        var state = CalibrationTests.Comb(96, launchW);
        var span = new FiberSpan(Span80);
        var edfa = new Edfa(Span80.TotalLossDb, 5.5, NoLimitW);
        for (var s = 0; s < spans; s++)
        {
            span.Propagate(state);
            edfa.Propagate(state);
        }

        return ChannelQot.FromState(state, 48).GsnrDb;
    }

    [Fact]
    public void SingleSpan_OptimumLaunchPower_MatchesNumericalSweep()
    {
        // SNR = P / (P_ASE + η·P³) has its maximum at P_opt = (P_ASE / 2η)^(1/3). P_ASE and η are read off the engine at
        // 0 dBm (ASE does not depend on P; NLI scales as P³ with every channel at P); the sweep then runs the engine.
        var probe = CalibrationTests.Comb(96, 1e-3);
        new FiberSpan(Span80).Propagate(probe);
        new Edfa(Span80.TotalLossDb, 5.5, NoLimitW).Propagate(probe);
        var ase = probe.Ase[48];
        var eta = probe.Nli[48] / 1e-9;
        var analyticDbm = Decibels.WattsToDbm(Math.Cbrt(ase / (2 * eta)));

        var bestDbm = double.NaN;
        var best = double.NegativeInfinity;
        for (var dbm = -5.0; dbm <= 8.0; dbm += 0.01)
        {
            var gsnr = CentreGsnr(Decibels.DbmToWatts(dbm), 1);
            if (gsnr > best)
            {
                best = gsnr;
                bestDbm = dbm;
            }
        }

        output.WriteLine($"P_opt analytic {analyticDbm:F3} dBm, sweep {bestDbm:F2} dBm, GSNR {best:F3} dB");
        Assert.Equal(analyticDbm, bestDbm, 0.02);
    }

    [Fact]
    public void IdenticalSpans_AccumulateIncoherently_InverseSnrProportionalToN()
    {
        var one = Decibels.ToLinear(CentreGsnr(1e-3, 1));
        for (var n = 2; n <= 12; n++)
        {
            var total = Decibels.ToLinear(CentreGsnr(1e-3, n));
            Assert.Equal(n / one, 1 / total, 1e-9 * n / one);
        }
    }

    [Fact]
    public void AddingASpan_NeverIncreasesGsnr()
    {
        var mode = LineBuilder.Mode100GQpsk;
        var comb = PathModelTests.Comb(96, mode.BaudRateGbaud);
        Gen.Select(Gen.Double[20, 120].Array[1, 8], Gen.Double[20, 120], Gen.Double[-4, 4], Gen.Int[0, 95], Gen.Int[0, 40])
            .Sample((lengths, extra, launchDbm, slot, neighbours) =>
            {
                var centre = comb[slot].Centre;
                var lit = comb.Where(c => Math.Abs(c.Centre.Mhz - centre.Mhz) <= neighbours * 50_000L).ToList();
                var engine = new QotEngine();
                var shorter = engine.EvaluateCandidate(Line(lengths, launchDbm), ChannelLoad.Uniform(lit), centre, mode).GsnrDb;
                var longer = engine.EvaluateCandidate(Line([.. lengths, extra], launchDbm), ChannelLoad.Uniform(lit), centre, mode).GsnrDb;
                return longer <= shorter + 1e-12;
            });
    }

    /// <summary>Add ROADM, amplified spans of the given lengths, drop ROADM.</summary>
    private static QotPath Line(IEnumerable<double> spanKm, double launchDbm)
    {
        var launch = Decibels.DbmToWatts(launchDbm);
        var nf = new DualCoilNoiseFigure(5.5, 7.0, 15, 25);
        var elements = ImmutableArray.CreateBuilder<IOpticalElement>();
        elements.Add(new RoadmElement(RoadmRole.Add, 14, launch, 38, 1e-6));
        foreach (var km in spanKm)
        {
            var span = Span80 with { LengthM = km * 1e3 };
            elements.Add(new FiberSpan(span));
            elements.Add(new Edfa(span.TotalLossDb, nf.NoiseFigureDb(span.TotalLossDb), Decibels.DbmToWatts(21)));
        }

        elements.Add(new RoadmElement(RoadmRole.Drop, 14, launch, 38, 1e-6));
        return new QotPath(elements.ToImmutable(), [1], launch);
    }
}
