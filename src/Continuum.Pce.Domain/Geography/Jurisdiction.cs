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

    /// <summary>
    /// Parses "CC" or "CC-SUB", exactly as ISO 3166 writes them: upper case, no spaces. The country must be an assigned
    /// ISO 3166-1 alpha-2 code and the subdivision one of its ISO 3166-2 codes (see <see cref="Iso3166"/>).
    /// </summary>
    public static bool TryParse(string? text, out Jurisdiction jurisdiction, [NotNullWhen(false)] out string? error)
    {
        jurisdiction = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "jurisdiction is empty";
            return false;
        }

        var hyphen = text.IndexOf('-', StringComparison.Ordinal);
        var country = hyphen < 0 ? text : text[..hyphen];
        var subdivision = hyphen < 0 ? null : text[(hyphen + 1)..];
        if (country.Length != 2 || !IsUpperAlphanumeric(country, lettersOnly: true) ||
            (subdivision is not null && (subdivision.Length is < 1 or > 3 || !IsUpperAlphanumeric(subdivision, lettersOnly: false))))
        {
            var upper = text.ToUpperInvariant();
            error = upper != text && upper.Trim() == upper && TryParse(upper, out _, out _)
                ? $"'{text}' must be written in upper case ('{upper}'), as ISO 3166 codes are"
                : $"'{text}' is not an ISO 3166 code (expected CC or CC-SUB: two upper-case letters, then optionally a hyphen and 1 to 3 upper-case letters or digits)";
            return false;
        }

        if (!Iso3166.IsAssigned(country))
        {
            error = $"'{country}' is not an assigned ISO 3166-1 alpha-2 country code";
            return false;
        }

        if (subdivision is not null && !Iso3166.IsSubdivision(text))
        {
            error = Iso3166.HasSubdivisions(country)
                ? $"'{text}' is not an ISO 3166-2 subdivision of {country}"
                : $"'{text}' is not an ISO 3166-2 code: {country} has no subdivisions";
            return false;
        }

        jurisdiction = new Jurisdiction(country, subdivision);
        error = null;
        return true;
    }

    private static bool IsUpperAlphanumeric(string s, bool lettersOnly)
    {
        foreach (var ch in s)
        {
            if (!char.IsAsciiLetterUpper(ch) && (lettersOnly || !char.IsAsciiDigit(ch)))
            {
                return false;
            }
        }

        return true;
    }

    public static Jurisdiction Parse(string text) =>
        TryParse(text, out var j, out var error) ? j : throw new FormatException(error);

    /// <summary>True when this jurisdiction lies inside <paramref name="other"/> (same country, and same subdivision unless other is a whole country).</summary>
    public bool IsWithin(Jurisdiction other) =>
        Country == other.Country && (other.Subdivision is null || other.Subdivision == Subdivision);

    public override string ToString() => Subdivision is null ? Country : $"{Country}-{Subdivision}";
}
