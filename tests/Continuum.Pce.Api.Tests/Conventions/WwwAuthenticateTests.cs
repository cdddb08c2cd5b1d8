using System.Net;
using System.Text;
using System.Text.Json;
using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests.Conventions;

/// <summary>Every 401 says how to authenticate (WWW-Authenticate), whatever the route and whatever was wrong with the key.</summary>
[Collection(ServerCollection.Name)]
public sealed class WwwAuthenticateTests(ServerFixture fixture)
{
    public static TheoryData<string, string?> Credentials => new()
    {
        { "none", null },
        { "X-API-Key", "pce_000000000000_not-a-real-secret" },
        { "X-API-Key", "garbage" },
        { "Authorization", "Bearer pce_000000000000_not-a-real-secret" },
    };

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Every_route_needing_a_key_answers_401_with_WWW_Authenticate(string header, string? value)
    {
        using var anonymous = fixture.Http("");
        var (_, document) = await anonymous.GetJsonAsync("/openapi/v1.json");
        var routes = new List<(HttpMethod Method, string Path)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                routes.Add((new HttpMethod(method.Name.ToUpperInvariant()), path.Name.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)));
            }
        }

        routes.Add((HttpMethod.Get, "/metrics"));
        routes.Add((HttpMethod.Get, "/restconf/data/tapi-common:context"));
        Assert.True(routes.Count > 30);

        var wrong = new List<string>();
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(method, path);
            if (method != HttpMethod.Get && method != HttpMethod.Delete)
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }

            using var response = await anonymous.SendAsync(request);
            var challenge = response.Headers.WwwAuthenticate.ToString();
            if (response.StatusCode != HttpStatusCode.Unauthorized || !challenge.Contains("ApiKey", StringComparison.Ordinal) || !challenge.Contains("Bearer", StringComparison.Ordinal))
            {
                wrong.Add($"{method} {path}: {(int)response.StatusCode} WWW-Authenticate '{challenge}'");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("/api/v1/lightpaths")]
    [InlineData("/restconf/data/tapi-common:context")]
    public async Task A_401_for_an_invalid_bearer_token_says_invalid_token_and_one_without_credentials_names_no_error(string path)
    {
        using var anonymous = fixture.Http("");
        using var invalid = new HttpRequestMessage(HttpMethod.Get, path);
        invalid.Headers.TryAddWithoutValidation("Authorization", "Bearer pce_000000000000_not-a-real-secret");
        using var refused = await anonymous.SendAsync(invalid);
        using var none = await anonymous.GetAsync(path);

        // RFC 6750 §3 and §3.1: a token that was given and refused is named invalid_token; no credentials, no error code.
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var bearer = Assert.Single(refused.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Contains("error=\"invalid_token\"", bearer.Parameter, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        var plain = Assert.Single(none.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Null(plain.Parameter);
    }

    [Fact]
    public async Task The_401_body_is_a_problem_naming_how_to_authenticate()
    {
        using var anonymous = fixture.Http("");
        using var response = await anonymous.GetAsync("/api/v1/lightpaths");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey" && h.Parameter == "header=\"X-API-Key\"");
    }
}
