using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;

namespace Continuum.Pce.Domain.Network;

/// <summary>What a ROADM equalises every channel it launches onto a line degree to.</summary>
public enum EqualisationKind
{
    /// <summary>The same power for every channel, dBm (GNPy's <c>target_pch_out_db</c>).</summary>
    Power,

    /// <summary>A power spectral density, mW/GHz: a channel gets the density times its symbol rate (GNPy's <c>target_psd_out_mWperGHz</c>).</summary>
    Psd,
}

/// <summary>A ROADM output equalisation target: a per-channel power (dBm) or a power spectral density (mW/GHz).</summary>
public sealed record EqualisationTarget(EqualisationKind Kind, double Value)
{
    public static EqualisationTarget Power(double dbm) => new(EqualisationKind.Power, dbm);

    public static EqualisationTarget Psd(double mwPerGhz) => new(EqualisationKind.Psd, mwPerGhz);

    /// <summary>The power a channel of <paramref name="baudRateGbaud"/> leaves at, dBm.</summary>
    public double ChannelPowerDbm(double baudRateGbaud) =>
        Kind == EqualisationKind.Psd ? 10 * Math.Log10(Value * baudRateGbaud) : Value;
}

/// <summary>The equalisation target of one line degree of a ROADM, named by the fibre that leaves it.</summary>
public sealed record DegreeTarget(FiberId Fiber, EqualisationTarget Target);

/// <summary>
/// A ROADM's own output equalisation, overriding its type's: a target for every degree and targets for named degrees.
/// </summary>
public sealed record RoadmEqualisation(EqualisationTarget? Target, ImmutableArray<DegreeTarget> Degrees)
{
    /// <summary>The target for the degree that launches into <paramref name="fiber"/>, if this equalisation sets one.</summary>
    public EqualisationTarget? TargetFor(FiberId fiber)
    {
        if (!Degrees.IsDefault)
        {
            foreach (var degree in Degrees)
            {
                if (degree.Fiber == fiber)
                {
                    return degree.Target;
                }
            }
        }

        return Target;
    }

    public bool Equals(RoadmEqualisation? other) =>
        other is not null && Equals(Target, other.Target) && Degrees.AsSpan().SequenceEqual(other.Degrees.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Target, Degrees.IsDefault ? 0 : Degrees.Length);
}
