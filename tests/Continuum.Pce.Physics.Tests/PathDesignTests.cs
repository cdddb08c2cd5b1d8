using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Elements;
using Continuum.Pce.Physics.Line;
using Xunit;

namespace Continuum.Pce.Physics.Tests;

/// <summary>
/// The controller's path model applies the line model's design rules: ROADM output equalisation per degree (power or
/// PSD), the p_max power reduction at full design load, and the input pad below an amplifier's minimum gain.
/// </summary>
public sealed class PathDesignTests
{
    private static readonly Frequency Centre = Frequency.FromThz(193.1);

    [Fact]
    public void Build_DegreeTarget_EqualisesOnlyThatDegreeToItsOwnPower()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(4).DegreeTarget(1, EqualisationTarget.Power(-2)).Build();
        var path = QotPath.Build(network, library, fibers);

        var targets = path.FiberStarts.Select(i => ((RoadmElement)path.Elements[i]).Target).ToArray();
        Assert.Equal(ChannelPowerTarget.Power(Decibels.DbmToWatts(0)), targets[0]);
        Assert.Equal(ChannelPowerTarget.Power(Decibels.DbmToWatts(-2)), targets[1]);
        Assert.Equal(ChannelPowerTarget.Power(Decibels.DbmToWatts(0)), targets[2]);
    }

    [Fact]
    public void Candidate_PsdEqualisation_LaunchesEachChannelInProportionToItsSymbolRate()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(2).RoadmPsd(1.0 / 64).Build();
        var path = QotPath.Build(network, library, fibers);
        var engine = new QotEngine();

        var wide = engine.EvaluateCandidate(path, ChannelLoad.None, Centre, LineBuilder.Mode400G16Qam);
        var narrow = engine.EvaluateCandidate(path, ChannelLoad.None, Centre, LineBuilder.Mode100GQpsk);

        // Every span is compensated, so the received powers keep the launch ratio 63.1 / 31.6 GBd.
        Assert.Equal(63.1 / 31.6, wide.SignalW / narrow.SignalW, 1e-9);
        // 1/64 mW/GHz × 63.1 GBd at the ROADM output, less the drop loss (14 dB).
        Assert.Equal(Decibels.WattsToDbm(63.1 / 64 * 1e-3) - 14, Decibels.WattsToDbm(wide.SignalW), 1e-6);
    }

    [Fact]
    public void Build_FullLoadAbovePMax_FirstAmplifierOfTheSectionReducesItsOutputByTheExcess()
    {
        // 96 channels at +3 dBm are 22.82 dBm in total, 1.82 dB above the amplifiers' 21 dBm.
        var (network, library, fibers) = new LineBuilder().Roadms(2).SpansPerFiber(3).RoadmPower(3).Build();
        var path = QotPath.Build(network, library, fibers);
        var gains = path.Elements.OfType<Edfa>().Select(e => e.GainDb).ToArray();
        var spanLoss = (80 * 0.2) + 1;
        var excess = 3 + (10 * Math.Log10(96)) - 21;

        Assert.Equal(spanLoss - excess, gains[0], 1e-9);
        Assert.Equal(spanLoss, gains[1], 1e-9);
        Assert.Equal(spanLoss, gains[2], 1e-9);
    }

    [Fact]
    public void Build_FullLoadWithinPMax_AmplifiersCompensateTheirSpans()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(2).SpansPerFiber(3).RoadmPower(1).Build();
        var gains = QotPath.Build(network, library, fibers).Elements.OfType<Edfa>().Select(e => e.GainDb);

        Assert.All(gains, g => Assert.Equal((80 * 0.2) + 1, g, 1e-9));
    }

    [Fact]
    public void Build_GainBelowTheMinimum_NoiseFigureIsTheMinimumGainsPlusTheInputPad()
    {
        // 40 km + connectors = 9 dB, 6 dB below the amplifier's 15 dB minimum gain.
        var (network, library, fibers) = new LineBuilder().Roadms(2).SpanKm(40).Build();
        var edfa = QotPath.Build(network, library, fibers).Elements.OfType<Edfa>().Single();
        var model = AmplifierModel.FromLibrary(library.Amplifiers[0]);

        Assert.Equal(9, edfa.GainDb, 1e-9);
        Assert.Equal(model.NoiseFigure(15, 0, 96, 50e9).NfDb + 6, edfa.NoiseFigureDb, 1e-9);
    }

    [Fact]
    public void Build_GainWithinTheRange_NoiseFigureIsTheLibraryDualCoilModel()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(2).SpanKm(95).Build();
        var edfa = QotPath.Build(network, library, fibers).Elements.OfType<Edfa>().Single();

        Assert.Equal(20, edfa.GainDb, 1e-9);
        Assert.Equal(library.Amplifiers[0].NoiseFigure.NoiseFigureDb(20), edfa.NoiseFigureDb, 1e-9);
    }

    [Fact]
    public void Candidate_ResumedWhereAFibreWithItsOwnDegreeTargetBegins_EqualsARunFromTheTransmitter()
    {
        // r0 → r1 → r2 and r0 → r1 → r3 share their first fibre; r1 launches into the two branches at different powers.
        var (line, library, _) = new LineBuilder().Roadms(3).SpansPerFiber(2).Build();
        var r1 = (Roadm)line.Node(new NodeId("r1"));
        var branch = line.Fiber(new FiberId("f1")) with { Id = new FiberId("g1"), Destination = new NodeId("r3") };
        var r3 = (Roadm)line.Node(new NodeId("r2")) with { Id = new NodeId("r3") };
        var equalised = r1 with { Equalisation = new RoadmEqualisation(null, [new DegreeTarget(branch.Id, EqualisationTarget.Power(4))]) };
        var network = new OpticalNetwork(
            "branch", line.Grid, line.Sites, [.. line.Nodes.Select(n => n.Id == r1.Id ? equalised : n), r3], [.. line.Fibers, branch]);
        var mode = LineBuilder.Mode100GQpsk;
        var load = ChannelLoad.Uniform(PathModelTests.Comb(96, mode.BaudRateGbaud));
        var engine = new QotEngine();
        var first = QotPath.Build(network, library, [new FiberId("f0"), new FiberId("f1")]);
        var second = QotPath.Build(network, library, [new FiberId("f0"), branch.Id]);
        var boundaries = new FiberBoundaryState[2];
        engine.EvaluateCandidate(first, load, Centre, mode, 0, default, boundaries);

        var resumed = engine.EvaluateCandidate(second, load, Centre, mode, 1, boundaries[1], []);
        var full = engine.EvaluateCandidate(second, load, Centre, mode);

        Assert.Equal(full, resumed);
        Assert.NotEqual(engine.EvaluateCandidate(first, load, Centre, mode).GsnrDb, full.GsnrDb);
    }
}
