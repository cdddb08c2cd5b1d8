using System.Net;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Api.Tests.Hardening;

/// <summary>
/// Issue 26, health under a flood: with Pce:Probes:Port the probes have a listener of their own (a dedicated thread,
/// outside ASP.NET Core); it answers liveness and readiness as the REST port does, and anything else with a problem.
/// The latency it buys under load is measured by the flood (tests/Continuum.Pce.Fuzz.Tests, docs/reliability.md).
/// </summary>
public sealed class HealthListenerTests : IAsyncLifetime
{
    private PceTestServer _server = null!;

    public async Task InitializeAsync() => _server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", "--Pce:Probes:Port=0");

    public Task DisposeAsync() => _server.DisposeAndDeleteAsync();

    private Uri HealthUri
    {
        get
        {
            var endpoint = _server.Services.GetRequiredService<HealthListener>().EndPoint ?? throw new InvalidOperationException("the health listener did not start");
            return new Uri($"http://{endpoint.Address}:{endpoint.Port}");
        }
    }

    [Fact]
    public async Task The_health_port_answers_liveness_and_readiness_as_the_rest_port_does()
    {
        using var http = new HttpClient { BaseAddress = HealthUri, Timeout = TimeSpan.FromSeconds(60) };
        Assert.NotEqual(_server.RestUri.Port, HealthUri.Port);

        using (var live = await http.GetAsync("/health/live"))
        using (var ready = await http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var readiness = _server.Services.GetRequiredService<ReadinessCheck>();
        readiness.NotReady("test: no topology loaded");
        try
        {
            using var live = await http.GetAsync("/health/live");
            using var ready = await http.GetAsync("/health/ready");
            using var restReady = await _server.Http("").GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("test: no topology loaded", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, restReady.StatusCode);
        }
        finally
        {
            readiness.Ready();
        }

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health/live"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Theory]
    [InlineData("GET /api/v1/sites HTTP/1.1\r\nHost: x\r\n\r\n", 404, "/health/live")]
    [InlineData("POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405, "GET and HEAD")]
    [InlineData("NONSENSE\r\n\r\n", 400, "HTTP/1.x")]
    public async Task Anything_else_on_the_health_port_is_a_problem_with_a_detail(string request, int status, string detail)
    {
        var (answered, head, body) = await RawHttp.SendAsync(HealthUri, request);

        Assert.Equal(status, answered);
        Assert.Contains("application/problem+json", head, StringComparison.Ordinal);
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Contains(detail, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
