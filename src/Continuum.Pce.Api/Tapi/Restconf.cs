using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Tapi;

/// <summary>
/// One RESTCONF error (RFC 8040 §7.1): the <c>ietf-restconf:errors</c> body that every error under /restconf carries,
/// in place of /api/v1's RFC 9457 problem. <see cref="Tag"/> is one of RFC 6241 Appendix A's error tags; the HTTP status
/// is the one /api/v1 answers for the same condition (422 for a request no path can serve, as there).
/// </summary>
public sealed record RestconfError(int Status, string Tag, string Message, string? Path = null)
{
    public string Type { get; init; } = "application";

    /// <summary>The block reason (NoPath, Latency, Spectrum, QoT, Diversity, ...) of a refused request, as /api/v1's <c>reason</c>.</summary>
    public string? AppTag { get; init; }

    /// <summary>The WWW-Authenticate challenge of a 401 (the plain one when not set).</summary>
    public string? Challenge { get; init; }

    public static RestconfError Invalid(string path, string message) => new(400, "invalid-value", message, path);

    public static RestconfError Malformed(string message) => new(400, "malformed-message", message) { Type = "protocol" };

    public static RestconfError MissingElement(string path, string message) => new(400, "missing-element", message, path);

    public static RestconfError UnknownElement(string path, string message) => new(400, "unknown-element", message, path);

    /// <summary>A TAPI attribute this server does not implement (it is refused rather than ignored).</summary>
    public static RestconfError NotSupported(string path, string message) => new(501, "operation-not-supported", message, path);

    public static RestconfError NotFound(string path, string what) => new(404, "invalid-value", $"{what} does not exist", path);

    public static RestconfError DataExists(string path, string message) => new(409, "data-exists", message, path);

    /// <summary>The same condition as an /api/v1 problem, as a RESTCONF error; <paramref name="pathOf"/> turns the problem's field into a data path.</summary>
    public static RestconfError From(ApiError error, Func<string, string?>? pathOf = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var path = error.Field is { } field ? pathOf?.Invoke(field) : null;
        var reason = error.Extensions.TryGetValue("reason", out var r) ? r?.ToString() : null;
        var message = error.Field is { } f && path is null ? $"{f}: {error.Detail}" : error.Detail;
        return error.Status switch
        {
            400 => new RestconfError(400, "invalid-value", message, path),
            401 => new RestconfError(401, "access-denied", message) { Type = "protocol" },
            403 => new RestconfError(403, "access-denied", message) { Type = "protocol" },
            404 => new RestconfError(404, "invalid-value", message, path),
            409 => new RestconfError(409, "data-exists", message, path),
            413 => new RestconfError(413, "too-big", message, path) { Type = "transport" },
            415 => new RestconfError(415, "invalid-value", message) { Type = "protocol" },
            422 => new RestconfError(422, "operation-failed", message, path) { AppTag = reason },
            503 => new RestconfError(503, "resource-denied", message),
            _ => new RestconfError(error.Status, "operation-failed", message, path) { AppTag = reason },
        };
    }

    public JsonObject ToJson()
    {
        var error = new JsonObject { ["error-type"] = Type, ["error-tag"] = Tag };
        if (AppTag is not null)
        {
            error["error-app-tag"] = AppTag;
        }

        if (Path is not null)
        {
            error["error-path"] = Path;
        }

        error["error-message"] = Message;
        return new JsonObject { ["ietf-restconf:errors"] = new JsonObject { ["error"] = new JsonArray(error) } };
    }

    public IResult ToResult() => Restconf.Json(ToJson(), Status, Status == 401 ? Challenge ?? Auth.ApiKeyAuthenticationHandler.Challenge : null);
}

/// <summary>RESTCONF media type, answers and strict body reading.</summary>
public static class Restconf
{
    /// <summary>RFC 8040 §11.3.2: the JSON encoding of YANG data (RFC 7951).</summary>
    public const string MediaType = "application/yang-data+json";

    public const string Root = "/restconf";

    public static IResult Json(JsonNode body, int status = 200, string? challenge = null) => new YangJsonResult(body, status, challenge);

    public static IResult Created(string location) => new CreatedResult(location);

    /// <summary>Reads a JSON body: application/yang-data+json or application/json; malformed JSON is a malformed-message error.</summary>
    public static async Task<(JsonObject? Body, RestconfError? Error)> ReadAsync(HttpRequest request)
    {
        if (request.ContentType is { } type && !type.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase) &&
            !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new RestconfError(415, "invalid-value", $"the body's media type '{type}' is not accepted: send {MediaType} (or application/json)") { Type = "protocol" });
        }

        try
        {
            var node = await JsonNode.ParseAsync(request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken: request.HttpContext.RequestAborted);
            return node is JsonObject body ? (body, null) : (null, RestconfError.Malformed("the body must be a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, RestconfError.Malformed($"malformed JSON: {e.Message.Split(" Path:", 2)[0]}"));
        }
    }

    private sealed class YangJsonResult(JsonNode body, int status, string? challenge) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = MediaType;
            if (challenge is not null)
            {
                httpContext.Response.Headers.WWWAuthenticate = challenge;
            }

            await httpContext.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8, httpContext.RequestAborted);
        }
    }

    private sealed class CreatedResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 201;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
