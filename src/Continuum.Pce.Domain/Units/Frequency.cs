using System.Globalization;

namespace Continuum.Pce.Domain.Units;

/// <summary>
/// An optical frequency as an integer number of MHz. OpenConfig's <c>frequency-type</c> is a uint64 in MHz, and every
/// point of the ITU-T G.694.1 flexible grid (193.1 THz + n × 6.25 GHz) is a whole number of MHz, so integer arithmetic
/// is exact. THz and GHz appear only at the edges (parsing, display).
/// </summary>
public readonly record struct Frequency(long Mhz) : IComparable<Frequency>
{
    /// <summary>193.1 THz, the anchor of the ITU-T G.694.1 grids.</summary>
    public static readonly Frequency GridAnchor = new(193_100_000);

    public static Frequency FromGhz(double ghz) => new(checked((long)Math.Round(ghz * 1_000.0)));

    public static Frequency FromThz(double thz) => new(checked((long)Math.Round(thz * 1_000_000.0)));

    public double Ghz => Mhz / 1_000.0;

    public double Thz => Mhz / 1_000_000.0;

    /// <summary>The frequency in hertz, for physics formulas.</summary>
    public double Hz => Mhz * 1.0e6;

    public int CompareTo(Frequency other) => Mhz.CompareTo(other.Mhz);

    public static Frequency operator +(Frequency a, Frequency b) => new(a.Mhz + b.Mhz);

    public static Frequency operator -(Frequency a, Frequency b) => new(a.Mhz - b.Mhz);

    public static bool operator <(Frequency a, Frequency b) => a.Mhz < b.Mhz;

    public static bool operator >(Frequency a, Frequency b) => a.Mhz > b.Mhz;

    public static bool operator <=(Frequency a, Frequency b) => a.Mhz <= b.Mhz;

    public static bool operator >=(Frequency a, Frequency b) => a.Mhz >= b.Mhz;

    public override string ToString() => Thz.ToString("0.000000", CultureInfo.InvariantCulture) + " THz";
}
