using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// Issue 21 through REST: a delete whose device cleanup is refused is not "Deleted" — 202, the lightpath Deleting with
/// the failure, its spectrum still claimed and an alarm raised — until the server's retry clears the devices. Own
/// server with the emulator in process (the test refuses a removal with its fault injection).
/// </summary>
public sealed class DeviceCleanupApiTests
{
    [Fact]
    public async Task Delete_refused_by_a_device_answers_202_keeps_the_spectrum_raises_an_alarm_and_the_retry_finishes_it()
    {
        var server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", new InProcessEmulatorLauncher(), "--Pce:Reservation:CleanupRetryInitial=00:00:01");
        try
        {
            using var http = server.Http();
            var (created, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "FRA", destination = "PAR", rateGbps = 100 });
            Assert.True(created == 201, lp.ToString());
            var id = lp.Str("id");
            var fiber = lp.GetProperty("fibers")[0].GetString()!;
            var roadm = lp.GetProperty("nodes").EnumerateArray().Last().GetString()!;
            var emulator = (InProcessEmulator)server.Services.GetRequiredService<DevicePlane>().Emulator!;
            emulator.Host.Emulator.RejectNextSet(roadm, StatusCode.Unavailable, "line card reboot");

            var (status, deleting) = await http.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{id}");
            var (_, spectrum) = await http.GetJsonAsync($"/api/v1/fibers/{fiber}/spectrum");
            var alarm = await Poll.UntilAsync(async () =>
            {
                var (_, alarms) = await http.GetJsonAsync($"/api/v1/alarms?kind=lightpath-cleanup-failed&state=active");
                return alarms.GetProperty("items").EnumerateArray().Any(a => a.Str("resource").Contains(id, StringComparison.Ordinal));
            }, TimeSpan.FromSeconds(30));

            Assert.Equal(202, status);
            Assert.Equal("Deleting", deleting.Str("state"));
            Assert.Contains(roadm, deleting.Str("cleanupFailure"), StringComparison.Ordinal);
            Assert.Contains(spectrum.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == id);
            Assert.True(alarm);

            // The server retries (back-off from 1 s here) and finishes the delete; the alarm clears.
            var done = await Poll.UntilAsync(async () => (await http.GetJsonAsync($"/api/v1/lightpaths/{id}")).Body.Str("state") == "Deleted", TimeSpan.FromSeconds(60));
            var (_, after) = await http.GetJsonAsync($"/api/v1/fibers/{fiber}/spectrum");
            var cleared = await Poll.UntilAsync(async () =>
            {
                var (_, alarms) = await http.GetJsonAsync($"/api/v1/alarms?kind=lightpath-cleanup-failed&state=active");
                return !alarms.GetProperty("items").EnumerateArray().Any(a => a.Str("resource").Contains(id, StringComparison.Ordinal));
            }, TimeSpan.FromSeconds(30));

            Assert.True(done);
            Assert.DoesNotContain(after.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == id);
            Assert.True(cleared);
        }
        finally
        {
            await server.DisposeAndDeleteAsync();
        }
    }
}

/// <summary>Bounded polling of a condition the server reaches by itself (no blind sleeps).</summary>
internal static class Poll
{
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        while (!await condition())
        {
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }
}
