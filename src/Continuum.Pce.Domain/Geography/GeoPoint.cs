namespace Continuum.Pce.Domain.Geography;

/// <summary>A WGS 84 position in decimal degrees.</summary>
public readonly record struct GeoPoint
{
    /// <summary>Mean Earth radius (IUGG), km.</summary>
    public const double EarthRadiusKm = 6371.0088;

    public GeoPoint(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "latitude must be within [-90, 90] degrees");
        }

        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "longitude must be within [-180, 180] degrees");
        }

        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }

    public double Longitude { get; }

    public static bool IsValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    /// <summary>Great-circle distance in km (haversine formula on a sphere of the mean Earth radius).</summary>
    public double GreatCircleKm(GeoPoint other)
    {
        const double toRad = Math.PI / 180.0;
        var dLat = (other.Latitude - Latitude) * toRad;
        var dLon = (other.Longitude - Longitude) * toRad;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(Latitude * toRad) * Math.Cos(other.Latitude * toRad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1.0, Math.Sqrt(a)));
    }
}
