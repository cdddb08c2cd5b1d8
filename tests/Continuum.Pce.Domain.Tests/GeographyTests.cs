using Continuum.Pce.Domain.Geography;
using Xunit;

namespace Continuum.Pce.Domain.Tests;

public sealed class GeographyTests
{
    [Theory]
    [InlineData("JP", "JP", null)]
    [InlineData("DE-BY", "DE", "BY")]
    [InlineData("FR-IDF", "FR", "IDF")]
    [InlineData("US-CA", "US", "CA")]
    [InlineData("KR-11", "KR", "11")]
    public void Jurisdiction_Parse_AcceptsCountryAndSubdivision(string text, string country, string? subdivision)
    {
        var j = Jurisdiction.Parse(text);

        Assert.Equal(country, j.Country);
        Assert.Equal(subdivision, j.Subdivision);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("EU")]
    [InlineData("JPN")]
    [InlineData("")]
    [InlineData("DE-BY-1")]
    [InlineData("DE-ABCD")]
    [InlineData("FR-ZZZ")]
    [InlineData("DE-XX")]
    [InlineData("AQ-1")]
    [InlineData("de")]
    [InlineData("de-by")]
    [InlineData("DE-by")]
    [InlineData(" DE")]
    [InlineData("DE ")]
    public void Jurisdiction_TryParse_RejectsCodesThatAreNotIso3166(string text)
    {
        Assert.False(Jurisdiction.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Iso3166_HasAll249AssignedCodes()
    {
        Assert.Equal(249, Iso3166.Count);
    }

    [Fact]
    public void Iso3166_SubdivisionList_ComesFromIsoCodesWithItsVersion()
    {
        Assert.InRange(Iso3166.SubdivisionCount, 5000, 6000);
        Assert.StartsWith("Debian package iso-codes ", Iso3166.Source);
        Assert.True(Iso3166.IsSubdivision("JP-13"));
        Assert.False(Iso3166.IsSubdivision("JP-99"));
    }

    [Fact]
    public void Jurisdiction_LowerCase_IsRefusedWithTheUpperCaseSpellingInTheError()
    {
        Assert.False(Jurisdiction.TryParse("de-by", out _, out var error));

        Assert.Contains("'DE-BY'", error);
        Assert.Contains("upper case", error);
    }

    [Fact]
    public void Jurisdiction_UnknownSubdivision_IsRefusedNamingTheCountry()
    {
        Assert.False(Jurisdiction.TryParse("FR-ZZZ", out _, out var error));

        Assert.Equal("'FR-ZZZ' is not an ISO 3166-2 subdivision of FR", error);
    }

    [Fact]
    public void Jurisdiction_Subdivision_IsWithinItsCountryButNotTheReverse()
    {
        var bavaria = Jurisdiction.Parse("DE-BY");
        var germany = Jurisdiction.Parse("DE");

        Assert.True(bavaria.IsWithin(germany));
        Assert.False(germany.IsWithin(bavaria));
        Assert.False(bavaria.IsWithin(Jurisdiction.Parse("FR")));
    }

    [Fact]
    public void GreatCircle_TokyoToOsaka_IsAbout400Km()
    {
        var tokyo = new GeoPoint(35.6895, 139.6917);
        var osaka = new GeoPoint(34.6937, 135.5023);

        Assert.InRange(tokyo.GreatCircleKm(osaka), 395, 400);
    }

    [Fact]
    public void GreatCircle_IsSymmetricAndZeroToItself()
    {
        var a = new GeoPoint(52.52, 13.39);
        var b = new GeoPoint(48.14, 11.58);

        Assert.Equal(a.GreatCircleKm(b), b.GreatCircleKm(a), 9);
        Assert.Equal(0, a.GreatCircleKm(a), 9);
    }

    [Theory]
    [InlineData(91, 0)]
    [InlineData(0, 181)]
    [InlineData(double.NaN, 0)]
    public void GeoPoint_OutOfRange_Throws(double lat, double lon)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(lat, lon));
    }
}
