using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Identity;
using Xunit;

namespace Continuum.Pce.Application.Tests.Planning;

public sealed class DemandFileTests
{
    [Fact]
    public void TryParse_ListOfDemands_ReadsEveryFieldWithCountDefaultingToOne()
    {
        const string json = """[{"from": "FRA", "to": "PAR", "rateGbps": 400, "count": 3}, {"from": "AMS", "to": "BRU", "rateGbps": 100}]""";

        Assert.True(DemandFile.TryParse(json, out var demands, out var errors));

        Assert.Empty(errors);
        Demand[] expected = [new(new SiteId("FRA"), new SiteId("PAR"), 400, 3), new(new SiteId("AMS"), new SiteId("BRU"), 100, 1)];
        Assert.Equal(expected, demands.ToArray());
    }

    [Fact]
    public void TryParse_BadItems_NamesEveryProblemWithItsPath()
    {
        const string json = """[{"from": "FRA", "rateGbps": "fast"}, {"from": "A", "to": "B", "rateGbps": -1, "count": 0}, 7]""";

        Assert.False(DemandFile.TryParse(json, out var demands, out var errors));

        Assert.Empty(demands);
        Assert.Contains("$[0].to: a site id (non-empty string) is required", errors);
        Assert.Contains(errors, e => e.StartsWith("$[0].rateGbps: expected an integer", StringComparison.Ordinal));
        Assert.Contains("$[1].rateGbps: must be positive, got -1", errors);
        Assert.Contains("$[1].count: must be positive, got 0", errors);
        Assert.Contains(errors, e => e.StartsWith("$[2]: expected an object", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"from\": \"A\"}", "$: expected an array")]
    [InlineData("[{\"from\": ", "not valid JSON")]
    public void TryParse_NotAList_IsRefused(string json, string expected)
    {
        Assert.False(DemandFile.TryParse(json, out _, out var errors));

        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }
}
