using System.Text.Json;
using Continuum.Pce.Api.Tests.Support;
using Xunit;

namespace Continuum.Pce.Api.Tests.Conventions;

/// <summary>The OpenAPI document a running server serves declares how to authenticate and what every operation can answer.</summary>
[Collection(ServerCollection.Name)]
public sealed class OpenApiDocumentTests(ServerFixture fixture)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task The_document_declares_the_api_key_header_and_bearer_schemes()
    {
        var document = await Document();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal("apiKey", apiKey.Str("type"));
        Assert.Equal("header", apiKey.Str("in"));
        Assert.Equal("X-API-Key", apiKey.Str("name"));
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal("http", bearer.Str("type"));
        Assert.Equal("bearer", bearer.Str("scheme"));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
    }

    [Fact]
    public async Task Every_operation_needing_a_key_requires_a_scheme_and_lists_its_problem_responses()
    {
        var document = await Document();
        var checkedOperations = 0;
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations(document))
        {
            checkedOperations++;
            var name = $"{method.ToUpperInvariant()} {path}";
            var security = operation.TryGetProperty("security", out var s) ? s.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToHashSet() : [];
            if (path.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                if (!security.SetEquals(["ApiKey", "Bearer"]))
                {
                    missing.Add($"{name}: security [{string.Join(", ", security)}]");
                }

                Expect(operation, name, missing, "401", "429", "500");
            }
            else
            {
                Expect(operation, name, missing, "500");
            }

            if (path.Contains('{', StringComparison.Ordinal))
            {
                Expect(operation, name, missing, "400", "404");
            }

            if (operation.TryGetProperty("requestBody", out _))
            {
                Expect(operation, name, missing, "400", "413", "415");
            }

            if (method is "put" or "post" && path.StartsWith("/api/v1/", StringComparison.Ordinal) && !path.StartsWith("/api/v1/keys", StringComparison.Ordinal) &&
                path is not "/api/v1/topology/validate" and not "/api/v1/topology/import" and not "/api/v1/paths/compute")
            {
                // Operators and admins only: a viewer's key is refused.
                Expect(operation, name, missing, "403");
            }
        }

        Assert.True(checkedOperations > 30, $"only {checkedOperations} operations in the document");
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task Operations_list_their_own_outcomes_as_problems()
    {
        var document = await Document();
        var paths = document.GetProperty("paths");

        var create = paths.GetProperty("/api/v1/lightpaths").GetProperty("post").GetProperty("responses");
        foreach (var code in new[] { "201", "409", "422", "502", "503" })
        {
            Assert.True(create.TryGetProperty(code, out _), $"POST /api/v1/lightpaths lacks {code}");
        }

        Assert.True(paths.GetProperty("/api/v1/topology").GetProperty("put").GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(paths.GetProperty("/api/v1/defrag/plans").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(paths.GetProperty("/api/v1/paths/compute").GetProperty("post").GetProperty("responses").TryGetProperty("422", out _));

        // Anonymous: no key needed, so neither a scheme nor a 401.
        var anonymous = Operations(document).Where(o => !o.Path.StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();
        Assert.All(anonymous, o => Assert.False(o.Operation.TryGetProperty("security", out _) && o.Path.StartsWith("/health", StringComparison.Ordinal)));
    }

    private static void Expect(JsonElement operation, string name, List<string> missing, params string[] codes)
    {
        var responses = operation.GetProperty("responses");
        foreach (var code in codes)
        {
            if (!responses.TryGetProperty(code, out var response))
            {
                missing.Add($"{name}: no {code}");
                continue;
            }

            if (!response.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var media) ||
                media.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/ProblemDetails")
            {
                missing.Add($"{name}: {code} is not application/problem+json with the ProblemDetails schema");
            }
        }
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var operation))
                {
                    yield return (path.Name, method, operation);
                }
            }
        }
    }

    private async Task<JsonElement> Document()
    {
        using var http = fixture.Http("");
        var (status, document) = await http.GetJsonAsync("/openapi/v1.json");
        Assert.Equal(200, status);
        return document;
    }
}
