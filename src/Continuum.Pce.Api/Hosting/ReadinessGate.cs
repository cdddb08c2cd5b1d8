using System.Globalization;
using Continuum.Pce.Api.Grpc;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Api.Rest;
using Continuum.Pce.Api.Tapi;
using Grpc.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Until the server is ready (<see cref="ReadinessCheck"/>: a topology in effect), every API call answers alike: 503
/// with <c>Retry-After</c> and the reason (an RFC 9457 problem under /api/v1, a RESTCONF error under /restconf, gRPC
/// UNAVAILABLE with the header in the trailers), instead of each route failing its own way (a 500 for want of a
/// topology, a wait on a grain). What makes the server ready stays open: loading or validating a topology (REST and
/// gRPC), the API keys, and everything outside the API (health, metrics, the OpenAPI document, gRPC health and reflection).
/// </summary>
public static class ReadinessGate
{
    /// <summary>The seconds a refused caller is told to wait.</summary>
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseReadinessGate(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var readiness = app.ApplicationServices.GetRequiredService<ReadinessCheck>();
        return app.Use(async (http, next) =>
        {
            var state = await readiness.CheckHealthAsync(new HealthCheckContext(), http.RequestAborted);
            if (state.Status == HealthStatus.Healthy || !Gated(http.Request))
            {
                await next(http);
                return;
            }

            var detail = $"the server is not ready yet ({state.Description ?? "starting"}); try again in {RetryAfterSeconds} s";
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            if (GrpcStatusResponse.IsGrpc(http.Request))
            {
                await GrpcStatusResponse.WriteAsync(http, StatusCode.Unavailable, detail);
                return;
            }

            var error = new ApiError(503, "Not ready", detail).With("retryAfterSeconds", RetryAfterSeconds);
            var result = http.Request.Path.StartsWithSegments("/restconf") ? RestconfError.From(error).ToResult() : RestEndpoints.Problem(error);
            await result.ExecuteAsync(http);
        });
    }

    /// <summary>An API call that needs the server ready: not one that makes it ready, nor anything outside the API.</summary>
    internal static bool Gated(HttpRequest request)
    {
        var path = request.Path;
        if (GrpcStatusResponse.IsGrpc(request))
        {
            return path.StartsWithSegments("/continuum.pce.v1.Pce", out var rpc)
                ? rpc.Value is not ("/LoadTopology" or "/ValidateTopology")
                : path.StartsWithSegments("/continuum.pce.v1.PceDefrag");
        }

        if (path.StartsWithSegments("/restconf"))
        {
            return true;
        }

        return path.StartsWithSegments("/api/v1", out var rest) &&
               !rest.StartsWithSegments("/topology") && !rest.StartsWithSegments("/keys");
    }
}
