using Continuum.Pce.Domain.Units;

namespace Continuum.Pce.Domain.Spectrum;

/// <summary>
/// A flexible-grid channel per ITU-T G.694.1 (clause 7): nominal central frequency 193.1 THz + n × 6.25 GHz and
/// slot width m × 12.5 GHz, with n an integer and m a positive integer.
/// </summary>
public readonly record struct FlexChannel
{
    /// <summary>Central-frequency granularity, 6.25 GHz, in MHz.</summary>
    public const long CentreGranularityMhz = 6_250;

    /// <summary>Slot-width granularity, 12.5 GHz, in MHz.</summary>
    public const long WidthGranularityMhz = 12_500;

    public FlexChannel(int n, int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        N = n;
        M = m;
    }

    public int N { get; }

    public int M { get; }

    public Frequency Centre => new(Frequency.GridAnchor.Mhz + N * CentreGranularityMhz);

    public long WidthMhz => M * WidthGranularityMhz;

    public Frequency LowerEdge => new(Centre.Mhz - WidthMhz / 2);

    public Frequency UpperEdge => new(Centre.Mhz + WidthMhz / 2);

    /// <summary>The channel whose lower and upper edges are given, if they lie on the flexible grid.</summary>
    public static bool TryFromEdges(Frequency lower, Frequency upper, out FlexChannel channel)
    {
        channel = default;
        var width = upper.Mhz - lower.Mhz;
        if (width <= 0 || width % WidthGranularityMhz != 0)
        {
            return false;
        }

        var centreOffset = lower.Mhz + width / 2 - Frequency.GridAnchor.Mhz;
        if (centreOffset % CentreGranularityMhz != 0)
        {
            return false;
        }

        channel = new FlexChannel((int)(centreOffset / CentreGranularityMhz), (int)(width / WidthGranularityMhz));
        return true;
    }

    public override string ToString() => $"n={N}, m={M} ({Centre}, {WidthMhz / 1000.0:0.###} GHz)";
}
