using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Elements;
using Xunit;

namespace Continuum.Pce.Physics.Tests;

public sealed class ElementTests
{
    [Fact]
    public void Edfa_AboveMaxOutputPower_ScalesEveryChannelToTheLimit()
    {
        var state = CalibrationTests.Comb(96, 1e-3);
        new Edfa(10, 5, Decibels.DbmToWatts(21)).Propagate(state);

        Assert.Equal(Decibels.DbmToWatts(21), state.TotalPower(), 1e-12);
        Assert.Equal(state.Signal[0], state.Signal[95], 1e-15);
    }

    [Fact]
    public void Edfa_Ase_IsNfHNuGBInSignalBandwidth()
    {
        var state = new SpectralState();
        state.AddTraced(193.1e12, 32e9, 0.15, 1e-6);
        new Edfa(20, 5, 1).Propagate(state);

        Assert.Equal(Decibels.ToLinear(5) * PhysicalConstants.Planck * 193.1e12 * 100 * 32e9, state.Ase[0], 1e-20);
    }

    [Fact]
    public void RoadmAddThenDrop_AddsTheAddDropOsnrOnce_AndEqualisesToTarget()
    {
        var state = new SpectralState();
        state.AddTraced(193.1e12, 32e9, 0.15, 5e-3);
        state.Ase[0] = 5e-6;
        new RoadmElement(RoadmRole.Add, 14, 1e-3, 38, 1e-6).Propagate(state);

        Assert.Equal(1e-3, state.Signal[0], 1e-15);
        Assert.Equal(1e-6, state.Ase[0], 1e-18);

        new RoadmElement(RoadmRole.Drop, 14, 1e-3, 38, 1e-6).Propagate(state);
        var qot = ChannelQot.FromState(state, 0);

        // ASE-only OSNR 30 dB in R_s combined with 38 dB (0.1 nm) of add + drop.
        var expected = -10 * Math.Log10(1e-3 + 32 / 12.5 / Decibels.ToLinear(38));
        Assert.Equal(expected, qot.OsnrDb, 1e-9);
        Assert.Equal(2e-6, qot.LatencySeconds, 1e-15);
    }

    [Fact]
    public void ExpressRoadm_AddsNoOsnrTerm()
    {
        var state = new SpectralState();
        state.AddTraced(193.1e12, 32e9, 0.15, 1e-3);
        new RoadmElement(RoadmRole.Express, 16, 1e-3, 38, 1e-6).Propagate(state);

        Assert.Equal(0, state.InverseSnrTerms[0]);
    }
}

public sealed class SpanLaunchPowerTests
{
    [Fact]
    public void SpanLaunchPower_SetsEveryAmplifierOutput_AndMovesGsnrAlongTheLaunchPowerCurve()
    {
        var (network, library, fibers) = new LineBuilder().Roadms(2).SpansPerFiber(6).Build();
        var mode = LineBuilder.Mode100GQpsk;
        var load = ChannelLoad.Uniform(PathModelTests.Comb(96, mode.BaudRateGbaud));
        var centre = new Domain.Units.Frequency(193_700_000);
        var engine = new QotEngine();
        double Gsnr(double? spanDbm) =>
            engine.EvaluateCandidate(QotPath.Build(network, library, fibers, new QotPathOptions(0, spanDbm)), load, centre, mode).GsnrDb;

        // Power mode at the ROADM's own launch power changes nothing; lower launch → ASE-limited, higher → NLI-limited.
        Assert.Equal(Gsnr(null), Gsnr(0), 1e-9);
        Assert.True(Gsnr(-6) < Gsnr(0));
        Assert.True(Gsnr(6) < Gsnr(0));
        var last = (Elements.Edfa)QotPath.Build(network, library, fibers, new QotPathOptions(0, 3)).Elements[^2];
        Assert.Equal(Domain.Units.Decibels.DbmToWatts(3), last.TargetChannelPowerW!.Value, 1e-15);
    }
}

public sealed class LitChannelTests
{
    [Fact]
    public void FromSlots_EightSlotsOfTheFlexGrid_IsCentredInTheRange()
    {
        // Slots 296–303 of the 6.25 GHz C-band grid span 193.175–193.225 THz.
        var channel = LitChannel.FromSlots(Domain.Spectrum.SpectrumGrid.CBandFlex, new Domain.Spectrum.SlotRange(296, 8), 31.6);

        Assert.Equal(193_200_000, channel.Centre.Mhz);
        Assert.Equal(31.6, channel.BaudRateGbaud);
    }
}
