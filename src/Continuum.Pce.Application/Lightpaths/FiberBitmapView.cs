using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Application.Lightpaths;

/// <summary>
/// A spectrum view held privately as one occupancy bitmask per fibre of a network (dense indices, in the network's fibre
/// order) and the fibres marked down: the copies that a what-if analysis and a restoration batch compute against. Each
/// kind adds how it changes and how it numbers its versions.
/// </summary>
public abstract class FiberBitmapView
{
    /// <summary>Every fibre of <paramref name="network"/>, all slots free, all up.</summary>
    protected FiberBitmapView(OpticalNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Ids = [.. network.Fibers.Select(f => f.Id)];
        Index = new Dictionary<FiberId, int>(Ids.Length);
        var words = (network.Grid.SlotCount + 63) / 64;
        Words = new ulong[Ids.Length][];
        Down = new bool[Ids.Length];
        for (var i = 0; i < Ids.Length; i++)
        {
            Index[Ids[i]] = i;
            Words[i] = new ulong[words];
        }
    }

    private protected FiberId[] Ids { get; }

    private protected Dictionary<FiberId, int> Index { get; }

    /// <summary>Per fibre, its occupancy: bit s of word s / 64 is slot s.</summary>
    private protected ulong[][] Words { get; }

    private protected bool[] Down { get; }

    /// <summary>The dense index of a fibre of the network.</summary>
    public bool TryIndex(FiberId fiber, out int index) => Index.TryGetValue(fiber, out index);

    public void CopyOccupancy(FiberId fiber, Span<ulong> words)
    {
        if (Index.TryGetValue(fiber, out var i))
        {
            var mine = Words[i];
            var n = Math.Min(words.Length, mine.Length);
            mine.AsSpan(0, n).CopyTo(words);
            words[n..].Clear();
        }
        else
        {
            words.Clear();
        }
    }

    public bool IsUp(FiberId fiber) => !Index.TryGetValue(fiber, out var i) || !Down[i];
}
