using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Physics;

/// <summary>A lit channel on a fibre, as an interferer: its centre and symbol rate.</summary>
public readonly record struct LitChannel(Frequency Centre, double BaudRateGbaud)
{
    /// <summary>A channel occupying a slot range of the grid (as held by the spectrum ledger), centred in it.</summary>
    public static LitChannel FromSlots(SpectrumGrid grid, SlotRange slots, double baudRateGbaud) =>
        new(grid.RangeCentre(slots), baudRateGbaud);
}

/// <summary>
/// The channels lit on each fibre of a path, as seen by a candidate channel: the interferers of its NLI. Load-aware
/// queries give the actual spectrum state per fibre; planning queries use <see cref="Full"/>. A lit channel that
/// overlaps the candidate is skipped (the candidate takes its place).
/// </summary>
public abstract class ChannelLoad
{
    /// <summary>No other channel: the candidate alone (single-channel NLI only).</summary>
    public static ChannelLoad None { get; } = new PerFiberLoad([]);

    /// <summary>The same channels on every fibre of the path.</summary>
    public static ChannelLoad Uniform(IReadOnlyList<LitChannel> channels) => new UniformLoad(channels);

    /// <summary>The channels lit on each fibre, by position along the path.</summary>
    public static ChannelLoad PerFiber(IReadOnlyList<IReadOnlyList<LitChannel>> channelsByFiber) => new PerFiberLoad(channelsByFiber);

    /// <summary>
    /// Full load for planning: a comb of channels of one symbol rate filling the grid at a fixed spacing
    /// (C band at 50 GHz: 96 channels from 191.35 THz).
    /// </summary>
    public static ChannelLoad Full(SpectrumGrid grid, double spacingGhz, double baudRateGbaud)
    {
        var channels = new List<LitChannel>();
        var spacing = Frequency.FromGhz(spacingGhz);
        for (var centre = grid.Start + new Frequency(spacing.Mhz / 2); centre + new Frequency(spacing.Mhz / 2) <= grid.End; centre += spacing)
        {
            channels.Add(new LitChannel(centre, baudRateGbaud));
        }

        return new UniformLoad(channels);
    }

    /// <summary>Adds the interferers of fibre <paramref name="fiberIndex"/> at <paramref name="powerW"/> per channel.</summary>
    public abstract void AddInterferers(SpectralState state, int fiberIndex, double powerW);

    /// <summary>Adds channels that do not overlap a traced channel.</summary>
    protected static void AddNonOverlapping(SpectralState state, IReadOnlyList<LitChannel> channels, double powerW)
    {
        var traced = state.TracedCount;
        for (var c = 0; c < channels.Count; c++)
        {
            var f = channels[c].Centre.Hz;
            var r = channels[c].BaudRateGbaud * 1e9;
            var overlaps = false;
            for (var t = 0; t < traced; t++)
            {
                if (Math.Abs(state.FrequencyHz[t] - f) < 0.5 * (state.BaudRate[t] + r))
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                state.AddInterferer(f, r, powerW);
            }
        }
    }

    private sealed class UniformLoad(IReadOnlyList<LitChannel> channels) : ChannelLoad
    {
        public override void AddInterferers(SpectralState state, int fiberIndex, double powerW) =>
            AddNonOverlapping(state, channels, powerW);
    }

    private sealed class PerFiberLoad(IReadOnlyList<IReadOnlyList<LitChannel>> channelsByFiber) : ChannelLoad
    {
        public override void AddInterferers(SpectralState state, int fiberIndex, double powerW)
        {
            if (fiberIndex < channelsByFiber.Count)
            {
                AddNonOverlapping(state, channelsByFiber[fiberIndex], powerW);
            }
        }
    }
}
