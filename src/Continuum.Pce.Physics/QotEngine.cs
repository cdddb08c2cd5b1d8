using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Units;
using Continuum.Pce.Physics.Elements;

namespace Continuum.Pce.Physics;

/// <summary>
/// Evaluates paths. Holds a reusable <see cref="SpectralState"/>, so an engine is not thread-safe: use one per thread
/// (they are cheap). Once warm, <see cref="EvaluateCandidate"/> and the span overload of <see cref="EvaluateAll(QotPath, ReadOnlySpan{LitChannel}, TransceiverMode, Span{ChannelQot})"/> allocate nothing.
/// </summary>
public sealed class QotEngine
{
    private readonly SpectralState _state = new();

    /// <summary>
    /// The cheap, load-aware query: QoT of one candidate channel (centre, mode) on a path whose fibres carry
    /// <paramref name="load"/>. NLI is computed for the candidate only (it needs the interferers' powers, not their
    /// noise), so the cost is O(spans × lit channels).
    /// </summary>
    public ChannelQot EvaluateCandidate(QotPath path, ChannelLoad load, Frequency centre, TransceiverMode mode)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(mode);
        var state = _state;
        state.Clear();
        state.AddTraced(centre.Hz, mode.BaudRateGbaud * 1e9, mode.RollOff, path.LaunchPowerW);
        Run(path, state, load, mode);
        return ChannelQot.FromState(state, 0);
    }

    /// <summary>
    /// QoT of every channel of a fixed comb that runs end to end along the path (GNPy's "transmission" view), all
    /// in the same mode. NLI is computed for every channel: O(spans × channels²).
    /// </summary>
    public int EvaluateAll(QotPath path, ReadOnlySpan<LitChannel> channels, TransceiverMode mode, Span<ChannelQot> results)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mode);
        if (results.Length < channels.Length)
        {
            throw new ArgumentException("results is shorter than channels", nameof(results));
        }

        var state = _state;
        state.Clear();
        foreach (var channel in channels)
        {
            state.AddTraced(channel.Centre.Hz, channel.BaudRateGbaud * 1e9, mode.RollOff, path.LaunchPowerW);
        }

        Run(path, state, ChannelLoad.None, mode);
        for (var i = 0; i < channels.Length; i++)
        {
            results[i] = ChannelQot.FromState(state, i);
        }

        return channels.Length;
    }

    /// <summary>As the span overload, returning a report with means.</summary>
    public QotReport EvaluateAll(QotPath path, IReadOnlyList<LitChannel> channels, TransceiverMode mode)
    {
        var results = new ChannelQot[channels.Count];
        EvaluateAll(path, [.. channels], mode, results);
        return new QotReport(results);
    }

    private static void Run(QotPath path, SpectralState state, ChannelLoad load, TransceiverMode mode)
    {
        Transmitter.Apply(state, mode.TxOsnrDb);
        var elements = path.Elements;
        var starts = path.FiberStarts;
        var fiber = 0;
        for (var e = 0; e < elements.Length; e++)
        {
            while (fiber < starts.Length && starts[fiber] == e)
            {
                // A ROADM boundary: the channels sharing the next fibre are that fibre's load, launched at the same
                // per-channel power as the traced channel (the ROADM has just equalised every channel to its target).
                state.ClearInterferers();
                load.AddInterferers(state, fiber, state.Signal[0]);
                fiber++;
            }

            elements[e].Propagate(state);
        }

        var latency = state.Latency;
        for (var i = 0; i < state.TracedCount; i++)
        {
            latency[i] += mode.LatencyUs * 1e-6;
        }
    }
}
