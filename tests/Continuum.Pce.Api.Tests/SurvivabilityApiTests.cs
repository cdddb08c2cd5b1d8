using System.Text.Json;
using System.Text.RegularExpressions;
using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests;

[Collection(ServerCollection.Name)]
public sealed class SurvivabilityApiTests(ServerFixture fixture)
{
    private static JsonElement Failure(JsonElement report, string kind, Func<JsonElement, bool> match) =>
        Assert.Single(report.GetProperty("failures").EnumerateArray(), f => f.Str("kind") == kind && match(f));

    [Fact]
    public async Task Survivability_LiveLightpath_IsHitByItsFibresAndLostWithItsEndRoadm()
    {
        using var acme = fixture.Http(fixture.AcmeKey);
        var (created, lp) = await acme.PostAsync("/api/v1/lightpaths", new { source = "LIL", destination = "CGN", rateGbps = 100 });
        Assert.Equal(201, created);
        var id = lp.Str("id");

        var (status, report) = await acme.GetJsonAsync("/api/v1/reports/survivability?lightpaths=true");

        Assert.Equal(200, status);
        Assert.Equal("continuum-demo", report.Str("network"));
        Assert.Contains(report.GetProperty("tenants").EnumerateArray(), t => t.Str("tenant") == "acme");
        var firstFibre = lp.GetProperty("fibers")[0].GetString();
        var cut = Failure(report, "fiber", f => f.GetProperty("failedFibers").EnumerateArray().Any(x => x.GetString() == firstFibre));
        var hit = Assert.Single(cut.GetProperty("lightpaths").EnumerateArray(), h => h.Str("id") == id);
        Assert.Equal("acme", hit.Str("tenant"));
        var node = Failure(report, "node", f => f.Str("id") == lp.GetProperty("nodes")[0].GetString());
        var lost = Assert.Single(node.GetProperty("lightpaths").EnumerateArray(), h => h.Str("id") == id);
        Assert.False(lost.GetProperty("restored").GetBoolean());
        Assert.Equal("NoPath", lost.Str("blockReason"));
        Assert.True(node.GetProperty("lostGbpsByTenant").GetProperty("acme").GetInt32() >= 100);
    }

    [Fact]
    public async Task Survivability_AnotherTenant_SeesNeitherTheLightpathNorItsLosses()
    {
        using var acme = fixture.Http(fixture.AcmeKey);
        var (_, lp) = await acme.PostAsync("/api/v1/lightpaths", new { source = "EIN", destination = "DUS", rateGbps = 100 });
        using var globex = fixture.Http(fixture.GlobexKey);

        var (status, report) = await globex.GetJsonAsync("/api/v1/reports/survivability?lightpaths=true");
        var markdown = await globex.GetStringAsync("/api/v1/reports/survivability?format=markdown");

        Assert.Equal(200, status);
        var text = report.GetRawText();
        Assert.DoesNotContain(lp.Str("id"), text, StringComparison.Ordinal);
        Assert.DoesNotContain("acme", text, StringComparison.Ordinal);
        Assert.DoesNotContain("acme", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Survivability_Markdown_NamesChartsTheServerServes()
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var markdown = await http.GetStringAsync("/api/v1/reports/survivability?format=markdown&failures=fiber,node");
        var charts = Regex.Matches(markdown, @"\(([^)]+\.svg)\)").Select(m => m.Groups[1].Value).ToList();

        Assert.StartsWith("# Survivability: continuum-demo", markdown.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("0 SRLGs", markdown, StringComparison.Ordinal);
        Assert.Equal(2, charts.Count);
        foreach (var chart in charts)
        {
            var svg = await http.GetAsync($"/api/v1/reports/survivability/charts/{chart}");
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/v1/reports/survivability?failures=meteor", 400)]
    [InlineData("/api/v1/reports/survivability?format=pdf", 400)]
    [InlineData("/api/v1/reports/survivability/charts/none.svg", 404)]
    public async Task Survivability_BadQueryOrChart_Is4xx(string path, int expected)
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (status, _) = await http.GetJsonAsync(path);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Survivability_WithoutAKey_IsUnauthorised()
    {
        using var http = fixture.Http("");

        var (status, _) = await http.GetJsonAsync("/api/v1/reports/survivability");

        Assert.Equal(401, status);
    }
}
