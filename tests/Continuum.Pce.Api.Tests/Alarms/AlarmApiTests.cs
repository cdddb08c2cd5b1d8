using System.Diagnostics.Metrics;
using System.Text.Json;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Observability;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit;

namespace Continuum.Pce.Api.Tests.Alarms;

/// <summary>Alarms through REST on the shared server: blocked requests, clearing, acknowledgement, filters, pages and tenants.</summary>
[Collection(ServerCollection.Name)]
public sealed class AlarmApiTests(ServerFixture fixture)
{
    private AlarmBook Book => fixture.Server.Services.GetRequiredService<AlarmBook>();

    [Fact]
    public async Task BlockedCreate_RaisesNoAlarm_AndCountsTheBlockedMetric()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        using var admin = fixture.Http();
        var id = "blk-" + Guid.NewGuid().ToString("N")[..8];
        // This server's own counter: the test process also hosts other tests' servers, whose meters have the same names
        // and are seen by every server's process-wide OpenTelemetry listener; a /metrics scrape once missed the count
        // (0 -> 0 for 30 s) while other servers started and stopped.
        using var blocked = new MetricCollector<long>(fixture.Server.Services.GetRequiredService<IMeterFactory>(), PceMetrics.Name, PceMetrics.BlockedInstrument);

        var (status, problem) = await http.PostAsync("/api/v1/lightpaths",
            new { id, source = "FRA", destination = "TLS", rateGbps = 100, constraints = new { maxLatencyUs = 10.0 } });

