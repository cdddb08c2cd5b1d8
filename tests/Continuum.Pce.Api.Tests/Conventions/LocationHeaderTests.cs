using System.Net.Http.Json;
using System.Text.Json;
using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests.Conventions;

/// <summary>Every 201 carries a Location that reads the resource just created.</summary>
[Collection(ServerCollection.Name)]
public sealed class LocationHeaderTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_created_lightpath_is_at_its_Location()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var created = await CreatedAt(http, "/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100 });
        Assert.Equal($"/api/v1/lightpaths/{created.Body.Str("id")}", created.Location);
        Assert.Equal(created.Body.Str("id"), (await Read(http, created.Location)).Str("id"));
    }

    [Fact]
    public async Task A_lightpath_an_admin_creates_for_another_tenant_is_at_a_Location_naming_the_tenant()
    {
        using var http = fixture.Http();
        var created = await CreatedAt(http, "/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100, tenant = "acme" });
        Assert.Equal($"/api/v1/lightpaths/{created.Body.Str("id")}?tenant=acme", created.Location);
        Assert.Equal("acme", (await Read(http, created.Location)).Str("tenant"));
    }

    [Fact]
    public async Task An_issued_api_key_is_at_its_Location_without_its_secret()
    {
        using var http = fixture.Http();
        var created = await CreatedAt(http, "/api/v1/keys", new { name = "location-test", role = "viewer", tenant = "acme" });
        Assert.Equal($"/api/v1/keys/{created.Body.Str("id")}", created.Location);
        var key = await Read(http, created.Location);
        Assert.Equal("location-test", key.Str("name"));
        Assert.True(key.GetProperty("key").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task A_bundle_is_at_its_Location_with_its_members()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var created = await CreatedAt(http, "/api/v1/bundles", new { source = "DUS", destination = "CGN", count = 2, rateGbps = 100, maxSkewUs = 50.0, idPrefix = "loc-bundle" });
        Assert.Equal("/api/v1/bundles/loc-bundle", created.Location);
        var bundle = await Read(http, created.Location);
        Assert.Equal(["loc-bundle-1", "loc-bundle-2"], bundle.GetProperty("lightpaths").EnumerateArray().Select(l => l.Str("id")).Order());
    }

    [Fact]
    public async Task A_defragmentation_plan_is_at_its_Location()
    {
        using var http = fixture.Http(fixture.GlobexKey);
        var created = await CreatedAt(http, "/api/v1/defrag/plans", new { });
        Assert.Equal($"/api/v1/defrag/plans/{created.Body.Str("id")}", created.Location);
        Assert.Equal(created.Body.Str("id"), (await Read(http, created.Location)).Str("id"));
    }

    private static async Task<(string Location, JsonElement Body)> CreatedAt(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"POST {path}: {(int)response.StatusCode} {text}");
        Assert.NotNull(response.Headers.Location);
        return (response.Headers.Location!.OriginalString, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<JsonElement> Read(HttpClient http, string location)
    {
        var (status, body) = await http.GetJsonAsync(location);
        Assert.True(status == 200, $"GET {location}: {status} {body}");
        return body;
    }
}
