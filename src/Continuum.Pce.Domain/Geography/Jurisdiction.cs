using System.Diagnostics.CodeAnalysis;

namespace Continuum.Pce.Domain.Geography;

/// <summary>
/// A legal jurisdiction: an ISO 3166-1 alpha-2 country, optionally narrowed to an ISO 3166-2 subdivision
/// ("JP", "DE-BY", "US-CA"). A constraint that allows a country allows all of its subdivisions.
/// </summary>
public readonly record struct Jurisdiction
{
    private Jurisdiction(string country, string? subdivision)
    {
        Country = country;
        Subdivision = subdivision;
    }

    /// <summary>The ISO 3166-1 alpha-2 country code, upper case.</summary>
    public string Country { get; }

    /// <summary>The subdivision part of an ISO 3166-2 code (after the hyphen), or null for the whole country.</summary>
    public string? Subdivision { get; }

    /// <summary>Parses "CC" or "CC-SUB" (1–3 alphanumerics after the hyphen); the country must be an assigned code.</summary>
    public static bool TryParse(string? text, out Jurisdiction jurisdiction, [NotNullWhen(false)] out string? error)
    {
        jurisdiction = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "jurisdiction is empty";
            return false;
        }

        var parts = text.Trim().Split('-');
        if (parts.Length > 2)
        {
            error = $"'{text}' is not an ISO 3166 code (expected CC or CC-SUB)";
            return false;
        }

        var country = parts[0].ToUpperInvariant();
        if (!Iso3166.IsAssigned(country))
        {
            error = $"'{parts[0]}' is not an assigned ISO 3166-1 alpha-2 country code";
            return false;
        }

        string? subdivision = null;
        if (parts.Length == 2)
        {
            subdivision = parts[1].ToUpperInvariant();
            if (subdivision.Length is < 1 or > 3 || !subdivision.All(char.IsAsciiLetterOrDigit))
            {
                error = $"'{text}' has an invalid ISO 3166-2 subdivision (1 to 3 letters or digits after the hyphen)";
                return false;
            }
        }

        jurisdiction = new Jurisdiction(country, subdivision);
        error = null;
        return true;
    }

    public static Jurisdiction Parse(string text) =>
        TryParse(text, out var j, out var error) ? j : throw new FormatException(error);

    /// <summary>True when this jurisdiction lies inside <paramref name="other"/> (same country, and same subdivision unless other is a whole country).</summary>
    public bool IsWithin(Jurisdiction other) =>
        Country == other.Country && (other.Subdivision is null || other.Subdivision == Subdivision);

    public override string ToString() => Subdivision is null ? Country : $"{Country}-{Subdivision}";
}
