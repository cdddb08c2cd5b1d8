using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;
using Xunit;

namespace Continuum.Pce.Domain.Tests;

public sealed class SpectrumGridTests
{
    [Fact]
    public void CBandFlex_Spans191_325To196_125Thz_In768Slots()
    {
        var grid = SpectrumGrid.CBandFlex;

        Assert.Equal(768, grid.SlotCount);
        Assert.Equal(191_325_000, grid.Start.Mhz);
        Assert.Equal(196_125_000, grid.End.Mhz);
    }

    [Fact]
    public void FlexChannel_AtN0M4_IsCentredOnTheAnchorWith50GhzWidth()
    {
        var channel = new FlexChannel(0, 4);

        Assert.Equal(193_100_000, channel.Centre.Mhz);
        Assert.Equal(50_000, channel.WidthMhz);
        Assert.Equal(193_075_000, channel.LowerEdge.Mhz);
    }

    [Theory]
    [InlineData(0, 4, 280, 8)]
    [InlineData(-283, 1, 0, 2)]
    [InlineData(483, 1, 766, 2)]
    [InlineData(10, 6, 288, 12)]
    public void TryGetSlots_OnCBand_MapsGridChannelsToSlotRanges(int n, int m, int expectedStart, int expectedCount)
    {
        Assert.True(SpectrumGrid.CBandFlex.TryGetSlots(new FlexChannel(n, m), out var range));

        Assert.Equal(new SlotRange(expectedStart, expectedCount), range);
    }

    [Fact]
    public void TryGetSlots_ChannelBeyondTheBandEdge_IsRefused()
    {
        Assert.False(SpectrumGrid.CBandFlex.TryGetSlots(new FlexChannel(484, 1), out _));
        Assert.False(SpectrumGrid.CBandFlex.TryGetSlots(new FlexChannel(-284, 1), out _));
    }

    [Fact]
    public void TryGetChannel_IsTheInverseOfTryGetSlots_ForEveryAlignedRangeOnCBand()
    {
        var grid = SpectrumGrid.CBandFlex;
        for (var count = 2; count <= 24; count += 2)
        {
            for (var start = 0; start + count <= grid.SlotCount; start++)
            {
                var range = new SlotRange(start, count);
                Assert.True(grid.TryGetChannel(range, out var channel));
                Assert.True(grid.TryGetSlots(channel, out var back));
                Assert.Equal(range, back);
            }
        }
    }

    [Fact]
    public void TryGetChannel_OddSlotCountOn6_25GhzGrid_IsNotAFlexChannel()
    {
        // m × 12.5 GHz widths are whole pairs of 6.25 GHz slots (G.694.1).
        Assert.False(SpectrumGrid.CBandFlex.TryGetChannel(new SlotRange(10, 3), out _));
    }

    [Fact]
    public void BenchmarkGrid_Has100SlotsOf12_5Ghz_AndEachSlotIsAnM1Channel()
    {
        var grid = SpectrumGrid.Benchmark100x12_5;

        Assert.Equal(100, grid.SlotCount);
        Assert.True(grid.TryGetChannel(new SlotRange(0, 1), out var channel));
        Assert.Equal(1, channel.M);
    }

    [Theory]
    [InlineData(75_000, 12)]
    [InlineData(75_001, 13)]
    [InlineData(1, 1)]
    public void SlotsFor_RoundsBandwidthUpToWholeSlots(long bandwidthMhz, int expected)
    {
        Assert.Equal(expected, SpectrumGrid.CBandFlex.SlotsFor(bandwidthMhz));
    }

    [Fact]
    public void SlotRange_Overlap_IsSymmetricAndExcludesTouchingRanges()
    {
        var a = new SlotRange(10, 4);

        Assert.True(a.Overlaps(new SlotRange(13, 2)));
        Assert.True(new SlotRange(13, 2).Overlaps(a));
        Assert.False(a.Overlaps(new SlotRange(14, 2)));
        Assert.False(new SlotRange(6, 4).Overlaps(a));
    }

    [Fact]
    public void Frequency_FromThz_IsExactInMhz()
    {
        Assert.Equal(193_100_000, Frequency.FromThz(193.1).Mhz);
        Assert.Equal(6_250, Frequency.FromGhz(6.25).Mhz);
    }
}
