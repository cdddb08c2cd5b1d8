using Continuum.Pce.Api.Hosting;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;
using Xunit;

namespace Continuum.Pce.Api.Tests.Cluster;

/// <summary>A grain call to a silo that has left is the cluster converging: 503 / UNAVAILABLE, never 500 / UNKNOWN.</summary>
public sealed class ClusterUnavailableTests
{
    [Fact]
    public void Rest_AnswersAnUnreachableSilo_With503_EvenWhenWrapped()
    {
        var http = new DefaultHttpContext();

        var direct = Problems.ForException(http, new SiloUnavailableException("silo S127.0.0.1:11111:1 is unavailable"));
        var wrapped = Problems.ForException(http, new InvalidOperationException("create failed", new SiloUnavailableException()));

        Assert.Equal(503, direct?.Status);
        Assert.Equal(503, wrapped?.Status);
        Assert.Contains("retry", direct?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Rest_LeavesOtherFailures_ToBe500()
    {
        Assert.Null(Problems.ForException(new DefaultHttpContext(), new InvalidOperationException("a bug")));
        Assert.False(ClusterUnavailable.Is(new OrleansException("not a delivery failure")));
    }

    [Fact]
    public async Task Grpc_AnswersAnUnreachableSilo_WithUnavailable()
    {
        var interceptor = new ClusterUnavailableInterceptor();

        var failure = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>("request", null!, (_, _) => throw new SiloUnavailableException()));

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Contains(failure.Trailers, t => t.Key == "retry-after");
    }

    [Fact]
    public async Task Grpc_PassesOtherFailuresThrough()
    {
        var interceptor = new ClusterUnavailableInterceptor();

        await Assert.ThrowsAsync<InvalidOperationException>(() => interceptor.UnaryServerHandler<string, string>("request", null!, (_, _) => throw new InvalidOperationException("a bug")));
    }
}
