using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Elements;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Physics.Tests;

public sealed class PathModelTests(ITestOutputHelper output)
{
    private static readonly Frequency Centre = Frequency.FromThz(193.1);

    [Fact]
    public void Build_FourFibresFiveSpans_HasRoadmsSpansAndAmplifiersInOrder()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(5).SpansPerFiber(5).Build();
        var path = QotPath.Build(network, library, fibers);

        Assert.Equal(20, path.SpanCount);
        Assert.Equal(20, path.Elements.Count(e => e is Edfa));
        Assert.Equal(5, path.Elements.Count(e => e is RoadmElement));
        Assert.Equal(RoadmRole.Add, ((RoadmElement)path.Elements[0]).Role);
        Assert.Equal(RoadmRole.Drop, ((RoadmElement)path.Elements[^1]).Role);
        Assert.Equal([0, 11, 22, 33], path.FiberStarts.ToArray());
    }

    [Fact]
    public void Candidate_FullLoad_AgreesWithAllChannelEvaluation()
    {
        // The cheap query (NLI of the candidate only, interferers by power) must give the same figures as tracing the
        // whole comb when the load is the same comb.
        var (network, library, fibers) = new LineBuilder().Roadms(3).SpansPerFiber(4).Build();
        var path = QotPath.Build(network, library, fibers);
        var mode = LineBuilder.Mode100GQpsk;
        var comb = Comb(96, mode.BaudRateGbaud);
        var engine = new QotEngine();
        var all = engine.EvaluateAll(path, comb, mode);
        foreach (var index in new[] { 0, 40, 95 })
        {
            var candidate = engine.EvaluateCandidate(path, ChannelLoad.Uniform(comb), comb[index].Centre, mode);
            Assert.Equal(all.Channels[index].GsnrDb, candidate.GsnrDb, 1e-9);
            Assert.Equal(all.Channels[index].OsnrDb, candidate.OsnrDb, 1e-9);
            Assert.Equal(all.Channels[index].CdPsPerNm, candidate.CdPsPerNm, 1e-9);
        }
    }

    [Fact]
    public void Candidate_MoreLitNeighbours_LowersGsnr()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(3).SpansPerFiber(4).Build();
        var path = QotPath.Build(network, library, fibers);
        var mode = LineBuilder.Mode100GQpsk;
        var engine = new QotEngine();
        var comb = Comb(96, mode.BaudRateGbaud);
        var centre = comb[48].Centre;
        var previous = double.PositiveInfinity;
        foreach (var width in new[] { 0, 1, 2, 4, 8, 16, 48 })
        {
            var lit = comb.Where(c => Math.Abs(c.Centre.Mhz - centre.Mhz) <= width * 50_000).ToList();
            var gsnr = engine.EvaluateCandidate(path, ChannelLoad.Uniform(lit), centre, mode).GsnrDb;
            output.WriteLine($"±{width} neighbours: GSNR {gsnr:F3} dB");
            Assert.True(gsnr < previous, $"GSNR {gsnr} with ±{width} neighbours is not below {previous}");
            previous = gsnr;
        }
    }

    [Fact]
    public void Candidate_LoadOnOneFibreOnly_LiesBetweenEmptyAndFull()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(3).SpansPerFiber(4).Build();
        var path = QotPath.Build(network, library, fibers);
        var mode = LineBuilder.Mode100GQpsk;
        var engine = new QotEngine();
        var comb = Comb(96, mode.BaudRateGbaud);
        var centre = comb[48].Centre;
        var empty = engine.EvaluateCandidate(path, ChannelLoad.None, centre, mode).GsnrDb;
        var firstOnly = engine.EvaluateCandidate(path, ChannelLoad.PerFiber([comb, []]), centre, mode).GsnrDb;
        var full = engine.EvaluateCandidate(path, ChannelLoad.Uniform(comb), centre, mode).GsnrDb;

        Assert.True(empty > firstOnly && firstOnly > full, $"{empty} > {firstOnly} > {full}");
    }

    [Fact]
    public void FullLoad_CBandAt50Ghz_Has96Channels()
    {
        var state = new SpectralState();
        state.AddTraced(1, 32e9, 0.1, 1e-3);
        ChannelLoad.Full(SpectrumGrid.CBandFlex, 50, 32).AddInterferers(state, 0, 1e-3);

        Assert.Equal(97, state.Count);
        Assert.Equal(191.35e12, state.FrequencyHz[1], 1);
        Assert.Equal(196.1e12, state.FrequencyHz[96], 1);
    }

    [Fact]
    public void Path_CdPmdAndLatency_AddUpOverSpansAndNodes()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(3).SpansPerFiber(2).SpanKm(100).Build();
        var path = QotPath.Build(network, library, fibers);
        var mode = LineBuilder.Mode100GQpsk;
        var qot = new QotEngine().EvaluateCandidate(path, ChannelLoad.None, Centre, mode);

        Assert.Equal(16.7 * 400, qot.CdPsPerNm, 1e-6);
        Assert.Equal(0.04 * Math.Sqrt(400), qot.PmdPs, 1e-9);

        // 400 km of fibre, three ROADM passes of 1 µs, the transceiver's 8 µs.
        Assert.Equal(PhysicalConstants.FiberLatencyUs(400) + 3 + 8, qot.LatencySeconds * 1e6, 1e-6);
    }

    internal static List<LitChannel> Comb(int count, double baud) =>
        [.. Enumerable.Range(1, count).Select(k => new LitChannel(new Frequency(191_300_000 + k * 50_000L), baud))];
}

