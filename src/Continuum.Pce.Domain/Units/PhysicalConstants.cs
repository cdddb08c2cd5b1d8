namespace Continuum.Pce.Domain.Units;

/// <summary>Physical constants and conventions shared by the domain, routing and physics.</summary>
public static class PhysicalConstants
{
    /// <summary>Speed of light in vacuum, m/s.</summary>
    public const double SpeedOfLight = 299_792_458.0;

    /// <summary>Planck's constant, J·s.</summary>
    public const double Planck = 6.62607015e-34;

    /// <summary>Group index of standard single-mode fibre around 1550 nm.</summary>
    public const double DefaultGroupIndex = 1.468;

    /// <summary>Propagation delay of SSMF in µs per km: n / c = 1.468 / 299 792.458 km/s ≈ 4.897 µs/km.</summary>
    public const double FiberLatencyUsPerKm = DefaultGroupIndex / SpeedOfLight * 1.0e9;

    /// <summary>The OSNR reference bandwidth, 12.5 GHz ("0.1 nm" at 1550 nm), in Hz.</summary>
    public const double OsnrReferenceBandwidthHz = 12.5e9;

    /// <summary>Fibre propagation delay in µs for a length in km and a group index.</summary>
    public static double FiberLatencyUs(double lengthKm, double groupIndex = DefaultGroupIndex) =>
        lengthKm * groupIndex / SpeedOfLight * 1.0e9;
}
