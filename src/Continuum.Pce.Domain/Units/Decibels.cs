namespace Continuum.Pce.Domain.Units;

/// <summary>Conversions between logarithmic and linear quantities.</summary>
public static class Decibels
{
    public static double ToLinear(double db) => Math.Pow(10.0, db / 10.0);

    public static double FromLinear(double linear) => 10.0 * Math.Log10(linear);

    /// <summary>dBm to watts.</summary>
    public static double DbmToWatts(double dbm) => Math.Pow(10.0, (dbm - 30.0) / 10.0);

    /// <summary>Watts to dBm.</summary>
    public static double WattsToDbm(double watts) => 10.0 * Math.Log10(watts) + 30.0;
}
