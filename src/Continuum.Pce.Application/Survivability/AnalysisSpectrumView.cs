using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Survivability;

/// <summary>
/// One worker's spectrum state for the analysis: a bitmask per fibre (dense indices), fibres marked down, and a ring of
/// recent changes so that the path computer refreshes only the fibres that moved since its last computation. A failure
/// releases the slots of the lightpaths it hit, lets the restorations take slots one after another (so they compete
/// and never double-book), then puts everything back: the next failure starts from the same base state.
/// </summary>
internal sealed class AnalysisSpectrumView : ISpectrumView
{
    private const int LogSize = 8192;
    private readonly Dictionary<FiberId, int> _index;
    private readonly FiberId[] _ids;
    private readonly ulong[][] _words;
    private readonly bool[] _down;
    private readonly int[] _log = new int[LogSize];
    private long _version;

    public AnalysisSpectrumView(OpticalNetwork network)
    {
        _ids = [.. network.Fibers.Select(f => f.Id)];
        _index = new Dictionary<FiberId, int>(_ids.Length);
        for (var i = 0; i < _ids.Length; i++)
        {
            _index[_ids[i]] = i;
        }

        var words = (network.Grid.SlotCount + 63) / 64;
        _words = [.. _ids.Select(_ => new ulong[words])];
        _down = new bool[_ids.Length];
    }

    public long Version => _version;

    /// <summary>A copy of another view's state (each worker owns one).</summary>
    public AnalysisSpectrumView Clone(OpticalNetwork network)
    {
        var copy = new AnalysisSpectrumView(network);
        for (var i = 0; i < _words.Length; i++)
        {
            _words[i].AsSpan().CopyTo(copy._words[i]);
            copy._down[i] = _down[i];
        }

        return copy;
    }

    public bool TryIndex(FiberId fiber, out int index) => _index.TryGetValue(fiber, out index);

    /// <summary>Marks the slots occupied on the fibres (ids unknown to the network are ignored).</summary>
    public void Occupy(IEnumerable<int> fibers, SlotRange slots) => Set(fibers, slots, true);

    /// <summary>Marks the slots free on the fibres.</summary>
    public void Release(IEnumerable<int> fibers, SlotRange slots) => Set(fibers, slots, false);

    /// <summary>True when any of the slots is occupied on any of the fibres (used to refuse inconsistent inputs).</summary>
    public bool AnyOccupied(IEnumerable<int> fibers, SlotRange slots)
    {
        foreach (var f in fibers)
        {
            var words = _words[f];
            for (var s = slots.Start; s < slots.End; s++)
            {
                if ((words[s >> 6] & (1UL << (s & 63))) != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public void SetDown(IEnumerable<int> fibers, bool down)
    {
        foreach (var f in fibers)
        {
            _down[f] = down;
            Changed(f);
        }
    }

    public void CopyOccupancy(FiberId fiber, Span<ulong> words)
    {
        if (_index.TryGetValue(fiber, out var i))
        {
            var mine = _words[i];
            var n = Math.Min(words.Length, mine.Length);
            mine.AsSpan(0, n).CopyTo(words);
            words[n..].Clear();
        }
        else
        {
            words.Clear();
        }
    }

    public bool IsUp(FiberId fiber) => !_index.TryGetValue(fiber, out var i) || !_down[i];

    public bool TryGetChangesSince(long sinceVersion, List<FiberId> changed)
    {
        if (sinceVersion < 0 || sinceVersion > _version || _version - sinceVersion > LogSize)
        {
            return false;
        }

        for (var v = sinceVersion; v < _version; v++)
        {
            changed.Add(_ids[_log[v % LogSize]]);
        }

        return true;
    }

    private void Set(IEnumerable<int> fibers, SlotRange slots, bool occupied)
    {
        foreach (var f in fibers)
        {
            var words = _words[f];
            for (var s = slots.Start; s < slots.End; s++)
            {
                if (occupied)
                {
                    words[s >> 6] |= 1UL << (s & 63);
                }
                else
                {
                    words[s >> 6] &= ~(1UL << (s & 63));
                }
            }

            Changed(f);
        }
    }

    private void Changed(int fiber)
    {
        _log[_version % LogSize] = fiber;
        _version++;
    }
}
