using Continuum.Pce.Domain.Units;
using Xunit;
using Xunit.Abstractions;

namespace Continuum.Pce.Physics.Tests;

public sealed class ModeSelectionTests(ITestOutputHelper output)
{
    private static readonly Frequency Centre = Frequency.FromThz(193.1);

    private static ModeSelection Select(int roadms, int spansPerFiber, double spanKm, params Domain.Equipment.TransceiverMode[] only)
    {
        var (network, library, fibers) = new LineBuilder().Roadms(roadms).SpansPerFiber(spansPerFiber).SpanKm(spanKm).Build();
        var path = QotPath.Build(network, library, fibers);
        var load = ChannelLoad.Full(network.Grid, 100, 63.1);
        var modes = only.Length > 0 ? only : [.. library.Transceivers[0].Modes];
        return ModeSelector.Select(new QotEngine(), path, load, Centre, modes);
    }

    [Fact]
    public void ShortPath_PicksHighestRateMode_WithoutRejections()
    {
        var selection = Select(roadms: 2, spansPerFiber: 2, spanKm: 80);
        output.WriteLine($"{selection.Mode?.Id} margin {selection.MarginDb:F2} dB, GSNR 0.1 nm {selection.Qot?.Gsnr01nmDb:F2}");

        Assert.True(selection.IsFeasible);
        Assert.Equal(LineBuilder.Mode400G16Qam, selection.Mode);
        Assert.True(selection.MarginDb >= ModeSelector.DefaultSystemMarginDb);
        Assert.Empty(selection.Rejections);
    }

    [Fact]
    public void LongerPath_PicksLowerRateMode_AndReportsOsnrShortfall()
    {
        var selection = Select(roadms: 6, spansPerFiber: 5, spanKm: 80);
        foreach (var rejection in selection.Rejections)
        {
            output.WriteLine(rejection.ToString());
        }

        output.WriteLine($"{selection.Mode?.Id} margin {selection.MarginDb:F2} dB");
        Assert.True(selection.IsFeasible);
        Assert.True(selection.Mode!.LineRateGbps < 400);
        var rejected = Assert.Single(selection.Rejections);
        Assert.Equal(LineBuilder.Mode400G16Qam, rejected.Mode);
        Assert.Equal(ModeRejectionReason.Osnr, rejected.Reason);
        Assert.True(rejected.OsnrShortfallDb > 0);
    }

    [Fact]
    public void VeryLongPath_RejectsOnDispersion_WhenOsnrWouldAllowIt()
    {
        // 3200 km of SSMF accumulates 53 440 ps/nm: beyond the 100G mode's 50 000 ps/nm even where its OSNR suffices.
        var selection = Select(roadms: 9, spansPerFiber: 5, spanKm: 80, LineBuilder.Mode100GQpsk);
        foreach (var rejection in selection.Rejections)
        {
            output.WriteLine(rejection.ToString());
        }

        Assert.False(selection.IsFeasible);
        var hundred = Assert.Single(selection.Rejections);
        Assert.Equal(ModeRejectionReason.ChromaticDispersion, hundred.Reason);
        Assert.True(hundred.OsnrShortfallDb < 0);
        Assert.Equal(16.7 * 3200, hundred.CdPsPerNm, 1e-6);
    }
}
