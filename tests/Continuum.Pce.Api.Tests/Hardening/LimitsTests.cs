using System.Net.Http.Json;
using System.Text.Json;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Xunit;
using PceService = Continuum.Pce.Contracts.V1.Pce;

namespace Continuum.Pce.Api.Tests.Hardening;

/// <summary>A server with tight limits (no devices): 1 request per second per key after a burst of 5; one large body at a time, none queued.</summary>
public sealed class LimitedServerFixture : IAsyncLifetime
{
    public PceTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json",
        "--Pce:Emulator:Enabled=false", "--Devices:Renderer=none", "--Pce:Telemetry=false",
        "--Pce:Limits:RequestsPerSecond=1", "--Pce:Limits:Burst=5",
        "--Pce:Limits:LargeBodyConcurrency=1", "--Pce:Limits:LargeBodyQueue=0");

    public Task DisposeAsync() => Server.DisposeAndDeleteAsync();

    /// <summary>A fresh viewer key, with a full bucket of its own (issuing it spends one of the admin's requests).</summary>
    public async Task<string> NewViewerKeyAsync()
    {
        using var http = Server.Http();
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync("/api/v1/keys", new { name = $"v-{Guid.NewGuid():N}", role = "viewer", tenant = "t" });
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
            }

            // The admin's own bucket is shared by the tests: wait the time the server names, a bounded number of times.
            Assert.True((int)response.StatusCode == 429 && attempt < 60, await response.Content.ReadAsStringAsync());
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(response.Headers.RetryAfter!.ToString())));
        }
    }
}

public sealed class LimitsTests(LimitedServerFixture fixture) : IClassFixture<LimitedServerFixture>
{
    [Fact]
    public async Task Requests_over_a_keys_rate_are_429_problems_with_retry_after_while_other_keys_and_health_are_served()
    {
        var flooder = await fixture.NewViewerKeyAsync();
        var other = await fixture.NewViewerKeyAsync();
        using var http = fixture.Server.Http(flooder);
        using var anonymous = fixture.Server.Http("");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await http.GetAsync("/api/v1/sites"));
        }

        var health = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            using var live = await anonymous.GetAsync("/health/live");
            health.Add((int)live.StatusCode);
        }

        using var otherKey = fixture.Server.Http(other);
        using var otherAnswer = await otherKey.GetAsync("/api/v1/sites");

        var refused = answers.Where(a => (int)a.StatusCode == 429).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers, a => Assert.True((int)a.StatusCode is 200 or 429));
        var first = refused[0];
        Assert.True(int.Parse(first.Headers.RetryAfter!.ToString()) >= 1);
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        var problem = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Pce:Limits:RequestsPerSecond", problem.GetProperty("detail").GetString());
        Assert.All(health, s => Assert.Equal(200, s));
        Assert.Equal(200, (int)otherAnswer.StatusCode);
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task Grpc_calls_over_the_rate_are_resource_exhausted()
    {
        var key = await fixture.NewViewerKeyAsync();
        var client = new PceService.PceClient(fixture.Server.Grpc());
        var auth = new Metadata { { "x-api-key", key } };

        var codes = new List<StatusCode>();
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await client.ListSitesAsync(new ListSitesRequest(), auth);
                codes.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                codes.Add(e.StatusCode);
                Assert.Contains("RequestsPerSecond", e.Status.Detail);
            }
        }

        Assert.Contains(StatusCode.ResourceExhausted, codes);
        Assert.All(codes, c => Assert.True(c is StatusCode.OK or StatusCode.ResourceExhausted, c.ToString()));
    }

    [Fact]
    public async Task A_large_body_request_beyond_the_concurrency_limit_is_429_while_one_is_being_read()
    {
        var key = await fixture.NewViewerKeyAsync();
        // The first request holds the only large-body permit while its body stalls (it ends in 408 after the grace period).
        var stalled = RawHttp.SendAsync(fixture.Server.RestUri,
            $"POST /api/v1/topology/validate HTTP/1.1\r\nHost: a\r\nX-API-Key: {key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"name\":");
        var other = await fixture.NewViewerKeyAsync();
        using var http = fixture.Server.Http(other);

        // Bounded: the stalled request takes its permit as soon as the server has its headers.
        int status = 0;
        JsonElement problem = default;
        for (var attempt = 0; attempt < 5 && status != 429 && !stalled.IsCompleted; attempt++)
        {
            using var response = await http.PostAsync("/api/v1/topology/validate", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            status = (int)response.StatusCode;
            problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var (stalledStatus, _, _) = await stalled;
        Assert.Equal(429, status);
        Assert.Contains("LargeBodyConcurrency", problem.GetProperty("detail").GetString());
        Assert.Equal(408, stalledStatus);
    }
}
