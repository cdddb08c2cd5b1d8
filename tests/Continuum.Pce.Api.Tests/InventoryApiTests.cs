using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests;

[Collection(ServerCollection.Name)]
public sealed class InventoryApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task Sites_nodes_and_fibres_describe_the_loaded_network()
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (s, sites) = await http.GetJsonAsync("/api/v1/sites");
        var (n, roadms) = await http.GetJsonAsync("/api/v1/nodes?kind=roadm");
        var (f, fibers) = await http.GetJsonAsync("/api/v1/fibers");
        var (one, fra) = await http.GetJsonAsync("/api/v1/sites/FRA");
        var (node, roadm) = await http.GetJsonAsync("/api/v1/nodes/FRA-ROADM");
        var (fiber, fraPar) = await http.GetJsonAsync("/api/v1/fibers/FRA-PAR");

        Assert.Equal((200, 200, 200, 200, 200, 200), (s, n, f, one, node, fiber));
        Assert.Equal(114, sites.GetArrayLength());
        Assert.Equal(19, roadms.GetArrayLength());
        Assert.Equal(64, fibers.GetArrayLength());
        Assert.Equal("DE-HE", fra.Str("jurisdiction"));
        Assert.Equal("core-dc", fra.Str("tier")); // the topology format's spelling (docs/topology-format.md), not the enum's
        Assert.All(sites.EnumerateArray(), x => Assert.Contains(x.Str("tier"), new[] { "core-dc", "regional-dc", "colo", "telco-edge", "enterprise", "industrial", "amplifier-hut" }));
        Assert.Contains(fra.GetProperty("nodes").EnumerateArray(), x => x.GetString() == "FRA-ROADM");
        Assert.StartsWith("127.0.0.1:", roadm.Str("deviceAddress"));
        Assert.True(fraPar.GetProperty("lengthKm").GetDouble() > 400);
        Assert.True(fraPar.GetProperty("up").GetBoolean());
    }

    [Theory]
    [InlineData("/api/v1/sites/XXX")]
    [InlineData("/api/v1/nodes/XXX")]
    [InlineData("/api/v1/fibers/XXX")]
    [InlineData("/api/v1/fibers/XXX/spectrum")]
    public async Task Unknown_resources_are_404(string path)
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (status, problem) = await http.GetJsonAsync(path);

        Assert.Equal(404, status);
        Assert.Contains("XXX", problem.Str("detail"));
    }

    [Fact]
    public async Task An_unknown_node_kind_is_400()
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (status, problem) = await http.GetJsonAsync("/api/v1/nodes?kind=router");

        Assert.Equal(400, status);
        Assert.Equal("kind", problem.Str("field"));
    }

    [Fact]
    public async Task The_topology_document_round_trips_and_validates()
    {
        using var http = fixture.Http();

        var (status, doc) = await http.GetJsonAsync("/api/v1/topology");
        var network = doc.GetProperty("network").GetRawText();
        var (validStatus, report) = await http.SendAsync(HttpMethod.Post, "/api/v1/topology/validate", rawBody: network);

        Assert.Equal(200, status);
        Assert.True(doc.GetProperty("version").GetInt64() >= 1);
        Assert.Equal(200, validStatus);
        Assert.True(report.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Validation_reports_each_error_with_its_json_path()
    {
        using var http = fixture.Http();
        var (_, doc) = await http.GetJsonAsync("/api/v1/topology");
        var network = System.Text.Json.Nodes.JsonNode.Parse(doc.GetProperty("network").GetRawText())!;
        network["fibers"]![0]!["spans"]![0]!["lengthKm"] = -5;

        var (status, report) = await http.SendAsync(HttpMethod.Post, "/api/v1/topology/validate", rawBody: network.ToJsonString());
        var (replace, problem) = await http.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: network.ToJsonString());

        Assert.Equal(200, status);
        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.Contains(report.GetProperty("errors").EnumerateArray(), e => e.Str("path").StartsWith("$.fibers[0].spans[0]", StringComparison.Ordinal));
        Assert.Equal(422, replace);
        Assert.True(problem.GetProperty("errors").GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_malformed_topology_body_is_400()
    {
        using var http = fixture.Http();

        var (status, problem) = await http.SendAsync(HttpMethod.Post, "/api/v1/topology/validate", rawBody: "{ not json");

        Assert.Equal(400, status);
        Assert.Contains("malformed JSON", problem.Str("detail"));
    }
}

[Collection(ServerCollection.Name)]
public sealed class TopologyReplaceTests(ServerFixture fixture)
{
    [Fact]
    public async Task Replacing_the_topology_with_a_valid_document_bumps_its_version()
    {
        using var http = fixture.Http();
        var (_, before) = await http.GetJsonAsync("/api/v1/topology");

        var (status, summary) = await http.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: before.GetProperty("network").GetRawText());

        Assert.Equal(200, status);
        Assert.True(summary.GetProperty("version").GetInt64() > before.GetProperty("version").GetInt64());
        Assert.Equal(64, summary.GetProperty("fibers").GetInt32());
    }

    [Fact]
    public async Task A_replacement_that_removes_a_fibre_under_a_live_lightpath_is_a_conflict()
    {
        using var http = fixture.Http();
        var (_, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "LYS", destination = "TLS", rateGbps = 100 });
        var used = lp.GetProperty("fibers")[0].GetString()!;
        var (_, doc) = await http.GetJsonAsync("/api/v1/topology");
        var network = System.Text.Json.Nodes.JsonNode.Parse(doc.GetProperty("network").GetRawText())!;
        var fibers = network["fibers"]!.AsArray();
        var reverse = fibers.First(f => f!["id"]!.GetValue<string>() == used)!["reverse"]?.GetValue<string>();
        foreach (var f in fibers.Where(f => f!["id"]!.GetValue<string>() == used || f!["id"]!.GetValue<string>() == reverse).ToList())
        {
            fibers.Remove(f);
        }

        var (status, problem) = await http.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: network.ToJsonString());

        Assert.Equal(409, status);
        Assert.Contains(problem.GetProperty("lightpaths").EnumerateArray(), x => x.GetString() == lp.Str("id"));
    }
}
