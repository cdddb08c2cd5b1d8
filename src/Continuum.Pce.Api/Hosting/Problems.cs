using System.Security.Claims;
using System.Text.RegularExpressions;
using Continuum.Pce.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Every error of every layer as an RFC 9457 problem with a <c>detail</c>: the answers the framework writes without one
/// (routing misses 404/405, 401/403 from authorization, 415) get a detail that says what was wrong; the framework's
/// exceptions for bad input (a query parameter that does not bind, a body over the limit, truncated or stalled) become
/// 400/408/413 naming the field or the limit instead of 500.
/// </summary>
public static partial class Problems
{
    /// <summary>Fills in the detail (and the field, for input) of a problem the framework made without one.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var status = problem.Status ?? http.Response.StatusCode;
        if (string.IsNullOrEmpty(problem.Detail))
        {
            problem.Detail = DetailFor(http, status);
        }

        problem.Instance ??= http.Request.Path;
    }

    private static string DetailFor(HttpContext http, int status)
    {
        var request = http.Request;
        var target = $"{request.Method} {request.Path}";
        switch (status)
        {
            case 401:
                return HasKey(request)
                    ? "the API key is not valid (revoked, mistyped or of another server)"
                    : "an API key is required: send it in the X-API-Key header or as Authorization: Bearer <key>";
            case 403:
                var role = http.User.FindFirstValue(ClaimTypes.Role) ?? "none";
                return $"the key's role '{role}' may not {target}: it needs {RequiredRole(http) ?? "a higher role"}";
            case 404:
                return http.GetEndpoint() is null ? $"no resource at {request.Path} (see /openapi/v1.json)" : $"{request.Path} was not found";
            case 405:
                var allowed = http.Response.Headers.Allow.ToString();
                return allowed.Length > 0 ? $"{request.Method} is not allowed on {request.Path}; allowed: {allowed}" : $"{request.Method} is not allowed on {request.Path}";
            case 406:
                return "the answer is JSON (application/json or application/problem+json); the Accept header excludes it";
            case 411:
                return "the body needs a Content-Length or chunked transfer encoding";
            case 415:
                return $"the body's media type '{request.ContentType}' is not accepted by {target}: send application/json";
            default:
                return ReasonPhrases.For(status);
        }
    }

    private static bool HasKey(HttpRequest request) =>
        request.Headers.ContainsKey("X-API-Key") || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>The lowest role the endpoint's policies admit, from its authorization metadata.</summary>
    internal static string? RequiredRole(HttpContext http)
    {
        var policies = http.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList() ?? [];
        return policies.Contains(Policies.Admin) ? Roles.Admin : policies.Contains(Policies.Operator) ? Roles.Operator : policies.Count > 0 ? Roles.Viewer : null;
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ ]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ ]+)\" was not provided from (?<source>.+)\\.$", RegexOptions.Singleline)]
    private static partial Regex MissingParameter();

    /// <summary>The problem for an exception the framework throws on bad input; null for anything else (a bug: 500).</summary>
    public static (int Status, string Title, string Detail, string? Field)? ForException(HttpContext http, Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                return ForBadRequest(http, bad);
            case ConnectionResetException:
                return (400, "Bad request", "the connection ended before the whole body arrived (shorter than its Content-Length)", "$");
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return (400, "Bad request", "the client closed the request before it was answered", null);
            case var _ when ClusterUnavailable.Is(exception):
                return (503, "Service unavailable", ClusterUnavailable.Detail, null);
            default:
                return null;
        }
    }

    private static (int, string, string, string?) ForBadRequest(HttpContext http, BadHttpRequestException bad)
    {
        var message = bad.Message;
        if (BindFailure().Match(message) is { Success: true } m)
        {
            var type = m.Groups["type"].Value.TrimEnd('?').Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>');
            return (400, "Invalid request", $"'{m.Groups["value"].Value}' is not a valid {TypeName(type)}", m.Groups["name"].Value);
        }

        if (MissingParameter().Match(message) is { Success: true } missing)
        {
            return (400, "Invalid request", $"required, from {missing.Groups["source"].Value}", missing.Groups["name"].Value);
        }

        switch (bad.StatusCode)
        {
            case 413:
                var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
                return (413, "Payload too large",
                    $"the body is larger than the limit of {limit?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes for {http.Request.Method} {http.Request.Path} (Pce:Limits:{(limit > 1024 * 1024 ? "MaxTopologyBodyBytes" : "MaxBodyBytes")})",
                    "$");
            case 408:
                return (408, "Request timeout", "the body arrived too slowly (Pce:Limits:MinBodyBytesPerSecond) or stalled before its Content-Length", "$");
            default:
                var detail = message.Contains("end of request content", StringComparison.OrdinalIgnoreCase)
                    ? "the body ended before its Content-Length"
                    : $"the request is malformed: {message}";
                return (bad.StatusCode, ReasonPhrases.For(bad.StatusCode), detail, "$");
        }
    }

    private static string TypeName(string clr) => clr switch
    {
        "int" or "Int32" or "long" or "Int64" => "integer",
        "bool" or "Boolean" => "boolean (true or false)",
        "double" or "Double" or "decimal" => "number",
        _ => clr,
    };
}

/// <summary>
/// Turns the framework's bad-input exceptions into problems (<see cref="Problems.ForException"/>), and a grain call to a
/// silo that has left into 503 (<see cref="ClusterUnavailable"/>); the rest stay 500.
/// </summary>
public sealed class BadInputExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Problems.ForException(httpContext, exception) is not { } p || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = p.Status;
        var details = new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Detail };
        if (p.Field is not null)
        {
            details.Extensions["field"] = p.Field;
            details.Extensions["errors"] = new Dictionary<string, string[]> { [p.Field] = [p.Detail] };
        }

        // An unread body would be read (and rejected) again by the connection: close it after this answer.
        if (p.Status is 408 or 413 || exception is ConnectionResetException)
        {
            httpContext.Response.Headers.Connection = "close";
        }

        if (p.Status == 503)
        {
            httpContext.Response.Headers.RetryAfter = ClusterUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}

/// <summary>Reason phrases as titles and fallback details.</summary>
internal static class ReasonPhrases
{
    public static string For(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";
}
