using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Grains.Lightpaths;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>Pce:Retention:HistoryEntries: a lightpath that keeps changing keeps a bounded history, and says how much it dropped.</summary>
public sealed class LightpathHistoryTrimTests
{
    [Fact]
    public async Task A_lightpath_rerouted_again_and_again_keeps_the_request_and_the_newest_events_and_the_GET_shows_how_many_were_trimmed()
    {
        var server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", "--Pce:Retention:HistoryEntries=3", "--Pce:Telemetry=false");
        try
        {
            using var http = server.Http();
            var (created, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "SXB", destination = "STR", rateGbps = 100 });
            Assert.Equal(201, created);
            var id = lp.Str("id");
            var trimmed = new List<int>();
            for (var i = 0; i < 4; i++)
            {
                var (_, current) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}");
                var fibers = current.GetProperty("fibers").EnumerateArray().Select(f => f.GetString()!).ToArray();
                var (status, moved) = await http.PostAsync($"/api/v1/lightpaths/{id}/reroute", new { constraints = new { excludeFibers = fibers } });
                Assert.Equal(200, status);
                Assert.Equal("Active", moved.Str("state"));

                var (_, history) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}/history");
                var events = history.GetProperty("events").EnumerateArray().ToList();
                Assert.Equal(4, events.Count); // the request and the newest three
                Assert.Equal("Requested", events[0].Str("to"));
                Assert.Equal("Active", events[^1].Str("to"));
                var (_, after) = await http.GetJsonAsync($"/api/v1/lightpaths/{id}");
                Assert.Equal(history.GetProperty("trimmed").GetInt32(), after.GetProperty("historyTrimmed").GetInt32());
                trimmed.Add(after.GetProperty("historyTrimmed").GetInt32());
            }

            // Every reroute added events, and every one was counted as it left the bounded history.
            Assert.True(trimmed[0] >= 2, $"trimmed {string.Join(", ", trimmed)}"); // the create alone: 5 events, 4 kept
            Assert.True(trimmed.Zip(trimmed.Skip(1)).All(p => p.Second > p.First), $"trimmed {string.Join(", ", trimmed)}");

            // What the store holds is as bounded as what the API shows.
            var stored = await server.Services.GetRequiredService<LightpathDirectory>().ReadStateAsync($"default/{id}");
            Assert.NotNull(stored?.Record);
            Assert.Equal(4, stored.Record.History.Length);
            Assert.Equal(trimmed[^1], stored.HistoryTrimmed);
        }
        finally
        {
            await server.DisposeAndDeleteAsync();
        }
    }
}
