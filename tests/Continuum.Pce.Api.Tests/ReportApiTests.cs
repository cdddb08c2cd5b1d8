using System.Text.RegularExpressions;
using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests;

[Collection(ServerCollection.Name)]
public sealed class ReportApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task Energy_and_cost_reports_describe_the_live_lightpaths()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        await http.PostAsync("/api/v1/lightpaths", new { source = "PAR", destination = "LYS", rateGbps = 100 });

        var (energyStatus, energy) = await http.GetJsonAsync("/api/v1/reports/energy");
        var (costStatus, cost) = await http.GetJsonAsync("/api/v1/reports/cost");

        Assert.Equal(200, energyStatus);
        Assert.True(energy.GetProperty("lightpaths").GetInt32() >= 1);
        Assert.True(energy.GetProperty("totalWatts").GetDouble() > 0);
        Assert.True(energy.GetProperty("carriedGbps").GetInt32() >= 100);
        Assert.Equal(200, costStatus);
        Assert.True(cost.GetProperty("capex").GetDouble() > 0);
    }

    [Fact]
    public async Task The_markdown_report_names_svg_charts_that_the_server_serves()
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var markdown = await http.GetStringAsync("/api/v1/reports/energy?format=markdown");
        var chart = Regex.Match(markdown, @"\(([^)]+\.svg)\)").Groups[1].Value;
        var svg = await http.GetAsync($"/api/v1/reports/energy/charts/{chart}");

        Assert.StartsWith("#", markdown.TrimStart());
        Assert.False(string.IsNullOrEmpty(chart));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/v1/reports/heat", 404)]
    [InlineData("/api/v1/reports/energy?format=pdf", 400)]
    [InlineData("/api/v1/reports/energy/charts/none.svg", 404)]
    public async Task Unknown_reports_formats_and_charts_are_4xx(string path, int status)
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (actual, _) = await http.GetJsonAsync(path);

        Assert.Equal(status, actual);
    }
}
