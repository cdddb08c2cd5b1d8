using System.Numerics;
using System.Runtime.CompilerServices;

namespace Continuum.Pce.Routing.Spectrum;

/// <summary>
/// A spectrum-assignment policy: given a path's combined occupancy (see <see cref="SpectrumState.PathOccupancy"/>),
/// choose the first slot of a free run of <c>slots</c> contiguous slots. Structs passed as generic arguments.
/// </summary>
public interface ISpectrumFit
{
    bool TryFit(SpectrumState state, ReadOnlySpan<int> path, ReadOnlySpan<ulong> occupancy, int slots, out int start);
}

/// <summary>Scans a mask's free runs with trailing-zero counts: O(words + runs), no per-slot loop.</summary>
public static class FreeRuns
{
    /// <summary>The first free slot at or after <paramref name="from"/>, or <paramref name="slotCount"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextFree(ReadOnlySpan<ulong> occupancy, int from, int slotCount)
    {
        if (from >= slotCount)
        {
            return slotCount;
        }

        var w = from >> 6;
        var word = ~occupancy[w] & (~0UL << (from & 63));
        while (word == 0)
        {
            if (++w == occupancy.Length)
            {
                return slotCount;
            }

            word = ~occupancy[w];
        }

        return Math.Min((w << 6) + BitOperations.TrailingZeroCount(word), slotCount);
    }

    /// <summary>The first occupied slot at or after <paramref name="from"/>, or <paramref name="slotCount"/> (tail bits are set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextOccupied(ReadOnlySpan<ulong> occupancy, int from, int slotCount)
    {
        if (from >= slotCount)
        {
            return slotCount;
        }

        var w = from >> 6;
        var word = occupancy[w] & (~0UL << (from & 63));
        while (word == 0)
        {
            if (++w == occupancy.Length)
            {
                return slotCount;
            }

            word = occupancy[w];
        }

        return Math.Min((w << 6) + BitOperations.TrailingZeroCount(word), slotCount);
    }

    /// <summary>Lowest start of a free run of at least <paramref name="slots"/> slots.</summary>
    public static bool TryFirst(ReadOnlySpan<ulong> occupancy, int slotCount, int slots, out int start)
    {
        var s = NextFree(occupancy, 0, slotCount);
        while (s < slotCount)
        {
            var end = NextOccupied(occupancy, s, slotCount);
            if (end - s >= slots)
            {
                start = s;
                return true;
            }

            s = NextFree(occupancy, end, slotCount);
        }

        start = 0;
        return false;
    }
}

/// <summary>First-fit: the lowest feasible start slot.</summary>
public readonly struct FirstFit : ISpectrumFit
{
    public bool TryFit(SpectrumState state, ReadOnlySpan<int> path, ReadOnlySpan<ulong> occupancy, int slots, out int start) =>
        FreeRuns.TryFirst(occupancy, state.SlotCount, slots, out start);
}

/// <summary>Last-fit: the highest feasible start slot (packs from the top of the band).</summary>
public readonly struct LastFit : ISpectrumFit
{
    public bool TryFit(SpectrumState state, ReadOnlySpan<int> path, ReadOnlySpan<ulong> occupancy, int slots, out int start)
    {
        var n = state.SlotCount;
        var found = false;
        start = 0;
        var s = FreeRuns.NextFree(occupancy, 0, n);
        while (s < n)
        {
            var end = FreeRuns.NextOccupied(occupancy, s, n);
            if (end - s >= slots)
            {
                start = end - slots;
                found = true;
            }

            s = FreeRuns.NextFree(occupancy, end, n);
        }

        return found;
    }
}

/// <summary>Best-fit: the smallest free run that fits (ties to the lowest start), placed at the run's start.</summary>
public readonly struct BestFit : ISpectrumFit
{
    public bool TryFit(SpectrumState state, ReadOnlySpan<int> path, ReadOnlySpan<ulong> occupancy, int slots, out int start)
    {
        var n = state.SlotCount;
        var bestLength = int.MaxValue;
        start = 0;
        var s = FreeRuns.NextFree(occupancy, 0, n);
        while (s < n)
        {
            var end = FreeRuns.NextOccupied(occupancy, s, n);
            var length = end - s;
            if (length >= slots && length < bestLength)
            {
                bestLength = length;
                start = s;
                if (length == slots)
                {
                    break;
                }
            }

            s = FreeRuns.NextFree(occupancy, end, n);
        }

        return bestLength != int.MaxValue;
    }
}

