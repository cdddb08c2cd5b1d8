using Continuum.Pce.Api.Testing;
using Xunit;

namespace Continuum.Pce.Api.Tests.Tenancy;

/// <summary>Pce:Metrics:RequireKey=false opens /metrics to scrapers without a key (the default, a key, is proved in SecurityTests).</summary>
public sealed class MetricsKeyTests
{
    [Fact]
    public async Task Metrics_RequireKeyOff_AnswersWithoutAKey()
    {
        var server = await PceTestServer.StartAsync(settings: ["--Pce:Metrics:RequireKey=false", "--Pce:Telemetry=false"]);
        try
        {
            using var anonymous = server.Http("");

            var metrics = await anonymous.GetAsync("/metrics");
            var api = await anonymous.GetAsync("/api/v1/sites");

            Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, api.StatusCode);
        }
        finally
        {
            await server.DisposeAndDeleteAsync();
        }
    }
}