        Assert.Equal(422, status);
        Assert.Equal("Latency", problem.Str("reason"));
        var (_, alarms) = await admin.GetJsonAsync($"/api/v1/alarms?state=all&resource=lightpath:{id}");
        Assert.Empty(alarms.GetProperty("items").EnumerateArray());
        var counted = blocked.GetMeasurementSnapshot().Where(m => m.Tags.TryGetValue("reason", out var r) && (string?)r == "Latency").Sum(m => m.Value);
        Assert.Equal(1, counted);
    }

    [Fact]
    public async Task DegradedThenActive_ClearsTheAlarm()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var view = new LightpathView("deg-" + Guid.NewGuid().ToString("N")[..8], "acme", LightpathState.Degraded, "FRA-TRX", "PAR-TRX", 400);
        var resource = $"lightpath:{view.Id}";

        Book.Apply(AlarmConditions.ForLightpath(view));
        var raised = Assert.Single((await http.GetJsonAsync($"/api/v1/alarms?resource={resource}")).Body.GetProperty("items").EnumerateArray());
        Book.Apply(AlarmConditions.ForLightpath(view with { State = LightpathState.Active }));
        var (_, active) = await http.GetJsonAsync($"/api/v1/alarms?resource={resource}");
        var cleared = Assert.Single((await http.GetJsonAsync($"/api/v1/alarms?resource={resource}&state=cleared")).Body.GetProperty("items").EnumerateArray());

        Assert.Equal("lightpath-degraded", raised.Str("kind"));
        Assert.Equal("active", raised.Str("state"));
        Assert.Empty(active.GetProperty("items").EnumerateArray());
        Assert.Equal(raised.Str("id"), cleared.Str("id"));
        Assert.Equal("cleared", cleared.Str("state"));
        Assert.Equal(JsonValueKind.String, cleared.GetProperty("clearedAt").ValueKind);
    }

    [Fact]
    public async Task Acknowledge_RecordsWhoAndWhen_AndDoesNotClear()
    {
        using var acme = fixture.Http(fixture.AcmeKey);
        var id = RaiseLightpathAlarm("acme");

        var (status, acknowledged) = await acme.PostAsync($"/api/v1/alarms/{id}/acknowledge", new { });
        var (_, listed) = await acme.GetJsonAsync($"/api/v1/alarms?resource={acknowledged.Str("resource")}");

        Assert.Equal(200, status);
        Assert.Equal("acme-ops", acknowledged.Str("acknowledgedBy"));
        Assert.Equal("active", acknowledged.Str("state"));
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.Str("id"));
        Assert.Equal(JsonValueKind.String, item.GetProperty("acknowledgedAt").ValueKind);
    }

    [Fact]
    public async Task Acknowledge_NeedsOperator_HidesOtherTenants_AndNetworkWideNeedsAdmin()
    {
        using var viewer = fixture.Http(fixture.ViewerKey);
        using var globex = fixture.Http(fixture.GlobexKey);
        using var acme = fixture.Http(fixture.AcmeKey);
        using var admin = fixture.Http();
        var id = RaiseLightpathAlarm("acme");
        var fiber = "F-" + Guid.NewGuid().ToString("N")[..8];
        Book.Apply(AlarmConditions.ForFiber(fiber, isUp: false));
        var fiberAlarm = Book.Query(new AlarmQuery { Resource = AlarmConditions.FiberResource(fiber) }).Items[0].Id;

        Assert.Equal(403, (await viewer.PostAsync($"/api/v1/alarms/{id}/acknowledge", new { })).Status);
        Assert.Equal(404, (await globex.PostAsync($"/api/v1/alarms/{id}/acknowledge", new { })).Status);
        Assert.Equal(404, (await acme.PostAsync("/api/v1/alarms/al-doesnotexist/acknowledge", new { })).Status);
        Assert.Equal(403, (await acme.PostAsync($"/api/v1/alarms/{fiberAlarm}/acknowledge", new { })).Status);
        Assert.Equal(200, (await admin.PostAsync($"/api/v1/alarms/{fiberAlarm}/acknowledge", new { })).Status);
        Assert.False(Book.Find(id, null)!.IsAcknowledged);
        Book.Apply(AlarmConditions.ForFiber(fiber, isUp: true));
    }

    [Fact]
    public async Task List_TenantBNeverSeesTenantAsLightpathAlarms()
    {
        using var globex = fixture.Http(fixture.GlobexKey);
        using var acme = fixture.Http(fixture.AcmeKey);
        var id = RaiseLightpathAlarm("acme");

        var seenByGlobex = new List<string>();
        foreach (var query in new[] { "state=all&limit=1000", "tenant=acme&state=all", $"resource={Book.Find(id, null)!.Resource}" })
        {
            var (status, page) = await globex.GetJsonAsync($"/api/v1/alarms?{query}");
            Assert.Equal(200, status);
            seenByGlobex.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.Str("id")));
            Assert.All(page.GetProperty("items").EnumerateArray(), a => Assert.NotEqual("acme", a.GetProperty("tenant").GetString()));
        }

        var (_, own) = await acme.GetJsonAsync($"/api/v1/alarms?resource={Book.Find(id, null)!.Resource}");
        Assert.DoesNotContain(id, seenByGlobex);
        Assert.Equal(id, Assert.Single(own.GetProperty("items").EnumerateArray()).Str("id"));
    }

    [Fact]
    public async Task List_PagesWithACursor_AndFiltersByTenantAndSeverity()
    {
        using var admin = fixture.Http();
        var tenant = "pg-" + Guid.NewGuid().ToString("N")[..8];
        var raised = Enumerable.Range(0, 5).Select(_ => RaiseLightpathAlarm(tenant)).ToHashSet();

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (status, page) = await admin.GetJsonAsync($"/api/v1/alarms?tenant={tenant}&severity=major&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.Equal(200, status);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.Str("id")));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        var (_, critical) = await admin.GetJsonAsync($"/api/v1/alarms?tenant={tenant}&severity=critical");
        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.True(raised.SetEquals(seen));
        Assert.Empty(critical.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("cursor=bm9wZQ", "cursor")]
    [InlineData("severity=loud", "severity")]
    [InlineData("state=gone", "state")]
    public async Task List_BadParameter_Is400NamingTheField(string query, string field)
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (status, problem) = await http.GetJsonAsync($"/api/v1/alarms?{query}");

        Assert.Equal(400, status);
        Assert.Equal(field, problem.Str("field"));
    }

    /// <summary>Raises a lightpath-degraded alarm for a new lightpath id of <paramref name="tenant"/>, through the same rules the feed uses.</summary>
    private string RaiseLightpathAlarm(string tenant)
    {
        var view = new LightpathView("al-lp-" + Guid.NewGuid().ToString("N")[..8], tenant, LightpathState.Degraded, "FRA-TRX", "PAR-TRX", 400);
        Book.Apply(AlarmConditions.ForLightpath(view));
        return Book.Query(new AlarmQuery { Resource = AlarmConditions.LightpathResource(view.Id) }).Items.Single().Id;
    }
}
