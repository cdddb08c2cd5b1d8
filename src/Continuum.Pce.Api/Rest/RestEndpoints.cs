using System.Text.Json;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;
using Microsoft.AspNetCore.Mvc;

namespace Continuum.Pce.Api.Rest;

/// <summary>
/// REST under /api/v1, one <c>XxxApi</c> class per resource: each route checks its role, reads its body strictly, calls
/// the resource's operations and answers a value or an RFC 9457 problem. Here: the shared reading and answering.
/// </summary>
public static class RestEndpoints
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        // Types exactly as documented (docs/api.md): "rateGbps": "100" is a string, not a number; a member given twice is refused.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        AllowDuplicateProperties = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapPceRest(this IEndpointRouteBuilder app)
    {
        app.MapTopologyApi();
        app.MapInventoryApi();
        app.MapDriftApi();
        app.MapPathApi();
        app.MapLightpathApi();
        app.MapBundleApi();
        app.MapAlarmApi();
        app.MapKeyApi();
        app.MapSurvivabilityApi();
        app.MapDefragApi();
        return app;
    }

    /// <summary>The /api/v1 group every resource maps into: viewers and up, tagged v1.</summary>
    internal static RouteGroupBuilder V1(IEndpointRouteBuilder app) => app.MapGroup("/api/v1").RequireAuthorization(Policies.Viewer).WithTags("v1");

    /// <summary>Reads a JSON body strictly: malformed JSON, unknown members and wrong types are 400s naming the path.</summary>
    public static async Task<(T? Value, ApiError? Error)> ReadBody<T>(HttpRequest request, bool allowEmpty = false)
        where T : class, new()
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Body.CanSeek && request.Headers.TransferEncoding.Count == 0))
        {
            return allowEmpty ? (new T(), null) : (null, ApiError.Invalid("$", "a JSON body is required"));
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new ApiError(415, "Unsupported media type", $"expected application/json, got {type}"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted);
            return value is null ? (null, ApiError.Invalid("$", "the body is null")) : (value, null);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path;
            return (null, ApiError.Invalid(where, $"{JsonReason(e)}{(e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine + 1})" : "")}"));
        }
    }

    /// <summary>What was wrong, in the API's terms (JSON types, member names) rather than .NET type names.</summary>
    internal static string JsonReason(JsonException e)
    {
        var message = e.Message.Split(" Path:", 2)[0];
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return $"the member '{e.Path?.Split('.').LastOrDefault()?.Trim('[', ']', '\'')}' is given twice: every member at most once";
        }

        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            var type = message["The JSON value could not be converted to ".Length..].TrimEnd('.');
            var expected = type switch
            {
                _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "an integer (a JSON number, not a string)",
                _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "a number (a JSON number, not a string)",
                _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
                _ when type.Contains("String", StringComparison.Ordinal) && !type.Contains('[') && !type.Contains('`') => "a string",
                _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "an array",
                _ => "an object",
            };
            return $"wrong type: expected {expected}";
        }

        return $"malformed JSON: {message}";
    }

    internal static async Task<IResult> WithBody<T, TResult>(HttpContext http, Func<T, Task<Outcome<TResult>>> operation, bool allowEmpty = false)
        where T : class, new()
    {
        var (body, error) = await ReadBody<T>(http.Request, allowEmpty);
        return error is not null ? Problem(error) : Answer(await operation(body!));
    }

    public static IResult Answer<T>(Outcome<T> outcome) =>
        !outcome.IsSuccess ? Problem(outcome.Error!)
        : outcome.SuccessStatus == 200 ? Results.Json(outcome.Value, Json)
        : outcome.Location is { } location ? new WithLocation(location, Results.Json(outcome.Value, Json, statusCode: outcome.SuccessStatus))
        : Results.Json(outcome.Value, Json, statusCode: outcome.SuccessStatus);

    /// <summary>An answer with a Location header: where the resource created (201) can be read.</summary>
    private sealed class WithLocation(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = $"{httpContext.Request.PathBase}{location}";
            return inner.ExecuteAsync(httpContext);
        }
    }

    public static IResult Problem(ApiError error)
    {
        var extensions = new Dictionary<string, object?>(error.Extensions);
        if (error.Field is not null)
        {
            extensions["field"] = error.Field;
            extensions.TryAdd("errors", new Dictionary<string, string[]> { [error.Field] = [error.Detail] });
        }

        return Results.Problem(error.Detail, statusCode: error.Status, title: error.Title,
            type: $"https://continuum-pce.dev/problems/{error.Title.ToLowerInvariant().Replace(' ', '-')}", extensions: extensions);
    }
}
