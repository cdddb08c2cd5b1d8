namespace Continuum.Pce.Domain.Spectrum;

/// <summary>A contiguous range of grid slots [<see cref="Start"/>, <see cref="End"/>) on one <see cref="SpectrumGrid"/>.</summary>
public readonly record struct SlotRange
{
    public SlotRange(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Start = start;
        Count = count;
    }

    public int Start { get; }

    public int Count { get; }

    /// <summary>One past the last slot.</summary>
    public int End => Start + Count;

    public bool Overlaps(SlotRange other) => Start < other.End && other.Start < End;

    public bool Contains(int slot) => slot >= Start && slot < End;

    public override string ToString() => $"[{Start}..{End})";
}
