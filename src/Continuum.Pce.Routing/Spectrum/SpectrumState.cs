using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Routing.Graph;

namespace Continuum.Pce.Routing.Spectrum;

/// <summary>
/// Per-fibre spectrum occupancy as fixed-width bitmasks (bit i set = slot i occupied) over any grid: 768 slots make
/// 12 words per fibre, the 100-slot benchmark grid 2. All fibres live in one flat <c>ulong[]</c>, fibre-major, so a
/// path's masks are a few cache lines. Bits past the last slot are kept set, so scans stop at the band edge without
/// a bounds test. Continuity over a path is the OR of its fibres' occupancy (equivalently the AND of free masks),
/// vectorised with <see cref="Vector256"/> when the hardware has it, with a scalar fallback.
/// </summary>
/// <remarks>
/// Guard bands: a fibre with guard g needs g free slots between a new channel and any occupied slot. Reservations
/// mark only the channel's own slots; when a path's occupancy is assembled, a guarded fibre's mask is dilated by g on
/// both sides, so every fit policy sees the guard without knowing about it.
/// </remarks>
public sealed class SpectrumState
{
    private readonly ulong[] _bits;
    private readonly int[] _guard;
    private readonly ulong _tailMask;
    private readonly int[]? _partner;

    public SpectrumState(CompactGraph graph, SpectrumGrid grid)
        : this(graph.EdgeCount, grid.SlotCount, graph.GuardArray)
    {
        Grid = grid;
    }

