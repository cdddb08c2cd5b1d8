using Grpc.Core;
using Grpc.Core.Interceptors;
using Orleans.Runtime;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// A grain call that could not reach the silo holding its grain: a server of the cluster has just left (killed,
/// restarting) and membership has not yet declared it dead, so its grains are not yet reactivated elsewhere. It is the
/// cluster converging, not a bug: REST answers 503 with <c>Retry-After</c>, gRPC UNAVAILABLE, and a client repeats the
/// request (with its idempotency key for a create) until the grain lives on a survivor.
/// </summary>
public static class ClusterUnavailable
{
    /// <summary>Seconds a client should wait before it repeats (membership declares a dead silo within seconds).</summary>
    public const int RetryAfterSeconds = 1;

    public const string Detail = "a server of the cluster is unreachable (it left or is restarting) and its work is moving to the others: retry (a create with the same idempotency key)";

    /// <summary>Whether the exception, or one it wraps, is a message Orleans could not deliver to a silo.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OrleansMessageRejectionException or SiloUnavailableException)
            {
                return true;
            }

            if (e is AggregateException { InnerExceptions.Count: 1 } single && Is(single.InnerExceptions[0]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>gRPC: an unreachable silo is UNAVAILABLE (retryable), not UNKNOWN.</summary>
public sealed class ClusterUnavailableInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException && ClusterUnavailable.Is(e))
        {
            throw Unavailable();
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException && ClusterUnavailable.Is(e))
        {
            throw Unavailable();
        }
    }

    private static RpcException Unavailable() =>
        new(new Status(StatusCode.Unavailable, ClusterUnavailable.Detail), new Metadata { { "retry-after", ClusterUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
}
