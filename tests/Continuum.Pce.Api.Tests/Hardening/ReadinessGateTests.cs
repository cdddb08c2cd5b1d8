using System.Net;
using System.Text.Json;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Api.Tests.Hardening;

/// <summary>
/// Issue 26: until the server is ready every API call answers alike — 503 with Retry-After (REST a problem with a
/// detail, RESTCONF an ietf-restconf error, gRPC UNAVAILABLE) — while what makes it ready (topology, keys) and what is
/// outside the API (health, the OpenAPI document) still answer. A server of its own, put back to "not ready" the way it
/// starts (ReadinessCheck.NotReady), then ready again.
/// </summary>
public sealed class ReadinessGateTests : IAsyncLifetime
{
    private PceTestServer _server = null!;

    public async Task InitializeAsync() => _server = await PceTestServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAndDeleteAsync();

    [Fact]
    public async Task Every_rest_and_restconf_route_answers_503_with_retry_after_until_ready_and_serves_again_after()
    {
        var readiness = _server.Services.GetRequiredService<ReadinessCheck>();
        Assert.Null(_server.Services.GetRequiredService<HealthListener>().EndPoint); // no Pce:Probes:Port, no health listener
        var routes = _server.Services.GetServices<EndpointDataSource>().SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText ?? "")))
            .Where(r => r.Pattern.StartsWith("/api/v1", StringComparison.Ordinal) || r.Pattern.StartsWith("/restconf", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.True(routes.Count > 50, $"only {routes.Count} API routes found");
        using var http = _server.Http();

        readiness.NotReady("test: topology not yet followed");
        var wrong = new List<string>();
        foreach (var (method, pattern) in routes)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]*\}", "x");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var open = pattern.StartsWith("/api/v1/topology", StringComparison.Ordinal) || pattern.StartsWith("/api/v1/keys", StringComparison.Ordinal);
            if (open)
            {
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    wrong.Add($"{method} {pattern}: 503 although it is what makes the server ready");
                }

                continue;
            }

            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is not { TotalSeconds: > 0 })
            {
                wrong.Add($"{method} {pattern}: {(int)response.StatusCode} (Retry-After {response.Headers.RetryAfter}) {body}");
                continue;
            }

            using var json = JsonDocument.Parse(body);
            var detail = pattern.StartsWith("/restconf", StringComparison.Ordinal)
                ? json.RootElement.GetProperty("ietf-restconf:errors").GetProperty("error")[0].GetProperty("error-message").GetString()
                : json.RootElement.GetProperty("detail").GetString();
            if (detail?.Contains("not yet followed", StringComparison.Ordinal) != true)
            {
                wrong.Add($"{method} {pattern}: 503 without the reason: {body}");
            }
        }

        using (var live = await http.GetAsync("/health/live"))
        using (var ready = await http.GetAsync("/health/ready"))
        using (var openApi = await http.GetAsync("/openapi/v1.json"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        }

        readiness.Ready();
        using (var sites = await http.GetAsync("/api/v1/sites"))
        {
            Assert.Equal(HttpStatusCode.OK, sites.StatusCode);
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {routes.Count} routes answered otherwise:\n{string.Join('\n', wrong)}");
    }

    [Fact]
    public async Task Every_grpc_method_answers_unavailable_until_ready_except_loading_and_validating_a_topology()
    {
        var readiness = _server.Services.GetRequiredService<ReadinessCheck>();
        using var channel = _server.Grpc();
        var invoker = channel.CreateCallInvoker();
        var raw = Marshallers.Create<byte[]>(b => b, b => b);
        var headers = new Metadata { { "x-api-key", _server.AdminKey } };
        var methods = new[] { Contracts.V1.Pce.Descriptor, Contracts.V1.PceDefrag.Descriptor }.SelectMany(s => s.Methods).ToList();

        readiness.NotReady("test: starting");
        var wrong = new List<string>();
        foreach (var m in methods)
        {
            var method = new Method<byte[], byte[]>(m.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary, m.Service.FullName, m.Name, raw, raw);
            StatusCode code;
            string detail;
            try
            {
                if (m.IsServerStreaming)
                {
                    using var call = invoker.AsyncServerStreamingCall(method, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), []);
                    await call.ResponseStream.MoveNext(CancellationToken.None);
                }
                else
                {
                    await invoker.AsyncUnaryCall(method, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), []);
                }

                (code, detail) = (StatusCode.OK, "");
            }
            catch (RpcException e)
            {
                (code, detail) = (e.StatusCode, e.Status.Detail);
            }

            var open = m.Name is "LoadTopology" or "ValidateTopology";
            if (open ? code == StatusCode.Unavailable : code != StatusCode.Unavailable || !detail.Contains("test: starting", StringComparison.Ordinal))
            {
                wrong.Add($"{m.FullName}: {code} {detail}");
            }
        }

        readiness.Ready();
        var sites = await new Contracts.V1.Pce.PceClient(channel).ListSitesAsync(new Contracts.V1.ListSitesRequest(), headers);
        Assert.NotEmpty(sites.Sites);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {methods.Count} methods answered otherwise:\n{string.Join('\n', wrong)}");
    }
}
