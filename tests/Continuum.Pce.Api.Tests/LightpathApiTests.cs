using System.Text.Json;
using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests;

[Collection(ServerCollection.Name)]
public sealed class LightpathApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task Create_configures_a_lightpath_that_is_Active_with_path_mode_slots_and_power()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var (status, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 400 });

        Assert.Equal(201, status);
        Assert.Equal("Active", lp.Str("state"));
        Assert.Equal("acme", lp.Str("tenant"));
        Assert.Equal("AMS-ROADM", lp.GetProperty("nodes")[0].GetString());
        Assert.True(lp.GetProperty("slotCount").GetInt32() > 0);
        Assert.True(lp.GetProperty("latencyUs").GetDouble() > 0);
        Assert.True(lp.GetProperty("powerW").GetDouble() > 0);
        Assert.True(lp.GetProperty("frequencyThz").GetDouble() is > 191 and < 197);

        var (getStatus, fetched) = await http.GetJsonAsync($"/api/v1/lightpaths/{lp.Str("id")}");
        Assert.Equal(200, getStatus);
        Assert.Equal(lp.GetProperty("slotStart").GetInt32(), fetched.GetProperty("slotStart").GetInt32());
    }

    [Fact]
    public async Task Create_and_compute_with_a_requested_frequency_width_and_mode_sit_exactly_there()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var constraints = new { centralFrequencyThz = 194.0, widthGhz = 100.0, mode = "DP-QPSK" };

        var (computeStatus, computed) = await http.PostAsync("/api/v1/paths/compute", new { source = "FRA", destination = "PAR", rateGbps = 200, constraints });
        var (status, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "FRA", destination = "PAR", rateGbps = 200, constraints });

        // 194.0 THz is boundary 428 of the 6.25 GHz grid from 191.325 THz; 100 GHz is 16 slots, so slots 420–435.
        Assert.Equal(200, computeStatus);
        Assert.All(computed.GetProperty("candidates").EnumerateArray(), c => Assert.Equal(420, c.GetProperty("slotStart").GetInt32()));
        Assert.Equal(201, status);
        Assert.Equal(194.0, lp.GetProperty("frequencyThz").GetDouble(), 6);
        Assert.Equal(420, lp.GetProperty("slotStart").GetInt32());
        Assert.Equal(16, lp.GetProperty("slotCount").GetInt32());
        Assert.Contains("QPSK", lp.Str("mode"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_a_restoration_policy_shows_it_on_the_lightpath_and_defaults_to_none()
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var (status, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100, restoration = new { policy = "restore-revertive", priority = 1 } });
        var (_, plain) = await http.PostAsync("/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100 });

        Assert.Equal(201, status);
        var restoration = lp.GetProperty("restoration");
        Assert.Equal("restore-revertive", restoration.Str("policy"));
        Assert.Equal(1, restoration.GetProperty("priority").GetInt32());
        Assert.Equal("none", plain.GetProperty("restoration").Str("policy"));
        Assert.Equal(4, plain.GetProperty("restoration").GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task A_1plus1_create_lights_two_disjoint_legs_and_a_manual_switch_holds_the_protection_leg()
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var (status, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "FRA", destination = "PAR", rateGbps = 100, protection = "1+1", constraints = new { diversity = "node" } });
        Assert.True(status == 201, lp.ToString());
        var id = lp.Str("id");
        var (switchStatus, switched) = await http.PostAsync($"/api/v1/lightpaths/{id}/protection/switch", new { to = "protection" });
        var (readStatus, read) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}/protection");
        var (badStatus, bad) = await http.PostAsync($"/api/v1/lightpaths/{id}/protection/switch", new { to = "sideways" });
        await http.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{id}");

        Assert.Equal("Active", lp.Str("state"));
        var protection = lp.GetProperty("protection");
        Assert.Equal("1+1", protection.Str("type"));
        Assert.Equal("node", protection.Str("diversity"));
        var workingNodes = lp.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()).ToList();
        var protectionNodes = protection.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Equal(workingNodes[0], protectionNodes[0]);
        Assert.Equal(workingNodes[^1], protectionNodes[^1]);
        Assert.Empty(workingNodes.Skip(1).SkipLast(1).Intersect(protectionNodes.Skip(1).SkipLast(1)));
        Assert.Equal("working", protection.Str("activeAtSource"));
        Assert.Equal(200, switchStatus);
        Assert.Equal("protection", switched.GetProperty("protection").Str("force"));
        Assert.Equal(200, readStatus);
        Assert.Equal("protection", read.GetProperty("protection").Str("activeAtDestination"));
        Assert.Equal(400, badStatus);
        Assert.Equal("to", bad.Str("field"));
    }

    [Fact]
    public async Task A_protection_switch_on_an_unprotected_lightpath_is_refused_with_reason_NotProtected()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var (_, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100 });

        var (status, problem) = await http.PostAsync($"/api/v1/lightpaths/{lp.Str("id")}/protection/switch", new { to = "protection" });
        await http.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{lp.Str("id")}");

        Assert.Equal(422, status);
        Assert.Equal("NotProtected", problem.Str("reason"));
        Assert.False(lp.TryGetProperty("protection", out var p) && p.ValueKind != System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_returns_the_same_lightpath_and_reserves_once()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        var body = new { source = "BRU", destination = "LIL", rateGbps = 100 };

        var (first, a) = await http.PostAsync("/api/v1/lightpaths", body, key);
        var (second, b) = await http.PostAsync("/api/v1/lightpaths", body, key);
        var (spectrumStatus, spectrum) = await http.GetJsonAsync($"/api/v1/fibers/{a.GetProperty("fibers")[0].GetString()}/spectrum");

        Assert.Equal(201, first);
        Assert.Equal(200, second);
        Assert.Equal(a.Str("id"), b.Str("id"));
        Assert.Equal(200, spectrumStatus);
        Assert.Single(spectrum.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == a.Str("id"));
    }

    [Fact]
    public async Task Reusing_an_Idempotency_Key_for_another_request_is_a_conflict()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() };
        await http.PostAsync("/api/v1/lightpaths", new { source = "BRU", destination = "ANR", rateGbps = 100 }, key);

        var (status, problem) = await http.PostAsync("/api/v1/lightpaths", new { source = "BRU", destination = "ANR", rateGbps = 200 }, key);

        Assert.Equal(409, status);
        Assert.Contains("Idempotency-Key", problem.Str("detail"));
    }

    [Theory]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":-100}""", "rateGbps")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":0}""", "rateGbps")]
    [InlineData("""{"source":"NOWHERE","destination":"PAR","rateGbps":100}""", "source")]
    [InlineData("""{"source":"FRA","destination":"NOWHERE","rateGbps":100}""", "destination")]
    [InlineData("""{"destination":"PAR","rateGbps":100}""", "source")]
    [InlineData("""{"source":"FRA","destination":"FRA","rateGbps":100}""", "destination")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"allowedJurisdictions":["DE","XX"]}}""", "constraints.allowedJurisdictions[1]")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"forbiddenJurisdictions":["FR-ZZZ"]}}""", "constraints.forbiddenJurisdictions[0]")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"forbiddenJurisdictions":["DE","fr"]}}""", "constraints.forbiddenJurisdictions[1]")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"maxLatencyUs":-3}}""", "constraints.maxLatencyUs")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"excludeNodes":["GHOST"]}}""", "constraints.excludeNodes[0]")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"objective":"cheapest"}}""", "constraints.objective")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":"fast"}""", "$.rateGbps")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"colour":"blue"}""", "$")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"id":"has spaces"}""", "id")]
    [InlineData("""{"source":"FRA",""", "$")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"restoration":{"policy":"reroute"}}""", "restoration.policy")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"restoration":{"policy":"restore","priority":9}}""", "restoration.priority")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"protection":"2+0"}""", "protection")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"protection":"1+1","constraints":{"diversity":"duct"}}""", "constraints.diversity")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"mode":"DP-1024QAM"}}""", "constraints.mode")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"widthGhz":40}}""", "constraints.widthGhz")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"centralFrequencyThz":193.101}}""", "constraints.centralFrequencyThz")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"centralFrequencyThz":200}}""", "constraints.centralFrequencyThz")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var (status, problem) = await http.SendAsync(HttpMethod.Post, "/api/v1/lightpaths", rawBody: body);

        Assert.Equal(400, status);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.StartsWith(field, problem.Str("field"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.Str("detail")));
    }

    [Fact]
    public async Task An_impossible_latency_bound_is_blocked_with_reason_Latency_and_nothing_is_held()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var id = "lat-" + Guid.NewGuid().ToString("N")[..8];

        var (status, problem) = await http.PostAsync("/api/v1/lightpaths",
            new { id, source = "FRA", destination = "TLS", rateGbps = 100, constraints = new { maxLatencyUs = 10.0 } });
        var (_, lp) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}");

        Assert.Equal(422, status);
        Assert.Equal("Latency", problem.Str("reason"));
        Assert.Equal("Blocked", lp.Str("state"));
        Assert.Empty(lp.GetProperty("fibers").EnumerateArray());
    }

    [Fact]
    public async Task A_jurisdiction_constraint_keeps_the_path_inside_the_allowed_countries()
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var (status, result) = await http.PostAsync("/api/v1/paths/compute",
            new { source = "HAM", destination = "MUC", rateGbps = 100, constraints = new { allowedJurisdictions = new[] { "DE" } } });
        var (blockedStatus, blocked) = await http.PostAsync("/api/v1/paths/compute",
            new { source = "HAM", destination = "PAR", rateGbps = 100, constraints = new { allowedJurisdictions = new[] { "DE" } } });

        Assert.Equal(200, status);
        Assert.All(result.GetProperty("candidates").EnumerateArray(), c =>
            Assert.All(c.GetProperty("nodes").EnumerateArray(), n => Assert.Contains(n.GetString()![..3], new[] { "HAM", "BER", "LEJ", "MUC", "FRA", "STR", "DUS", "CGN" })));
        Assert.Equal(422, blockedStatus);
        Assert.Equal("Jurisdiction", blocked.Str("reason"));
    }

    [Fact]
    public async Task Compute_returns_candidates_with_latency_km_gsnr_margin_slots_and_power_without_reserving()
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (status, result) = await http.PostAsync("/api/v1/paths/compute", new { source = "FRA", destination = "LYS", rateGbps = 400, maxCandidates = 3 });

        Assert.Equal(200, status);
        var candidates = result.GetProperty("candidates").EnumerateArray().ToList();
        Assert.InRange(candidates.Count, 1, 3);
        foreach (var c in candidates)
        {
            Assert.True(c.GetProperty("latencyUs").GetDouble() > 0);
            Assert.True(c.GetProperty("lengthKm").GetDouble() > 0);
            Assert.True(c.GetProperty("gsnrDb").GetDouble() > 0);
            Assert.Equal(JsonValueKind.Number, c.GetProperty("marginDb").ValueKind);
            Assert.True(c.GetProperty("slotCount").GetInt32() > 0);
            Assert.True(c.GetProperty("powerW").GetDouble() > 0);
        }

        Assert.True(candidates.Zip(candidates.Skip(1)).All(p => p.First.GetProperty("latencyUs").GetDouble() <= p.Second.GetProperty("latencyUs").GetDouble() + 1e-6));
    }

    [Fact]
    public async Task Protect_returns_a_fibre_and_node_disjoint_pair()
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (status, result) = await http.PostAsync("/api/v1/paths/compute", new { source = "FRA", destination = "PAR", rateGbps = 100, protect = true });

        Assert.Equal(200, status);
        var pair = result.GetProperty("protectionPair").EnumerateArray().ToList();
        Assert.Equal(2, pair.Count);
        var first = pair[0].GetProperty("fibers").EnumerateArray().Select(f => f.GetString()).ToHashSet();
        Assert.DoesNotContain(pair[1].GetProperty("fibers").EnumerateArray(), f => first.Contains(f.GetString()));
    }

    [Fact]
    public async Task Delete_releases_the_spectrum_and_history_records_every_transition()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var (_, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "UTC", destination = "EIN", rateGbps = 100 });
        var id = lp.Str("id");
        var fiber = lp.GetProperty("fibers")[0].GetString();

        var (deleteStatus, deleted) = await http.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{id}");
        var (_, spectrum) = await http.GetJsonAsync($"/api/v1/fibers/{fiber}/spectrum");
        var (historyStatus, history) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}/history");

        Assert.Equal(200, deleteStatus);
        Assert.Equal("Deleted", deleted.Str("state"));
        Assert.DoesNotContain(spectrum.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == id);
        Assert.Equal(200, historyStatus);
        var states = history.GetProperty("events").EnumerateArray().Select(e => e.Str("to")).ToList();
        Assert.Equal(["Requested", "Computed", "Reserved", "Provisioning", "Active", "Deleting", "Deleted"], states);
    }

    [Fact]
    public async Task Reroute_moves_the_lightpath_to_another_path_and_releases_the_old_slots()
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var (_, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "SXB", destination = "STR", rateGbps = 100 });
        var id = lp.Str("id");
        var oldFibers = lp.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()!).ToList();

        var (status, moved) = await http.PostAsync($"/api/v1/lightpaths/{id}/reroute",
            new { constraints = new { excludeFibers = oldFibers } });
        var (_, oldSpectrum) = await http.GetJsonAsync($"/api/v1/fibers/{oldFibers[0]}/spectrum");

        Assert.Equal(200, status);
        Assert.Equal("Active", moved.Str("state"));
        Assert.DoesNotContain(moved.GetProperty("fibers").EnumerateArray(), f => oldFibers.Contains(f.GetString()!));
        Assert.DoesNotContain(oldSpectrum.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == id);
        foreach (var fiber in moved.GetProperty("fibers").EnumerateArray())
        {
            var (_, spectrum) = await http.GetJsonAsync($"/api/v1/fibers/{fiber.GetString()}/spectrum");
            Assert.Single(spectrum.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == id);
        }
    }

    [Fact]
    public async Task List_pages_through_the_tenants_lightpaths_with_a_cursor()
    {
        using var http = fixture.Http(fixture.GlobexKey);
        var prefix = "pg-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++)
        {
            await http.PostAsync("/api/v1/lightpaths", new { id = $"{prefix}-{i}", source = "HAM", destination = "BER", rateGbps = 100 });
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (status, page) = await http.GetJsonAsync($"/api/v1/lightpaths?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.Equal(200, status);
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.Str("nextCursor");
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Contains($"{prefix}-{i}", seen));
        Assert.True(pages >= 3);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=5000", "limit")]
    [InlineData("state=Sleeping", "state")]
    [InlineData("cursor=%21%21", "cursor")]
    public async Task Bad_list_parameters_are_400s(string query, string field)
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var (status, problem) = await http.GetJsonAsync($"/api/v1/lightpaths?{query}");

        Assert.Equal(400, status);
        Assert.Equal(field, problem.Str("field"));
    }

    [Fact]
    public async Task A_bundle_sets_up_N_lightpaths_within_the_skew_bound()
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var (status, bundle) = await http.PostAsync("/api/v1/bundles", new { source = "DUS", destination = "CGN", count = 3, rateGbps = 100, maxSkewUs = 5.0 });

        Assert.Equal(201, status);
        Assert.Equal(3, bundle.GetProperty("lightpaths").GetArrayLength());
        Assert.True(bundle.GetProperty("skewUs").GetDouble() <= 5.0);
        Assert.All(bundle.GetProperty("lightpaths").EnumerateArray(), l => Assert.Equal("Active", l.Str("state")));
    }

    [Fact]
    public async Task Unknown_lightpath_is_404_problem()
    {
        using var http = fixture.Http(fixture.AcmeKey);

        var (status, problem) = await http.GetJsonAsync("/api/v1/lightpaths/does-not-exist");

        Assert.Equal(404, status);
        Assert.Equal("Not found", problem.Str("title"));
    }
}
