using Continuum.Pce.Application.Ports;
using Continuum.Pce.Models;
using Continuum.Pce.Southbound.Gnmi.Rendering;

namespace Continuum.Pce.Southbound.Gnmi.Tests;

/// <summary>The device plans of a defragmentation retune: hitless widen/retune/narrow, make-before-break add/retune/move.</summary>
public sealed class RetunePlanTests
{
    private static readonly LightpathRenderIntent From = Intents.AcrossFourRoadms("t/lp", 1, 24, 10);
    private static readonly LightpathRenderIntent To = Intents.AcrossFourRoadms("t/lp", 1, 12, 10);

    private static (ulong Lower, ulong Upper) Edges(global::Gnmi.Update update)
    {
        var channel = WavelengthRouterMediaChannelsChannel.FromJson(GnmiValues.ToJson(update.Val));
        return (channel.Config!.LowerFrequency!.Value, channel.Config.UpperFrequency!.Value);
    }

    [Fact]
    public void Hitless_WidensEveryRoadmOverOldAndNew_RetunesBothEnds_ThenNarrows_AndEachUndoPutsBackWhatItReplaced()
    {
        var plan = RenderPlanBuilder.BuildRetune(From, To, RetuneMethod.Hitless, 900, new PortMap());

        Assert.Equal(["R1", "R2", "R3", "R4", "T1", "T4", "R1", "R2", "R3", "R4"], plan.Steps.Select(s => s.Device.Value));
        var union = ((ulong)To.Spectrum.Lower.Mhz, (ulong)From.Spectrum.Upper.Mhz);
        var widen = plan.Steps[0];
        Assert.Equal(union, Edges(widen.Apply.Replace[0]));
        Assert.Equal(((ulong)From.Spectrum.Lower.Mhz, (ulong)From.Spectrum.Upper.Mhz), Edges(widen.Undo.Replace[0]));
        var retune = ComponentsComponentOpticalChannelConfig.FromJson(GnmiValues.ToJson(plan.Steps[4].Apply.Update[0].Val));
        var back = ComponentsComponentOpticalChannelConfig.FromJson(GnmiValues.ToJson(plan.Steps[4].Undo.Update[0].Val));
        Assert.Equal(((ulong)To.Spectrum.Centre.Mhz, (ulong)From.Spectrum.Centre.Mhz), (retune.Frequency!.Value, back.Frequency!.Value));
        var narrow = plan.Steps[6];
        Assert.Equal(((ulong)To.Spectrum.Lower.Mhz, (ulong)To.Spectrum.Upper.Mhz), Edges(narrow.Apply.Replace[0]));
        Assert.Equal(union, Edges(narrow.Undo.Replace[0]));
        Assert.All(plan.Steps.Where(s => s.Device.Value.StartsWith('R')), s => Assert.Empty(s.Apply.Delete));
    }

    [Fact]
    public void MakeBeforeBreak_AddsChannelsOnTheNewSlotsBesideTheOld_RetunesOntoThem_ThenMovesTheOwnChannelsAndRemovesTheExtraInOneSet()
    {
        var plan = RenderPlanBuilder.BuildRetune(From, To, RetuneMethod.MakeBeforeBreak, 900, new PortMap());

        Assert.Equal(["R1", "R2", "R3", "R4", "T1", "T4", "R1", "R2", "R3", "R4"], plan.Steps.Select(s => s.Device.Value));
        var make = plan.Steps[0];
        Assert.Equal(
            ["/wavelength-router/media-channels/channel[index=900]", "/wavelength-router/media-channels/channel[index=901]"],
            make.Apply.Replace.Select(u => GnmiPaths.Format(u.Path)));
        Assert.Equal(((ulong)To.Spectrum.Lower.Mhz, (ulong)To.Spectrum.Upper.Mhz), Edges(make.Apply.Replace[0]));
        Assert.Equal("t/lp-r-az", WavelengthRouterMediaChannelsChannel.FromJson(GnmiValues.ToJson(make.Apply.Replace[0].Val)).Config!.Name);
        var move = plan.Steps[6];
        Assert.Equal(
            ["/wavelength-router/media-channels/channel[index=900]", "/wavelength-router/media-channels/channel[index=901]"],
            move.Apply.Delete.Select(GnmiPaths.Format));
        Assert.Equal(
            ["/wavelength-router/media-channels/channel[index=10]", "/wavelength-router/media-channels/channel[index=11]"],
            move.Apply.Replace.Select(u => GnmiPaths.Format(u.Path)));
        Assert.Equal(((ulong)To.Spectrum.Lower.Mhz, (ulong)To.Spectrum.Upper.Mhz), Edges(move.Apply.Replace[0]));
        // Undone: the own channels back on the old slots, the extra ones back on the new.
        Assert.Equal(((ulong)From.Spectrum.Lower.Mhz, (ulong)From.Spectrum.Upper.Mhz), Edges(move.Undo.Replace[0]));
        Assert.Contains(move.Undo.Replace, u => GnmiPaths.Format(u.Path).Contains("index=900", StringComparison.Ordinal));
    }
}
