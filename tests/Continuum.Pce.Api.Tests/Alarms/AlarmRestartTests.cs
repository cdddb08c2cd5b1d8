using System.Text.Json;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Api.Tests.Alarms;

/// <summary>Alarms are durable: a restart keeps them (ids and acknowledgements), and clears those whose condition went away meanwhile.</summary>
public sealed class AlarmRestartTests
{
    [Fact]
    public async Task Alarms_SurviveARestart_AndThoseWhoseConditionIsGoneClearAtStart()
    {
        var first = await PceTestServer.StartAsync();
        var data = first.DataDirectory;
        string fiberAlarm, acknowledgedBy, staleAlarm;
        try
        {
            using var http = first.Http();
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IFiberGrain>("LIL-PAR").SetUp(false);
            fiberAlarm = (await Single(http, "resource=fiber:LIL-PAR")).Str("id");
            var (status, acknowledged) = await http.PostAsync($"/api/v1/alarms/{fiberAlarm}/acknowledge", new { });
            Assert.Equal(200, status);
            acknowledgedBy = acknowledged.Str("acknowledgedBy");

            // A lightpath the store does not hold: its alarm's condition is gone by the next start.
            var ghost = new LightpathView("ghost-" + Guid.NewGuid().ToString("N")[..8], "acme", LightpathState.Degraded, "FRA-TRX", "PAR-TRX", 400);
            var book = first.Services.GetRequiredService<AlarmBook>();
            book.Apply(AlarmConditions.ForLightpath(ghost));
            staleAlarm = (await Single(http, $"resource=lightpath:{ghost.Id}")).Str("id");
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = await PceTestServer.StartAsync(data);
        try
        {
            using var http = second.Http();
            var fiber = await Single(http, "resource=fiber:LIL-PAR");
            var stale = await Single(http, $"state=all&kind=lightpath-degraded&tenant=acme", untilState: "cleared");

            Assert.Equal(fiberAlarm, fiber.Str("id"));
            Assert.Equal("active", fiber.Str("state"));
            Assert.Equal(acknowledgedBy, fiber.Str("acknowledgedBy"));
            Assert.Equal(staleAlarm, stale.Str("id"));
            Assert.Equal("cleared", stale.Str("state"));

            await second.Services.GetRequiredService<IGrainFactory>().GetGrain<IFiberGrain>("LIL-PAR").SetUp(true);
            var repaired = await Single(http, "resource=fiber:LIL-PAR&state=all", untilState: "cleared");
            Assert.Equal("cleared", repaired.Str("state"));
        }
        finally
        {
            await second.DisposeAndDeleteAsync();
        }
    }

    /// <summary>
    /// The one alarm a query matches. Alarms follow the change feed, which a server seeds from the store after it is
    /// ready: the alarm may appear a moment after the change (bounded wait; a second match fails at once).
    /// </summary>
    private static async Task<JsonElement> Single(HttpClient http, string query, string? untilState = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (status, page) = await http.GetJsonAsync($"/api/v1/alarms?{query}");
            Assert.Equal(200, status);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            if ((items.Count > 1 || (items.Count == 1 && (untilState is null || items[0].Str("state") == untilState))) || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                return Assert.Single(items);
            }

            await Task.Delay(100);
        }
    }
}
