using System.Text.Json.Nodes;
using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>REST topology endpoints read documents with the CLI's reader: the same comments, spellings, codes and bounds.</summary>
[Collection(ServerCollection.Name)]
public sealed class TopologyInputApiTests(ServerFixture fixture)
{
    private async Task<JsonObject> CurrentNetworkAsync(HttpClient http)
    {
        var (_, doc) = await http.GetJsonAsync("/api/v1/topology");
        return JsonNode.Parse(doc.GetProperty("network").GetRawText())!.AsObject();
    }

    [Fact]
    public async Task A_document_with_comments_validates_and_loads_as_from_the_CLI_and_is_served_back_as_plain_JSON()
    {
        using var http = fixture.Http();
        var network = await CurrentNetworkAsync(http);
        var commented = "// saved by an operator\n" + network.ToJsonString().Replace("\"sites\":", "/* sites */ \"sites\":", StringComparison.Ordinal);

        var (validateStatus, report) = await http.SendAsync(HttpMethod.Post, "/api/v1/topology/validate", rawBody: commented);
        var (putStatus, _) = await http.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: $"{{ /* envelope */ \"network\": {commented} }}");
        var (getStatus, served) = await http.GetJsonAsync("/api/v1/topology");

        Assert.Equal(200, validateStatus);
        Assert.True(report.GetProperty("valid").GetBoolean(), report.ToString());
        Assert.Equal(200, putStatus);
        Assert.Equal(200, getStatus);
        Assert.Equal(network["sites"]!.AsArray().Count, served.GetProperty("network").GetProperty("sites").GetArrayLength());
    }

    [Theory]
    [InlineData("tier", "CORE-DC", "unknown-tier")]
    [InlineData("jurisdiction", "fr", "unknown-jurisdiction")]
    [InlineData("jurisdiction", "FR-ZZZ", "unknown-jurisdiction")]
    public async Task A_site_value_not_spelled_as_documented_is_an_error_at_its_path(string field, string value, string code)
    {
        using var http = fixture.Http();
        var network = await CurrentNetworkAsync(http);
        network["sites"]![0]![field] = value;

        var (status, report) = await http.SendAsync(HttpMethod.Post, "/api/v1/topology/validate", rawBody: network.ToJsonString());

        Assert.Equal(200, status);
        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.Contains(report.GetProperty("errors").EnumerateArray(), e => e.Str("code") == code && e.Str("path") == $"$.sites[0].{field}");
    }

    [Fact]
    public async Task A_fibre_over_the_span_bound_is_rejected_naming_the_bound_and_the_topology_is_unchanged()
    {
        using var http = fixture.Http();
        var (_, before) = await http.GetJsonAsync("/api/v1/topology");
        var network = await CurrentNetworkAsync(http);
        var spans = network["fibers"]![0]!["spans"]!.AsArray();
        var span = spans[0]!.ToJsonString();
        for (var i = spans.Count; i <= 1_000; i++)
        {
            spans.Add(JsonNode.Parse(span));
        }

        var (status, problem) = await http.SendAsync(HttpMethod.Put, "/api/v1/topology", rawBody: network.ToJsonString());
        var (_, after) = await http.GetJsonAsync("/api/v1/topology");

        Assert.Equal(422, status);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.Str("code") == "limit-exceeded" && e.Str("message").Contains("MaxSpansPerFiber", StringComparison.Ordinal));
        Assert.Equal(before.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Duplicate_property_names_are_a_400_naming_the_document()
    {
        using var http = fixture.Http();

        var (status, problem) = await http.SendAsync(HttpMethod.Post, "/api/v1/topology/validate", rawBody: """{"format":"continuum-pce/network@1","name":"a","name":"b"}""");

        Assert.Equal(400, status);
        Assert.Equal("$", problem.Str("field"));
        Assert.Contains("name", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JSON_nested_past_the_depth_bound_is_a_400_naming_MaxDepth()
    {
        using var http = fixture.Http();

        var (status, problem) = await http.SendAsync(HttpMethod.Post, "/api/v1/topology/validate", rawBody: new string('[', 200) + new string(']', 200));

        Assert.Equal(400, status);
        Assert.Contains("MaxDepth", problem.Str("detail"), StringComparison.Ordinal);
    }
}
