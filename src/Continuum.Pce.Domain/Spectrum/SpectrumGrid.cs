using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Domain.Spectrum;

/// <summary>
/// A frequency grid cut into equal slots: slot i spans [start + i·width, start + (i+1)·width). The C-band flexgrid of
/// ITU-T G.694.1 (768 × 6.25 GHz from 191.325 THz) and the 100 × 12.5 GHz grid of the RSA benchmarks are both grids;
/// nothing else in the system may assume a slot count.
/// </summary>
public sealed record SpectrumGrid
{
    public SpectrumGrid(Frequency start, long slotWidthMhz, int slotCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(start.Mhz);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotWidthMhz);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotCount);
        Start = start;
        SlotWidthMhz = slotWidthMhz;
        SlotCount = slotCount;
    }

    /// <summary>The C-band flexible grid: 768 slots of 6.25 GHz from 191.325 THz to 196.125 THz.</summary>
    public static SpectrumGrid CBandFlex { get; } = new(new Frequency(191_325_000), 6_250, 768);

    /// <summary>The DeepRMSA benchmark grid: 100 slots of 12.5 GHz (placed from 191.325 THz).</summary>
    public static SpectrumGrid Benchmark100x12_5 { get; } = new(new Frequency(191_325_000), 12_500, 100);

    public Frequency Start { get; }

    public long SlotWidthMhz { get; }

    public int SlotCount { get; }

    public Frequency End => new(Start.Mhz + SlotWidthMhz * SlotCount);

    public Frequency SlotLowerEdge(int slot) => new(Start.Mhz + slot * SlotWidthMhz);

    public Frequency RangeLowerEdge(SlotRange range) => SlotLowerEdge(range.Start);

    public Frequency RangeUpperEdge(SlotRange range) => SlotLowerEdge(range.End);

    public Frequency RangeCentre(SlotRange range) => new(Start.Mhz + range.Start * SlotWidthMhz + range.Count * SlotWidthMhz / 2);

    /// <summary>Slots needed to hold a bandwidth (rounded up to whole slots).</summary>
    public int SlotsFor(long bandwidthMhz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bandwidthMhz);
        return (int)((bandwidthMhz + SlotWidthMhz - 1) / SlotWidthMhz);
    }

    public bool Contains(SlotRange range) => range.End <= SlotCount;

    /// <summary>The slots a flexible-grid channel occupies, if its edges fall on this grid's slot boundaries.</summary>
    public bool TryGetSlots(FlexChannel channel, out SlotRange range)
    {
        range = default;
        var lowerOffset = channel.LowerEdge.Mhz - Start.Mhz;
        var width = channel.WidthMhz;
        if (lowerOffset < 0 || lowerOffset % SlotWidthMhz != 0 || width % SlotWidthMhz != 0)
        {
            return false;
        }

        var start = lowerOffset / SlotWidthMhz;
        var count = width / SlotWidthMhz;
        if (start + count > SlotCount)
        {
            return false;
        }

        range = new SlotRange((int)start, (int)count);
        return true;
    }

    /// <summary>The flexible-grid channel (n, m) that a slot range is, if it is one.</summary>
    public bool TryGetChannel(SlotRange range, out FlexChannel channel)
    {
        channel = default;
        return Contains(range) && FlexChannel.TryFromEdges(RangeLowerEdge(range), RangeUpperEdge(range), out channel);
    }
}