/// <summary>Random-fit: uniform over every feasible start, from a seeded generator (same seed, same choices).</summary>
public readonly struct RandomFit : ISpectrumFit
{
    private readonly SeededRandom _random;

    public RandomFit(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    public bool TryFit(SpectrumState state, ReadOnlySpan<int> path, ReadOnlySpan<ulong> occupancy, int slots, out int start)
    {
        var n = state.SlotCount;
        var feasible = 0;
        var s = FreeRuns.NextFree(occupancy, 0, n);
        while (s < n)
        {
            var end = FreeRuns.NextOccupied(occupancy, s, n);
            feasible += Math.Max(0, end - s - slots + 1);
            s = FreeRuns.NextFree(occupancy, end, n);
        }

        start = 0;
        if (feasible == 0)
        {
            return false;
        }

        var pick = _random.Next(feasible);
        s = FreeRuns.NextFree(occupancy, 0, n);
        while (true)
        {
            var end = FreeRuns.NextOccupied(occupancy, s, n);
            var here = Math.Max(0, end - s - slots + 1);
            if (pick < here)
            {
                start = s + pick;
                return true;
            }

            pick -= here;
            s = FreeRuns.NextFree(occupancy, end, n);
        }
    }
}

/// <summary>
/// Fragmentation-aware fit (this project's design). Candidates are the two ends of every free run of the path
/// (placing flush against an edge never cuts the path's run in two). Each candidate is scored per fibre of the path
/// by the change it makes to that fibre's number of free blocks: +1 if free slots remain on both sides (a block is
/// split), −1 if neither side is free (a hole is filled exactly), 0 otherwise. The lowest total wins; ties go to the
/// smaller path run (best-fit), then the lower start. It keeps every fibre's free spectrum in few large blocks, which
/// is what later wide channels need.
/// </summary>
public readonly struct FragmentationAwareFit : ISpectrumFit
{
    public bool TryFit(SpectrumState state, ReadOnlySpan<int> path, ReadOnlySpan<ulong> occupancy, int slots, out int start)
    {
        var n = state.SlotCount;
        var bestScore = int.MaxValue;
        var bestRun = int.MaxValue;
        start = 0;
        var s = FreeRuns.NextFree(occupancy, 0, n);
        while (s < n)
        {
            var end = FreeRuns.NextOccupied(occupancy, s, n);
            var length = end - s;
            if (length >= slots)
            {
                Consider(state, path, s, slots, length, ref bestScore, ref bestRun, ref start);
                if (end - slots != s)
                {
                    Consider(state, path, end - slots, slots, length, ref bestScore, ref bestRun, ref start);
                }
            }

            s = FreeRuns.NextFree(occupancy, end, n);
        }

        return bestScore != int.MaxValue;
    }

    private static void Consider(SpectrumState state, ReadOnlySpan<int> path, int at, int slots, int run, ref int bestScore, ref int bestRun, ref int start)
    {
        var score = 0;
        foreach (var f in path)
        {
            var left = at > 0 && !state.IsOccupied(f, at - 1);
            var right = at + slots < state.SlotCount && !state.IsOccupied(f, at + slots);
            score += left && right ? 1 : (!left && !right ? -1 : 0);
        }

        if (score < bestScore || (score == bestScore && (run < bestRun || (run == bestRun && at < start))))
        {
            bestScore = score;
            bestRun = run;
            start = at;
        }
    }
}

/// <summary>A small deterministic generator (SplitMix64, Steele et al. 2014) for random-fit; not thread-safe.</summary>
public sealed class SeededRandom
{
    private ulong _state;

    public SeededRandom(ulong seed)
    {
        _state = seed;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>) by Lemire's multiply-shift (bias below 2⁻³²).</summary>
    public int Next(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)(((NextUInt64() >> 32) * (ulong)bound) >> 32);
    }
}
