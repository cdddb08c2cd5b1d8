using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests.Hardening;

/// <summary>Every error, whichever layer answers it, is an RFC 9457 problem with a detail, and a field for bad input (issue 26).</summary>
[Collection(ServerCollection.Name)]
public sealed class ErrorProblemTests(ServerFixture fixture)
{
    private static async Task<(int Status, HttpResponseMessage Response, JsonElement Problem)> Send(HttpClient http, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            // As a careful client does with a large body: the server may refuse it (413) before any of it is sent.
            request.Headers.ExpectContinue = body.Length > 64 * 1024;
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{(int)response.StatusCode} {method} {path}: {response.Content.Headers.ContentType} {text}");
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), text);
        Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
        return ((int)response.StatusCode, response, problem);
    }

    [Fact]
    public async Task A_request_without_a_key_is_a_401_problem_that_says_how_to_authenticate()
    {
        using var http = fixture.Http("");

        var (status, response, problem) = await Send(http, HttpMethod.Get, "/api/v1/sites");

        Assert.Equal(401, status);
        Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("X-API-Key", problem.Str("detail"));
    }

    [Fact]
    public async Task A_wrong_key_is_a_401_problem_saying_the_key_is_not_valid()
    {
        using var http = fixture.Http("pce_000000000000_wrong");

        var (status, _, problem) = await Send(http, HttpMethod.Get, "/api/v1/sites");

        Assert.Equal(401, status);
        Assert.Contains("not valid", problem.Str("detail"));
    }

    [Fact]
    public async Task A_role_too_low_is_a_403_problem_naming_the_role_needed()
    {
        using var http = fixture.Http(fixture.ViewerKey);

        var (status, _, problem) = await Send(http, HttpMethod.Put, "/api/v1/topology", "{}");

        Assert.Equal(403, status);
        Assert.Contains("'viewer'", problem.Str("detail"));
        Assert.Contains("admin", problem.Str("detail"));
    }

    [Fact]
    public async Task A_route_miss_is_a_404_problem_and_a_wrong_method_a_405_problem_listing_the_allowed_ones()
    {
        using var http = fixture.Http();

        var (missing, _, notFound) = await Send(http, HttpMethod.Get, "/api/v1/no-such-thing");
        var (wrongMethod, _, notAllowed) = await Send(http, HttpMethod.Patch, "/api/v1/lightpaths", "{}");

        Assert.Equal(404, missing);
        Assert.Contains("/api/v1/no-such-thing", notFound.Str("detail"));
        Assert.Equal(405, wrongMethod);
        Assert.Contains("GET", notAllowed.Str("detail"));
        Assert.Contains("POST", notAllowed.Str("detail"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        using var http = fixture.Http();

        var (status, _, problem) = await Send(http, HttpMethod.Post, "/api/v1/lightpaths", "source=FRA", "text/plain");

        Assert.Equal(415, status);
        Assert.Contains("application/json", problem.Str("detail"));
    }

    [Theory]
    [InlineData("/api/v1/lightpaths?limit=abc", "limit")]
    [InlineData("/api/v1/alarms?limit=1e3", "limit")]
    [InlineData("/api/v1/reports/survivability?lightpaths=maybe", "lightpaths")]
    public async Task A_query_parameter_that_does_not_bind_is_a_400_naming_it(string path, string field)
    {
        using var http = fixture.Http();

        var (status, _, problem) = await Send(http, HttpMethod.Get, path);

        Assert.Equal(400, status);
        Assert.Equal(field, problem.Str("field"));
    }

    [Theory]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":"100"}""", "$.rateGbps", "integer")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"rateGbps":400}""", "$.rateGbps", "twice")]
    [InlineData("""{"source":"FRA","source":"BER","destination":"PAR","rateGbps":100}""", "$.source", "twice")]
    [InlineData("""{"source":"FRA","destination":"PAR","rateGbps":100,"constraints":{"maxLatencyUs":"5000"}}""", "$.constraints.maxLatencyUs", "number")]
    public async Task Json_of_the_wrong_type_or_with_a_member_twice_is_refused_naming_the_member(string body, string field, string reason)
    {
        using var http = fixture.Http(fixture.AcmeKey);
        var (_, before) = await http.GetJsonAsync("/api/v1/lightpaths?limit=1000");

        var (status, _, problem) = await Send(http, HttpMethod.Post, "/api/v1/lightpaths", body);
        var (_, after) = await http.GetJsonAsync("/api/v1/lightpaths?limit=1000");

        Assert.Equal(400, status);
        Assert.Equal(field, problem.Str("field"));
        Assert.Contains(reason, problem.Str("detail"));
        Assert.Equal(before.GetProperty("items").GetArrayLength(), after.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_naming_the_limit()
    {
        using var http = fixture.Http();
        var body = "{\"source\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";

        var (status, _, problem) = await Send(http, HttpMethod.Post, "/api/v1/lightpaths", body);

        Assert.Equal(413, status);
        Assert.Contains("1,048,576 bytes", problem.Str("detail"));
        Assert.Contains("Pce:Limits:MaxBodyBytes", problem.Str("detail"));
    }

    [Fact]
    public async Task A_topology_body_may_be_larger_than_a_lightpath_body_but_not_unbounded()
    {
        using var http = fixture.Http();
        var twoMegabytes = "{\"name\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        var seventeenMegabytes = "{\"name\":\"" + new string('a', 17 * 1024 * 1024) + "\"}";

        using var accepted = await http.PostAsync("/api/v1/topology/validate", new StringContent(twoMegabytes, Encoding.UTF8, "application/json"));
        var (refused, _, problem) = await Send(http, HttpMethod.Post, "/api/v1/topology/validate", seventeenMegabytes);

        Assert.NotEqual(413, (int)accepted.StatusCode);
        Assert.True((int)accepted.StatusCode < 500, await accepted.Content.ReadAsStringAsync());
        Assert.Equal(413, refused);
        Assert.Contains("Pce:Limits:MaxTopologyBodyBytes", problem.Str("detail"));
    }

    [Theory]
    [InlineData("GET /api/v1/sites HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n", 400)]
    [InlineData("NOT-HTTP\r\n\r\n", 400)]
    [InlineData("GET /api/v1/sites HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n", 400)]
    public async Task Requests_kestrel_cannot_parse_get_a_problem_body(string request, int expected)
    {
        var (status, head, problem) = await RawHttp.SendAsync(fixture.Server.RestUri, request);

        Assert.Equal(expected, status);
        Assert.Contains("application/problem+json", head);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_request_target_or_headers_over_kestrels_limits_are_414_and_431_problems()
    {
        var longTarget = $"GET /api/v1/sites?x={new string('a', 20_000)} HTTP/1.1\r\nHost: a\r\n\r\n";
        var bigHeaders = $"GET /api/v1/sites HTTP/1.1\r\nHost: a\r\nX-Big: {new string('a', 40_000)}\r\n\r\n";

        var (uriTooLong, _, uriProblem) = await RawHttp.SendAsync(fixture.Server.RestUri, longTarget);
        var (headersTooLarge, _, headerProblem) = await RawHttp.SendAsync(fixture.Server.RestUri, bigHeaders);

        Assert.Equal(414, uriTooLong);
        Assert.Contains("8,192", uriProblem.Str("detail"));
        Assert.Equal(431, headersTooLarge);
        Assert.Equal("headers", headerProblem.Str("field"));
    }

    [Fact]
    public async Task A_body_that_stalls_before_its_content_length_is_a_408_problem_not_a_500()
    {
        var request = $"POST /api/v1/lightpaths HTTP/1.1\r\nHost: a\r\nX-API-Key: {fixture.Server.AdminKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"source\":";

        var (status, _, problem) = await RawHttp.SendAsync(fixture.Server.RestUri, request);

        Assert.Equal(408, status);
        Assert.Equal("$", problem.Str("field"));
    }
}
