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
    private protected static void AddNonOverlapping(SpectralState state, ChannelArrays channels, double powerW) =>
        state.AddInterferers(channels.FrequencyHz, channels.BaudRateHz, powerW);

    /// <summary>A list of lit channels as the arrays the state copies from (centre and symbol rate, Hz), made once per load.</summary>
    private protected sealed class ChannelArrays(IReadOnlyList<LitChannel> channels)
    {
        public double[] FrequencyHz { get; } = [.. channels.Select(c => c.Centre.Hz)];

        public double[] BaudRateHz { get; } = [.. channels.Select(c => c.BaudRateGbaud * 1e9)];
    }

    private sealed class UniformLoad(IReadOnlyList<LitChannel> channels) : ChannelLoad
    {
        private readonly ChannelArrays _channels = new(channels);

        public override void AddInterferers(SpectralState state, int fiberIndex, double powerW) =>
            AddNonOverlapping(state, _channels, powerW);
    }

    private sealed class PerFiberLoad(IReadOnlyList<IReadOnlyList<LitChannel>> channelsByFiber) : ChannelLoad
    {
        private readonly ChannelArrays[] _channels = [.. channelsByFiber.Select(c => new ChannelArrays(c))];

        public override void AddInterferers(SpectralState state, int fiberIndex, double powerW)
        {
            if (fiberIndex < _channels.Length)
            {
                AddNonOverlapping(state, _channels[fiberIndex], powerW);
            }
        }
    }
}
