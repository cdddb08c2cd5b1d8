using System.Text.Json;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Cli.Tests.Server;

/// <summary>`pce alarms` with filters and `pce alarms ack` against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class AlarmCommandTests(ServerFixture server)
{
    [Fact]
    public async Task AlarmsAck_AcknowledgesWithoutClearing_AndTheListShowsIt()
    {
        var book = server.Server.Services.GetRequiredService<AlarmBook>();
        var view = new LightpathView("cli-" + Guid.NewGuid().ToString("N")[..8], "default", LightpathState.Degraded, "FRA-TRX", "PAR-TRX", 400);
        book.Apply(AlarmConditions.ForLightpath(view));
        var resource = AlarmConditions.LightpathResource(view.Id);

        var listed = await server.Run("alarms", "--resource", resource, "--severity", "major", "-o", "json");
        var id = Assert.Single(listed.Json.EnumerateArray()).GetProperty("id").GetString()!;
        var ack = await server.Run("alarms", "ack", id, "-o", "json");
        var after = await server.Run("alarms", "--resource", resource, "--state", "all", "-o", "json");

        Assert.True(ack.Exit == 0, ack.ToString());
        var alarm = Assert.Single(after.Json.EnumerateArray());
        Assert.Equal("cli-operator", alarm.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("active", alarm.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, alarm.GetProperty("clearedAt").ValueKind);
    }

    [Fact]
    public async Task AlarmsAck_UnknownId_ExitsOne_AndABadStateExitsTwo()
    {
        var unknown = await server.Run("alarms", "ack", "al-doesnotexist");
        var bad = await server.Run("alarms", "--state", "gone");

        Assert.True(unknown.Exit == 1, unknown.ToString());
        Assert.True(bad.Exit == 2, bad.ToString());
        Assert.Contains("state", bad.Err, StringComparison.Ordinal);
    }
}
