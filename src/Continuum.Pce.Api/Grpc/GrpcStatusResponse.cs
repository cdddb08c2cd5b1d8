using Grpc.Core;

namespace Continuum.Pce.Api.Grpc;

/// <summary>
/// A gRPC status written by middleware before the service runs (authorization, rate limiting): a "Trailers-Only"
/// answer (gRPC over HTTP/2, PROTOCOL-HTTP2.md) — HTTP 200, <c>content-type: application/grpc</c>, and
/// <c>grpc-status</c>/<c>grpc-message</c> in the headers — so a gRPC client sees UNAUTHENTICATED, PERMISSION_DENIED or
/// RESOURCE_EXHAUSTED instead of an HTTP error with a JSON body it cannot read.
/// </summary>
public static class GrpcStatusResponse
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    public static Task WriteAsync(HttpContext http, StatusCode code, string message)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return response.CompleteAsync();
    }
}
