using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Continuum.Pce.Api.Grpc;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Api.Rest;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter with <see cref="LimitsOptions"/>: a token bucket per API key (per client address when the
/// request has no valid key), and a concurrency limit with a short queue on the large-body (topology) endpoints, so
/// parallel multi-megabyte bodies are read a few at a time and memory stays bounded. A refusal is 429 with
/// <c>Retry-After</c> and a problem body (gRPC: RESOURCE_EXHAUSTED). Health probes opt out.
/// </summary>
public static class RequestLimits
{
    /// <summary>The policy of the topology endpoints (large bodies).</summary>
    public const string LargeBodies = "large-bodies";

    public static IServiceCollection AddPceRateLimits(this IServiceCollection services, LimitsOptions limits)
    {
        services.AddRateLimiter(o =>
        {
            if (limits.RequestsPerSecond > 0)
            {
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(limits.Burst, 1),
                    TokensPerPeriod = limits.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            }

            o.AddConcurrencyLimiter(LargeBodies, c =>
            {
                c.PermitLimit = Math.Max(limits.LargeBodyConcurrency, 1);
                c.QueueLimit = Math.Max(limits.LargeBodyQueue, 0);
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, cancellationToken) => RejectAsync(context.HttpContext, context.Lease, limits, cancellationToken);
        });
        return services;
    }

    /// <summary>The API key's identity when the key is valid, else the client address: invalid keys cannot mint partitions.</summary>
    internal static string PartitionKey(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true } identity
            ? "key:" + (http.User.FindFirstValue(Auth.Caller.KeyIdClaim) ?? identity.Name ?? "")
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease, LimitsOptions limits, CancellationToken cancellationToken)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        var large = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == LargeBodies;
        var detail = large && !lease.TryGetMetadata(MetadataName.RetryAfter, out _)
            ? $"{limits.LargeBodyConcurrency} large-body requests are being served and {limits.LargeBodyQueue} wait (Pce:Limits:LargeBodyConcurrency, LargeBodyQueue); try again"
            : $"more than {limits.RequestsPerSecond} requests per second (burst {limits.Burst}) from this {(http.User.Identity?.IsAuthenticated == true ? "API key" : "client address")} (Pce:Limits:RequestsPerSecond, Burst)";
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        if (GrpcStatusResponse.IsGrpc(http.Request))
        {
            await GrpcStatusResponse.WriteAsync(http, StatusCode.ResourceExhausted, detail);
            return;
        }

        await RestEndpoints.Problem(new ApiError(429, "Too many requests", detail).With("retryAfterSeconds", retryAfter)).ExecuteAsync(http);
    }
}
