using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi;
using Continuum.Pce.TestKit.Processes;
using Xunit;
using GetRequest = Gnmi.GetRequest;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// The server as a new user starts it: `dotnet run --project src/Continuum.Pce.Api` in a child process (Release, already
/// built by the test run, on free loopback ports and its own data directory). A lightpath is created over REST, its
/// configuration read back from the emulated devices over gNMI, seen in /metrics, deleted; then the server is killed
/// and started again on the same data: every lightpath is as it was and the devices have their configuration back.
/// </summary>
public sealed partial class EndToEndTests
{
    [Fact]
    public async Task Readme_command_serves_a_lightpath_end_to_end_and_keeps_state_across_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "pce-e2e", Guid.NewGuid().ToString("N"));
        var start = new ServerChildOptions { Name = "first", Launch = ServerLaunch.DotnetRun(ServerLaunch.RepositoryRoot()), DataDirectory = data };
        try
        {
            string adminKey;
            string keptId;
            string keptFiber;
            await using (var first = await ServerChild.StartAsync(start))
            {
                adminKey = first.AdminKey ?? throw new InvalidOperationException("the first start printed no admin key:\n" + first.Output);
                using var http = first.Http(adminKey);

                var (status, lp) = await http.PostAsync("/api/v1/lightpaths", new { source = "FRA", destination = "PAR", rateGbps = 400 });
                Assert.True(status == 201, lp.ToString());
                Assert.Equal("Active", lp.Str("state"));
                var id = lp.Str("id");

                // The configuration is on the devices: the source ROADM holds the media channel, the transponder its optical channel.
                await using (var roadm = new GnmiClient(new GnmiDeviceOptions { Address = first.EmulatorAddress!, Target = "FRA-ROADM", UseTls = false }))
                {
                    var channels = string.Join("", await roadm.GetJsonAsync("/wavelength-router/media-channels", GetRequest.Types.DataType.Config));
                    Assert.Contains($"{id}-az", channels);
                }

                await using (var transponder = new GnmiClient(new GnmiDeviceOptions { Address = first.EmulatorAddress!, Target = "FRA-TRX", UseTls = false }))
                {
                    var components = string.Join("", await transponder.GetJsonAsync("/components", GetRequest.Types.DataType.Config));
                    Assert.Contains("frequency", components);
                }

                var metrics = await http.GetStringAsync("/metrics");
                Assert.Matches(ActiveGauge(), metrics);

                var (deleted, gone) = await http.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{id}");
                Assert.Equal(200, deleted);
                Assert.Equal("Deleted", gone.Str("state"));

                var (_, kept) = await http.PostAsync("/api/v1/lightpaths", new { id = "e2e-kept", source = "AMS", destination = "BER", rateGbps = 100 });
                keptId = kept.Str("id");
                keptFiber = kept.GetProperty("fibers")[0].GetString()!;
                Assert.Equal("Active", kept.Str("state"));
                first.Kill();
            }

            await using var second = await ServerChild.StartAsync(start with { Name = "second" });
            using var again = second.Http(adminKey);
            Assert.Null(second.AdminKey);

            var (_, keptAfter) = await again.GetJsonAsync($"/api/v1/lightpaths/{keptId}");
            var (_, spectrum) = await again.GetJsonAsync($"/api/v1/fibers/{keptFiber}/spectrum");
            var (_, list) = await again.GetJsonAsync("/api/v1/lightpaths?state=Deleted");
            Assert.Equal("Active", keptAfter.Str("state"));
            // Held or Committed: a confirm is made durable with the fibre's next write (a hold of a committed attempt resolves to Committed either way).
            Assert.Contains(spectrum.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == keptId);
            Assert.Single(list.GetProperty("items").EnumerateArray());

            // The restarted emulator starts empty; the server pushes every live lightpath back before it is ready, and a
            // push that fails then (a device not answering yet on a loaded machine) is retried with back-off: wait for it,
            // bounded, and keep the server's whole output if it never comes.
            await using var roadmAgain = new GnmiClient(new GnmiDeviceOptions { Address = second.EmulatorAddress!, Target = "AMS-ROADM", UseTls = false });
            var clock = Stopwatch.StartNew();
            var pushed = "";
            while (!pushed.Contains($"{keptId}-az", StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"AMS-ROADM never got {keptId}'s media channel back ({pushed}); the server said:\n{second.Output}");
                try
                {
                    pushed = string.Join("", await roadmAgain.GetJsonAsync("/wavelength-router/media-channels", GetRequest.Types.DataType.Config));
                }
                catch (global::Grpc.Core.RpcException e) when (e.StatusCode == global::Grpc.Core.StatusCode.NotFound)
                {
                    await Task.Delay(200); // nothing pushed yet
                }
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(1))
            {
                Console.WriteLine($"the restarted server pushed the kept lightpath after {clock.Elapsed.TotalSeconds:F1} s more:\n{second.Output}");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    [GeneratedRegex("""pce_lightpaths\{[^}]*state="Active"[^}]*\} [1-9]""")]
    private static partial Regex ActiveGauge();
}