    /// <summary>
    /// With <paramref name="directionsShareFibre"/>, a link's two directed fibres (an edge and its reverse) are one
    /// physical fibre used by both directions, as in the MaskRSA setting: every reservation and release on an edge is
    /// mirrored on its reverse, so both always hold the same occupancy and any fit sees the shared spectrum.
    /// </summary>
    public SpectrumState(CompactGraph graph, SpectrumGrid grid, bool directionsShareFibre)
        : this(graph, grid)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (directionsShareFibre)
        {
            _partner = new int[graph.EdgeCount];
            for (var e = 0; e < graph.EdgeCount; e++)
            {
                _partner[e] = graph.TryGetReverse(e, out var r) ? r : -1;
            }
        }
    }

    /// <summary>True when a link's two directions share one fibre's spectrum.</summary>
    public bool DirectionsShareFibre => _partner is not null;

    public SpectrumState(int fibreCount, int slotCount, int[]? guardBandSlots = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fibreCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slotCount);
        FibreCount = fibreCount;
        SlotCount = slotCount;
        Words = (slotCount + 63) >> 6;
        _bits = new ulong[fibreCount * Words];
        _guard = guardBandSlots ?? new int[fibreCount];
        var used = slotCount & 63;
        _tailMask = used == 0 ? 0UL : ~0UL << used;
        Clear();
    }

    public SpectrumGrid? Grid { get; }

    public int FibreCount { get; }

    public int SlotCount { get; }

    /// <summary>64-bit words per fibre mask.</summary>
    public int Words { get; }

    /// <summary>Frees every slot of every fibre.</summary>
    public void Clear()
    {
        Array.Clear(_bits);
        if (_tailMask != 0)
        {
            for (var f = 0; f < FibreCount; f++)
            {
                _bits[(f * Words) + Words - 1] = _tailMask;
            }
        }
    }

    /// <summary>The occupancy words of one fibre (tail bits past the grid set).</summary>
    public ReadOnlySpan<ulong> Fibre(int fibre) => _bits.AsSpan(fibre * Words, Words);

    public int GuardBand(int fibre) => _guard[fibre];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsOccupied(int fibre, int slot) => (_bits[(fibre * Words) + (slot >> 6)] & (1UL << slot)) != 0;

    /// <summary>True when every slot of the range is free on the fibre (its own slots only; guard bands are a fit-time rule).</summary>
    public bool IsFree(int fibre, int start, int count)
    {
        if (start < 0 || count <= 0 || start + count > SlotCount)
        {
            return false;
        }

        var words = Fibre(fibre);
        for (var s = start; s < start + count; s++)
        {
            if ((words[s >> 6] & (1UL << s)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when at least one slot of the fibre is occupied (it carries light; a fibre marked down counts as lit).</summary>
    public bool IsLit(int fibre)
    {
        var words = Fibre(fibre);
        var last = words.Length - 1;
        for (var w = 0; w < last; w++)
        {
            if (words[w] != 0)
            {
                return true;
            }
        }

        return (words[last] & ~_tailMask) != 0;
    }

    /// <summary>Occupied slots on a fibre.</summary>
    public int OccupiedSlots(int fibre)
    {
        var total = 0;
        foreach (var w in Fibre(fibre))
        {
            total += BitOperations.PopCount(w);
        }

        return total - BitOperations.PopCount(_tailMask);
    }

    /// <summary>Reserves a range on every fibre of a path, all or none: false (and nothing changed) if any slot is taken.</summary>
    public bool TryReserve(ReadOnlySpan<int> path, int start, int count)
    {
        foreach (var f in path)
        {
            if (!IsFree(f, start, count) || (_partner is { } p && p[f] >= 0 && !IsFree(p[f], start, count)))
            {
                return false;
            }
        }

        foreach (var f in path)
        {
            SetRange(f, start, count, true);
            if (_partner is { } p && p[f] >= 0)
            {
                SetRange(p[f], start, count, true);
            }
        }

        return true;
    }

    /// <summary>Releases a range on every fibre of a path (the caller owns that reservation).</summary>
    public void Release(ReadOnlySpan<int> path, int start, int count)
    {
        foreach (var f in path)
        {
            SetRange(f, start, count, false);
            if (_partner is { } p && p[f] >= 0)
            {
                SetRange(p[f], start, count, false);
            }
        }
    }

    /// <summary>
    /// Replaces one fibre's occupancy with <paramref name="occupancy"/> (one bit per slot, set = occupied; missing words
    /// count as free), keeping the tail bits past the grid set. Loads an authoritative picture (the grains' ledgers) in
    /// one pass; <paramref name="down"/> marks every slot occupied.
    /// </summary>
    public void SetOccupancy(int fibre, ReadOnlySpan<ulong> occupancy, bool down = false)
    {
        var span = _bits.AsSpan(fibre * Words, Words);
        if (down)
        {
            span.Fill(~0UL);
            return;
        }

        var n = Math.Min(occupancy.Length, Words);
        occupancy[..n].CopyTo(span);
        span[n..].Clear();
        span[Words - 1] |= _tailMask;
    }

    /// <summary>Marks one fibre's range occupied or free (loading state, tests, failures).</summary>
    public void SetRange(int fibre, int start, int count, bool occupied)
    {
        if (start < 0 || count <= 0 || start + count > SlotCount)
        {
            throw new ArgumentOutOfRangeException(nameof(start), "slot range outside the grid");
        }

        var span = _bits.AsSpan(fibre * Words, Words);
        var s = start;
        var end = start + count;
        while (s < end)
        {
            var word = s >> 6;
            var bit = s & 63;
            var n = Math.Min(64 - bit, end - s);
            var m = (n == 64 ? ~0UL : ((1UL << n) - 1)) << bit;
            if (occupied)
            {
                span[word] |= m;
            }
            else
            {
                span[word] &= ~m;
            }

            s += n;
        }
    }

    /// <summary>
    /// The path's combined occupancy into <paramref name="destination"/> (length ≥ <see cref="Words"/>): a slot is set
    /// when it is occupied, or inside a guard band, on any fibre of the path. Tail bits past the grid stay set.
    /// </summary>
    public void PathOccupancy(ReadOnlySpan<int> path, Span<ulong> destination)
    {
        var words = Words;
        var dest = destination[..words];
        dest.Clear();
        if (_tailMask != 0)
        {
            dest[words - 1] = _tailMask;
        }

        foreach (var f in path)
        {
            var src = _bits.AsSpan(f * words, words);
            if (_guard[f] == 0)
            {
                OrInto(dest, src);
            }
            else
            {
                OrDilated(dest, src, _guard[f], _tailMask);
            }
        }
    }

    /// <summary>dest |= src, four words at a time where 256-bit vectors are accelerated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OrInto(Span<ulong> dest, ReadOnlySpan<ulong> src)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && dest.Length >= Vector256<ulong>.Count)
        {
            ref var d = ref MemoryMarshal.GetReference(dest);
            ref var s = ref MemoryMarshal.GetReference(src);
            for (; i <= dest.Length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                var v = Vector256.LoadUnsafe(ref d, (nuint)i) | Vector256.LoadUnsafe(ref s, (nuint)i);
                v.StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < dest.Length; i++)
        {
            dest[i] |= src[i];
        }
    }

    /// <summary>dest |= src dilated by <paramref name="guard"/> slots each way (multi-word shifts with carries).</summary>
    private static void OrDilated(Span<ulong> dest, ReadOnlySpan<ulong> src, int guard, ulong tailMask)
    {
        // The band edge needs no guard: dilate only real occupancy, not the tail bits past the grid.
        var last = src.Length - 1;
        for (var k = 0; k <= guard; k++)
        {
            for (var w = 0; w < src.Length; w++)
            {
                if (k == 0)
                {
                    dest[w] |= src[w];
                    continue;
                }

                // Shift towards higher slots (occupied slot s blocks s + k) and towards lower slots (blocks s - k).
                var cur = w == last ? src[w] & ~tailMask : src[w];
                var below = w > 0 ? src[w - 1] : 0UL;
                var above = w + 1 < src.Length ? (w + 1 == last ? src[w + 1] & ~tailMask : src[w + 1]) : 0UL;
                var up = k < 64 ? (cur << k) | (below >> (64 - k)) : 0UL;
                var down = k < 64 ? (cur >> k) | (above << (64 - k)) : 0UL;
                dest[w] |= up | down;
            }
        }
    }
}
