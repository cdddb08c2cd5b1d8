using System.Net;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.TestKit.Processes;
using Xunit;

namespace Continuum.Pce.Api.Tests.Conventions;

/// <summary>The server as a process on a shared host: its own Orleans ports by default, and a quiet Ctrl+C.</summary>
public sealed class ProcessConventionsTests
{
    [Fact]
    public async Task Two_servers_on_one_host_without_Orleans_port_options_both_become_ready_and_serve_independently()
    {
        var dataA = Directory.CreateTempSubdirectory("pce-ports-a").FullName;
        var dataB = Directory.CreateTempSubdirectory("pce-ports-b").FullName;
        var starting = (A: ServerChild.StartAsync(new ServerChildOptions { Name = "a", DataDirectory = dataA, Settings = ["--Pce:Emulator:Port=0"] }),
            B: ServerChild.StartAsync(new ServerChildOptions { Name = "b", DataDirectory = dataB, Settings = ["--Pce:Emulator:Port=0"] }));
        try
        {
            await Task.WhenAll(starting.A, starting.B);
        }
        catch
        {
            foreach (var started in new[] { starting.A, starting.B }.Where(t => t.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }

            throw;
        }

        await using var a = await starting.A;
        await using var b = await starting.B;

        var portsA = OrleansLine(a);
        var portsB = OrleansLine(b);
        Assert.NotEqual(portsA.Trim(), portsB.Trim());
        Assert.DoesNotContain("11111", portsA + portsB, StringComparison.Ordinal);

        // Each its own cluster: a key issued by one is unknown to the other, and both compute paths.
        using var httpA = a.Http(await File.ReadAllTextAsync(Path.Combine(dataA, "admin-api-key")).ContinueWith(t => t.Result.Trim(), TaskScheduler.Default));
        using var httpB = b.Http(await File.ReadAllTextAsync(Path.Combine(dataB, "admin-api-key")).ContinueWith(t => t.Result.Trim(), TaskScheduler.Default));
        var (issued, key) = await httpA.PostAsync("/api/v1/keys", new { name = "only-on-a", role = "viewer" });
        Assert.Equal(201, issued);
        using var foreign = b.Http(key.Str("key"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await foreign.GetAsync("/api/v1/sites")).StatusCode);
        Assert.Equal(200, (await httpA.PostAsync("/api/v1/paths/compute", new { source = "FRA", destination = "PAR", rateGbps = 100 })).Status);
        Assert.Equal(200, (await httpB.PostAsync("/api/v1/paths/compute", new { source = "FRA", destination = "PAR", rateGbps = 100 })).Status);
    }

    private static string OrleansLine(ServerChild server) =>
        server.Output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("orleans ", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"{server.Name} printed no Orleans ports:\n{server.Output}");

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Ctrl_C_or_SIGTERM_stops_the_server_with_exit_code_0_and_no_warnings_or_stack_traces(string signal)
    {
        var data = Directory.CreateTempSubdirectory("pce-sig" + signal).FullName;

        // Warnings of every component, Orleans' included, as a user's terminal shows them.
        // Ctrl+C from a terminal: SIGINT with its default handling, whatever this test run inherited.
        await using var server = await ServerChild.StartAsync(new ServerChildOptions
        {
            Name = "sig" + signal,
            DataDirectory = data,
            PickSiloPorts = true,
            DefaultSignals = true,
            Settings = ["--Pce:Emulator:Port=0", "--Logging:LogLevel:Default=Information", "--Logging:LogLevel:Orleans=Warning", "--Logging:LogLevel:Microsoft.Orleans=Warning"],
        });
        // The telemetry subscriptions are up (their cancellation was what warned at shutdown). The line may come before
        // readiness or after it: read the whole output.
        await server.WaitForLineAsync(l => l.Contains("telemetry: watching", StringComparison.Ordinal), TimeSpan.FromMinutes(3));

        using (var http = server.Http((await File.ReadAllTextAsync(Path.Combine(data, "admin-api-key"))).Trim()))
        {
            Assert.Equal(201, (await http.PostAsync("/api/v1/lightpaths", new { source = "AMS", destination = "RTM", rateGbps = 100 })).Status);
        }

        var before = server.Output.Length;
        server.Signal(signal);
        var exit = await server.WaitForExitAsync(TimeSpan.FromMinutes(1));

        var output = server.Output;
        var shutdown = output[before..];
        Assert.True(exit == 0, $"exit code {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none within 1 min"}; output:\n{output}");
        var bad = shutdown.Split('\n')
            .Where(l => l.StartsWith("   at ", StringComparison.Ordinal) || l.Contains("      at ", StringComparison.Ordinal) ||
                        l.Contains("warn:", StringComparison.Ordinal) || l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal))
            // The Orleans watchdog reports a starved CPU (the shared test machine), not the shutdown.
            .Where(l => !l.Contains("Orleans.Runtime.Watchdog", StringComparison.Ordinal))
            // So does Orleans' "Stopping lifecycle stage '…' took '…'", a warning when a stage outlasts its budget on a
            // loaded machine (seen at load 50): a measure of the machine, with no exception or stack trace.
            .Where(l => !l.Contains("LifecycleSubject", StringComparison.Ordinal))
            .ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} warning or stack trace lines at shutdown; whole output:\n{output}");
        Assert.Contains("Application is shutting down", shutdown, StringComparison.Ordinal);
    }
}
