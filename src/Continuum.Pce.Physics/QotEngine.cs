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
    public ChannelQot EvaluateCandidate(QotPath path, ChannelLoad load, Frequency centre, TransceiverMode mode) =>
        EvaluateCandidate(path, load, centre, mode, 0, default, []);

    /// <summary>
    /// <see cref="EvaluateCandidate(QotPath, ChannelLoad, Frequency, TransceiverMode)"/> that can start where fibre
    /// <paramref name="resumeFiber"/> of the path begins, from the candidate's state recorded there by an earlier run with
    /// the same mode and load on a path with the same fibres before it, and records the state where every later fibre
    /// begins in <paramref name="boundaries"/> (index = fibre of the path; at least <see cref="QotPath.FiberCount"/> long,
    /// or empty to record nothing).
    /// </summary>
    /// <remarks>
    /// Exact: where a fibre begins the interferers are replaced by that fibre's load (launched at the candidate's power)
    /// and the span memo no longer applies, so nothing but the candidate's own state crosses the boundary; a resumed run
    /// returns bit for bit what a run from the transmitter returns.
    /// </remarks>
    public ChannelQot EvaluateCandidate(
        QotPath path,
        ChannelLoad load,
        Frequency centre,
        TransceiverMode mode,
        int resumeFiber,
        in FiberBoundaryState resumeFrom,
        Span<FiberBoundaryState> boundaries)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(mode);
        if ((uint)resumeFiber >= (uint)path.FiberCount)
        {
            throw new ArgumentOutOfRangeException(nameof(resumeFiber), resumeFiber, "a fibre of the path");
        }

        if (!boundaries.IsEmpty && boundaries.Length < path.FiberCount)
        {
            throw new ArgumentException("boundaries is shorter than the path's fibres", nameof(boundaries));
        }

        var state = _state;
        state.Clear();
        if (resumeFiber == 0)
        {
            state.AddTraced(centre.Hz, mode.BaudRateGbaud * 1e9, mode.RollOff, path.LaunchPowerW);
            Run(path, state, load, mode, boundaries);
        }
        else
        {
            state.AddTraced(centre.Hz, mode.BaudRateGbaud * 1e9, mode.RollOff, resumeFrom.SignalW);
            resumeFrom.RestoreInto(state);
            Propagate(path, state, load, path.FiberStarts[resumeFiber], resumeFiber, boundaries);
            AddTransceiverLatency(state, mode);
        }

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

    private static void Run(QotPath path, SpectralState state, ChannelLoad load, TransceiverMode mode, Span<FiberBoundaryState> boundaries = default)
    {
        Transmitter.Apply(state, mode.TxOsnrDb);
        Propagate(path, state, load, 0, 0, boundaries);
        AddTransceiverLatency(state, mode);
    }

    /// <summary>Runs the elements from <paramref name="firstElement"/>; records the first traced channel where each fibre begins when asked.</summary>
    private static void Propagate(QotPath path, SpectralState state, ChannelLoad load, int firstElement, int fiber, Span<FiberBoundaryState> boundaries)
    {
        var elements = path.Elements;
        var starts = path.FiberStarts;
        for (var e = firstElement; e < elements.Length; e++)
        {
            while (fiber < starts.Length && starts[fiber] == e)
            {
                if (!boundaries.IsEmpty)
                {
                    boundaries[fiber] = FiberBoundaryState.Of(state);
                }

                // A fibre boundary, at the ROADM that launches into it: the channels sharing the fibre are its load,
                // added here at the traced channel's power; the ROADM next equalises every channel to the degree's
                // target (one power, or a PSD times each channel's symbol rate).
                state.ClearInterferers();
                load.AddInterferers(state, fiber, state.Signal[0]);
                fiber++;
            }

            elements[e].Propagate(state);
        }
    }

    private static void AddTransceiverLatency(SpectralState state, TransceiverMode mode)
    {
        var latency = state.Latency;
        for (var i = 0; i < state.TracedCount; i++)
        {
            latency[i] += mode.LatencyUs * 1e-6;
        }
    }
}

/// <summary>
/// The first traced channel's state where a fibre of a path begins (before the ROADM that launches into it, whose target
/// depends on that fibre's degree): everything the rest of a candidate evaluation depends on besides the elements that
/// follow.
/// </summary>
public readonly record struct FiberBoundaryState(
    double SignalW,
    double AseW,
    double NliW,
    double ChromaticDispersion,
    double PmdSquared,
    double LatencySeconds,
    double InverseSnrTerms)
{
    internal static FiberBoundaryState Of(SpectralState state) => new(
        state.Signal[0],
        state.Ase[0],
        state.Nli[0],
        state.ChromaticDispersion[0],
        state.PmdSquared[0],
        state.Latency[0],
        state.InverseSnrTerms[0]);

    internal void RestoreInto(SpectralState state)
    {
        state.Signal[0] = SignalW;
        state.Ase[0] = AseW;
        state.Nli[0] = NliW;
        state.ChromaticDispersion[0] = ChromaticDispersion;
        state.PmdSquared[0] = PmdSquared;
        state.Latency[0] = LatencySeconds;
        state.InverseSnrTerms[0] = InverseSnrTerms;
    }
}