public sealed class GnModelTests
{
    [Theory]
    [InlineData(191.35e12)]
    [InlineData(193.5e12)]
    [InlineData(196.1e12)]
    public void Beta2_WithQuadraticDispersionScaling_IsTheReferenceValueAtEveryFrequency(double frequencyHz)
    {
        var atReference = GnModel.Beta2(193.5e12, 1.67e-5, 193.5e12);
        Assert.Equal(atReference, GnModel.Beta2(frequencyHz, 1.67e-5, 193.5e12), Math.Abs(atReference) * 1e-12);
        Assert.Equal(-2.1286e-26, atReference, 1e-29);
    }

    [Theory]
    [InlineData(0.3, -0.2)]
    [InlineData(5.0, 2.0)]
    [InlineData(-2.0, -5.0)]
    [InlineData(1e4, 9.9e3)]
    public void AsinhDifference_EqualsTwoAsinhCalls(double a, double b) =>
        Assert.Equal(Math.Asinh(a) - Math.Asinh(b), GnModel.AsinhDifference(a, b), 1e-12);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CandidateNli_EqualsTheGnModelSumTermByTerm(bool mixedSymbolRates)
    {
        // 96 interferers around the candidate, one power each: with one symbol rate every interferer has the same weight
        // (the summed-logarithm path), with three rates the weights differ block by block (the per-block path).
        const double p = 1e-3, leff = 21.0e3, la = 21.7e3, d = 16.7e-6, fRef = 193.5e12, n2 = 2.6e-20, aeff = 83e-12;
        var state = new SpectralState();
        state.AddTraced(193.1e12, 32e9, 0.15, p);
        for (var k = -48; k <= 48; k++)
        {
            if (k != 0)
            {
                state.AddInterferer(193.1e12 + (k * 50e9), mixedSymbolRates ? 32e9 + (Math.Abs(k) % 3 * 4e9) : 32e9, p);
            }
        }

        var increments = new double[1];
        GnModel.ComputeNli(state, increments, leff, la, d, fRef, n2, aeff, 0);

        var beta = PhysicalConstants.SpeedOfLight * d / (2 * Math.PI * fRef * fRef);
        var scale = Math.PI * Math.PI * la * 32e9 * beta;
        var sum = GnModel.SelfWeight * (p / 32e9) * (p / 32e9) * (Math.Asinh(scale * 16e9) - Math.Asinh(-scale * 16e9)) / beta;
        for (var j = 1; j < state.Count; j++)
        {
            var df = Math.Abs(state.FrequencyHz[j] - 193.1e12);
            var r = state.BaudRate[j];
            sum += GnModel.CrossWeight * (p / r) * (p / r) * (Math.Asinh(scale * (df + (r / 2))) - Math.Asinh(scale * (df - (r / 2)))) / beta;
        }

        var gamma = GnModel.Gamma(193.1e12, n2, aeff);
        var expected = p * gamma * gamma * leff * leff / (4 * Math.PI * la) * sum;
        Assert.Equal(expected, increments[0], expected * 1e-12);
    }
}

public sealed class NliReplayTests
{
    [Fact]
    public void SameSpanTwice_SamePowers_AddsTheSameNliAgain()
    {
        // The amplifier restores the launch power, so the second span replays the first one's NLI.
        var parameters = CalibrationTests.Ssmf80Km();
        var span = new Elements.FiberSpan(parameters);
        var edfa = new Elements.Edfa(parameters.TotalLossDb, 5, 1e3);
        var state = CalibrationTests.Comb(8, 1e-3);
        span.Propagate(state);
        edfa.Propagate(state);
        var once = state.Nli.ToArray();
        span.Propagate(state);
        edfa.Propagate(state);

        for (var i = 0; i < once.Length; i++)
        {
            Assert.Equal(2 * once[i], state.Nli[i], once[i] * 1e-9);
        }
    }

    [Fact]
    public void SameSpanTwice_DoubledPowers_RecomputesWithCubicScaling()
    {
        var span = new Elements.FiberSpan(CalibrationTests.Ssmf80Km() with { ConnectorInDb = 0, ConnectorOutDb = 0, LengthM = 0.001 });
        var state = CalibrationTests.Comb(8, 1e-3);
        span.Propagate(state);
        var once = state.Nli.ToArray();
        state.Scale(2);
        var before = state.Nli.ToArray();
        span.Propagate(state);

        for (var i = 0; i < once.Length; i++)
        {
            // The first NLI, scaled with the signal, plus a new increment of 2³ times the first (P_NLI ∝ P³).
            Assert.Equal(before[i] + 8 * once[i], state.Nli[i], once[i] * 1e-3);
        }
    }
}
