using System.Collections.Concurrent;
using System.Diagnostics;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Southbound.Gnmi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;
using DataType = Gnmi.GetRequest.Types.DataType;

namespace Continuum.Pce.Api.Tests;

/// <summary>
/// Issue 25: the emulator child process killed while the server is creating lightpaths. The server notices, reports
/// its nodes unreachable (node-unreachable alarms) and not ready, starts the emulator again on the same port, pushes
/// the live lightpaths back to it, clears the alarms and is ready again; creates succeed again.
/// </summary>
public sealed class EmulatorSupervisionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Emulator_killed_under_load_is_restarted_with_alarms_raised_then_cleared_and_lightpaths_back_on_devices()
    {
        var server = await PceTestServer.StartAsync(null, "topologies/continuum-demo.json", emulatorLauncher: null, "--Pce:Emulator:RestartInitialDelay=00:00:00.200");
        try
        {
            var devices = server.Services.GetRequiredService<DevicePlane>();
            var supervisor = server.Services.GetRequiredService<EmulatorSupervisor>();
            var health = server.Services.GetRequiredService<DevicePlaneHealth>();
            var book = server.Services.GetRequiredService<AlarmBook>();
            var first = Assert.IsType<ChildProcessEmulator>(devices.Emulator);
            using var http = server.Http();

            var (created, kept) = await http.PostAsync("/api/v1/lightpaths", new { id = "kept-across-crash", source = "FRA", destination = "PAR", rateGbps = 400 });
            Assert.True(created == 201, kept.ToString());

            // Alarms on FRA-ROADM, and the readiness of the device plane at the moment each was raised or cleared.
            var raised = new TaskCompletionSource<HealthStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            var cleared = new TaskCompletionSource<HealthStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            var restarted = new TaskCompletionSource<IDeviceEmulator>(TaskCreationOptions.RunContinuationsAsynchronously);
            book.Changed += change =>
            {
                if (change.Alarm.Kind == AlarmKind.NodeUnreachable && change.Alarm.Resource == AlarmConditions.NodeResource("FRA-ROADM"))
                {
                    var status = health.CheckHealthAsync(null!).GetAwaiter().GetResult().Status;
                    _ = change.Kind switch
                    {
                        AlarmChangeKind.Raised => raised.TrySetResult(status),
                        AlarmChangeKind.Cleared => cleared.TrySetResult(status),
                        _ => false,
                    };
                }
            };
            supervisor.Restarted += emulator => restarted.TrySetResult(emulator);

            // Load: creates and deletes in a loop on two other pairs until the restart is seen and one more round succeeds.
            using var stopLoad = new CancellationTokenSource();
            var outcomes = new ConcurrentBag<int>();
            var load = Task.WhenAll(new[] { ("AMS", "BER"), ("MUC", "LYS") }.Select(pair => Task.Run(async () =>
            {
                using var client = server.Http();
                while (!stopLoad.IsCancellationRequested)
                {
                    var (status, lp) = await client.PostAsync("/api/v1/lightpaths", new { source = pair.Item1, destination = pair.Item2, rateGbps = 100 });
                    outcomes.Add(status);
                    if (status == 201)
                    {
                        await client.SendAsync(HttpMethod.Delete, $"/api/v1/lightpaths/{lp.Str("id")}");
                    }
                }
            })));
            await WaitUntil(() => outcomes.Count >= 2);

            using (var child = Process.GetProcessById(first.ProcessId))
            {
                child.Kill();
            }

            Assert.Equal(HealthStatus.Unhealthy, await raised.Task.WaitAsync(Bound));
            var second = await restarted.Task.WaitAsync(Bound);
            Assert.Equal(HealthStatus.Healthy, await cleared.Task.WaitAsync(Bound));
            using (var ready = await http.GetAsync("/health/ready"))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            }

            var restartedChild = Assert.IsType<ChildProcessEmulator>(second);
            Assert.NotEqual(first.ProcessId, restartedChild.ProcessId);
            Assert.Equal(first.Address, second.Address); // the same port: the gNMI channels and node bindings stay valid
            Assert.Same(second, devices.Emulator);
            Assert.DoesNotContain(book.All(null), a => a.Kind == AlarmKind.NodeUnreachable);

            // The live lightpath's configuration is back on the restarted (empty at start) emulator.
            await using (var roadm = new GnmiClient(new GnmiDeviceOptions { Address = second.Address, Target = "FRA-ROADM", UseTls = false }))
            {
                var channels = string.Join("", await roadm.GetJsonAsync("/wavelength-router/media-channels", DataType.Config));
                Assert.Contains("kept-across-crash-az", channels, StringComparison.Ordinal);
            }

            // Creates succeed again under the same load.
            var before = outcomes.Count(s => s == 201);
            await WaitUntil(() => outcomes.Count(s => s == 201) > before + 2);
            await stopLoad.CancelAsync();
            await load.WaitAsync(Bound);
            Assert.Equal(1, supervisor.Restarts);
        }
        finally
        {
            await server.DisposeAndDeleteAsync();
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(50, deadline.Token); // polls a counter the load loop updates; bounded by the deadline
        }
    }
}
