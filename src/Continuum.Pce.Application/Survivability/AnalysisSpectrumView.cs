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
internal sealed class AnalysisSpectrumView(OpticalNetwork network) : FiberBitmapView(network), ISpectrumView
{
    private const int LogSize = 8192;
    private readonly int[] _log = new int[LogSize];
    private long _version;

    public long Version => _version;

    /// <summary>A copy of another view's state (each worker owns one).</summary>
    public AnalysisSpectrumView Clone(OpticalNetwork network)
    {
        var copy = new AnalysisSpectrumView(network);
        for (var i = 0; i < Words.Length; i++)
        {
            Words[i].AsSpan().CopyTo(copy.Words[i]);
            copy.Down[i] = Down[i];
        }

        return copy;
    }

    /// <summary>Marks the slots occupied on the fibres (ids unknown to the network are ignored).</summary>
    public void Occupy(IEnumerable<int> fibers, SlotRange slots) => Set(fibers, slots, true);

    /// <summary>Marks the slots free on the fibres.</summary>
    public void Release(IEnumerable<int> fibers, SlotRange slots) => Set(fibers, slots, false);

    /// <summary>True when any of the slots is occupied on any of the fibres (used to refuse inconsistent inputs).</summary>
    public bool AnyOccupied(IEnumerable<int> fibers, SlotRange slots)
    {
        foreach (var f in fibers)
        {
            var words = Words[f];
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
            Down[f] = down;
            Changed(f);
        }
    }

    public bool TryGetChangesSince(long sinceVersion, List<FiberId> changed)
    {
        if (sinceVersion < 0 || sinceVersion > _version || _version - sinceVersion > LogSize)
        {
            return false;
        }

        for (var v = sinceVersion; v < _version; v++)
        {
            changed.Add(Ids[_log[v % LogSize]]);
        }

        return true;
    }

    private void Set(IEnumerable<int> fibers, SlotRange slots, bool occupied)
    {
        foreach (var f in fibers)
        {
            var words = Words[f];
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
