using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests;

[Collection(ServerCollection.Name)]
public sealed class SecurityTests(ServerFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("pce_000000000000_wrong")]
    [InlineData("not-a-key")]
    public async Task Requests_without_a_valid_key_are_401(string key)
    {
        using var http = fixture.Http(key);

        var (status, _) = await http.GetJsonAsync("/api/v1/sites");

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_create_lightpaths_or_replace_the_topology()
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (read, _) = await http.GetJsonAsync("/api/v1/fibers");
        var (create, _) = await http.PostAsync("/api/v1/lightpaths", new { source = "FRA", destination = "PAR", rateGbps = 100 });
        var (replace, _) = await http.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: "{}");

        Assert.Equal(200, read);
        Assert.Equal(403, create);
        Assert.Equal(403, replace);
    }

    [Fact]
    public async Task An_operator_cannot_manage_keys_or_the_topology()
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var (keys, _) = await http.GetJsonAsync("/api/v1/keys");
        var (replace, _) = await http.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: "{}");

        Assert.Equal(403, keys);
        Assert.Equal(403, replace);
    }

    [Fact]
    public async Task A_tenant_never_sees_or_changes_another_tenants_lightpath()
    {
        using var acme = fixture.Http(fixture.AcmeKey);
        using var globex = fixture.Http(fixture.GlobexKey);
        var (_, lp) = await acme.PostAsync("/api/v1/lightpaths", new { source = "LEJ", destination = "BER", rateGbps = 100 });
        var id = lp.Str("id");

        var (get, _) = await globex.GetJsonAsync($"/api/v1/lightpaths/{id}");
        var (history, _) = await globex.GetJsonAsync($"/api/v1/lightpaths/{id}/history");
        var (delete, _) = await globex.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{id}");
        var (reroute, _) = await globex.PostAsync($"/api/v1/lightpaths/{id}/reroute", new { });
        var (_, list) = await globex.GetJsonAsync("/api/v1/lightpaths?limit=1000");
        var (_, stillThere) = await acme.GetJsonAsync($"/api/v1/lightpaths/{id}");

        Assert.Equal(404, get);
        Assert.Equal(404, history);
        Assert.Equal(404, delete);
        Assert.Equal(404, reroute);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.Str("id") == id);
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Equal("globex", i.Str("tenant")));
        Assert.Equal("Active", stillThere.Str("state"));
    }

    [Fact]
    public async Task Only_admins_create_lightpaths_for_another_tenant_and_admins_see_all_tenants()
    {
        using var acme = fixture.Http(fixture.AcmeKey);
        using var admin = fixture.Http();

        var (forbidden, _) = await acme.PostAsync("/api/v1/lightpaths", new { source = "LEJ", destination = "MUC", rateGbps = 100, tenant = "globex" });
        var (created, lp) = await admin.PostAsync("/api/v1/lightpaths", new { source = "LEJ", destination = "MUC", rateGbps = 100, tenant = "initech" });
        Assert.True(created == 201, lp.ToString());
        var (seen, _) = await admin.GetJsonAsync($"/api/v1/lightpaths/{lp.Str("id")}?tenant=initech");
        var (inOwnSpace, _) = await admin.GetJsonAsync($"/api/v1/lightpaths/{lp.Str("id")}");

        Assert.Equal(403, forbidden);
        Assert.Equal(201, created);
        Assert.Equal("initech", lp.Str("tenant"));
        Assert.Equal(200, seen);
        Assert.Equal(404, inOwnSpace); // ids live in their tenant's space: the admin names the tenant
    }

    [Fact]
    public async Task Keys_are_listed_without_secrets_and_a_revoked_key_stops_working()
    {
        using var admin = fixture.Http();
        var (_, issued) = await admin.PostAsync("/api/v1/keys", new { name = "temp", role = "viewer", tenant = "acme" });
        using var temp = fixture.Http(issued.Str("key"));

        var (before, _) = await temp.GetJsonAsync("/api/v1/sites");
        var (_, list) = await admin.GetJsonAsync("/api/v1/keys");
        var (revoke, _) = await admin.SendAsync(HttpMethod.Delete, $"/api/v1/keys/{issued.Str("id")}");
        var (after, _) = await temp.GetJsonAsync("/api/v1/sites");

        Assert.Equal(200, before);
        Assert.All(list.EnumerateArray(), k => Assert.Equal(System.Text.Json.JsonValueKind.Null, k.GetProperty("key").ValueKind));
        Assert.Equal(204, revoke);
        Assert.Equal(401, after);
    }

    [Fact]
    public async Task A_key_with_an_unknown_role_is_refused()
    {
        using var admin = fixture.Http();

        var (status, problem) = await admin.PostAsync("/api/v1/keys", new { name = "x", role = "superuser" });

        Assert.Equal(400, status);
        Assert.Equal("role", problem.Str("field"));
    }

    [Fact]
    public async Task Health_and_the_api_reference_need_no_key_and_metrics_needs_one_outside_development()
    {
        using var http = fixture.Http("");
        using var viewer = fixture.Http(fixture.ViewerKey);

        var live = await http.GetAsync("/health/live");
        var ready = await http.GetAsync("/health/ready");
        var anonymousMetrics = await http.GetAsync("/metrics");
        var metrics = await viewer.GetAsync("/metrics");
        var openapi = await http.GetStringAsync("/openapi/v1.json");
        var reference = await http.GetAsync("/scalar/v1");

        Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymousMetrics.StatusCode);
        Assert.Contains(anonymousMetrics.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
        Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("/api/v1/lightpaths", openapi);
        Assert.Contains("/api/v1/paths/compute", openapi);
        Assert.Equal(System.Net.HttpStatusCode.OK, reference.StatusCode);
    }
}
