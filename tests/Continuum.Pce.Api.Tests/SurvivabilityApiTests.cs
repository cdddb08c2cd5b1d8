using System.Text.Json;
using System.Text.RegularExpressions;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Xunit;
using PceService = Continuum.Pce.Contracts.V1.Pce;

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
    public async Task SurvivabilityOverGrpc_LiveLightpath_IsHitByItsFibresAndLostWithItsEndRoadm_AndOtherTenantsSeeNothing()
    {
        var client = new PceService.PceClient(fixture.Server.Grpc());
        var acme = new Metadata { { "x-api-key", fixture.AcmeKey } };
        var lp = await client.CreateLightpathAsync(new CreateLightpathRequest { Source = "LIL", Destination = "CGN", RateGbps = 100 }, acme);

        var report = await client.GetSurvivabilityReportAsync(new SurvivabilityRequest { IncludeLightpaths = true, IncludeMarkdown = true }, acme);
        var other = await client.GetSurvivabilityReportAsync(new SurvivabilityRequest { IncludeLightpaths = true, Failures = { "node" } }, new Metadata { { "x-api-key", fixture.GlobexKey } });

        Assert.Equal("continuum-demo", report.Network);
        Assert.Contains(report.Tenants, t => t.Tenant == "acme");
        Assert.Contains("# ", report.Markdown, StringComparison.Ordinal);
        var cut = Assert.Single(report.Failures, f => f.Kind == "fiber" && f.FailedFibers.Contains(lp.Fibers[0]));
        Assert.Contains(cut.Lightpaths, h => h.Id == lp.Id && h.Tenant == "acme");
        var node = Assert.Single(report.Failures, f => f.Kind == "node" && f.Id == lp.Nodes[0]);
        var lost = Assert.Single(node.Lightpaths, h => h.Id == lp.Id);
        Assert.False(lost.Restored);
        Assert.Equal("NoPath", lost.BlockReason);
        Assert.True(node.LostGbpsByTenant["acme"] >= 100);

        Assert.All(other.Failures, f => Assert.Equal("node", f.Kind));
        Assert.DoesNotContain(other.Failures.SelectMany(f => f.Lightpaths), h => h.Id == lp.Id);
        Assert.DoesNotContain(other.Tenants, t => t.Tenant == "acme");

        var bad = await Assert.ThrowsAsync<RpcException>(() => client.GetSurvivabilityReportAsync(new SurvivabilityRequest { Failures = { "volcano" } }, acme).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
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
