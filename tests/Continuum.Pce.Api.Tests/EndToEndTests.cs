using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Continuum.Pce.Api.Testing;
using Continuum.Pce.Api.Tests.Support;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi;
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
        var ports = (RestPort: PceTestServer.FreePort(), GrpcPort: PceTestServer.FreePort(), SiloPort: PceTestServer.FreePort(), GatewayPort: PceTestServer.FreePort());
        try
        {
            string adminKey;
            string keptId;
            string keptFiber;
            await using (var first = await ServerProcess.StartAsync(data, ports))
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

            await using var second = await ServerProcess.StartAsync(data, ports);
            using var again = second.Http(adminKey);
            Assert.Null(second.AdminKey);

            var (_, keptAfter) = await again.GetJsonAsync($"/api/v1/lightpaths/{keptId}");
            var (_, spectrum) = await again.GetJsonAsync($"/api/v1/fibers/{keptFiber}/spectrum");
            var (_, list) = await again.GetJsonAsync("/api/v1/lightpaths?state=Deleted");
            Assert.Equal("Active", keptAfter.Str("state"));
            // Held or Committed: a confirm is made durable with the fibre's next write (a hold of a committed attempt resolves to Committed either way).
            Assert.Contains(spectrum.GetProperty("claims").EnumerateArray(), c => c.Str("lightpath") == keptId);
            Assert.Single(list.GetProperty("items").EnumerateArray());

            await using var roadmAgain = new GnmiClient(new GnmiDeviceOptions { Address = second.EmulatorAddress!, Target = "AMS-ROADM", UseTls = false });
            Assert.Contains($"{keptId}-az", string.Join("", await roadmAgain.GetJsonAsync("/wavelength-router/media-channels", GetRequest.Types.DataType.Config)));
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

    /// <summary>`dotnet run --project src/Continuum.Pce.Api` in a child process, ready when it prints its banner.</summary>
    private sealed partial class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly int _restPort;

        private ServerProcess(Process process, int restPort)
        {
            _process = process;
            _restPort = restPort;
        }

        public string? AdminKey { get; private set; }

        public string? EmulatorAddress { get; private set; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<ServerProcess> StartAsync(string data, (int RestPort, int GrpcPort, int SiloPort, int GatewayPort) ports)
        {
            var root = RepoRoot();
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "run", "--project", "src/Continuum.Pce.Api", "-c", "Release", "--no-build", "--",
                $"--Pce:DataDirectory={data}", $"--Pce:RestUrl=http://127.0.0.1:{ports.RestPort}", $"--Pce:GrpcUrl=http://127.0.0.1:{ports.GrpcPort}",
                $"--Clustering:SiloPort={ports.SiloPort}", $"--Clustering:GatewayPort={ports.GatewayPort}", "--Logging:LogLevel:Default=Warning",
            })
            {
                info.ArgumentList.Add(arg);
            }

            var server = new ServerProcess(Process.Start(info)!, ports.RestPort);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnLine(string? line)
            {
                if (line is null)
                {
                    ready.TrySetException(new InvalidOperationException("the server exited before it was ready:\n" + server.Output));
                    return;
                }

                lock (server._output)
                {
                    server._output.AppendLine(line);
                }

                if (KeyLine().Match(line) is { Success: true } key)
                {
                    server.AdminKey = key.Groups[1].Value;
                }

                if (EmulatorLine().Match(line) is { Success: true } emulator)
                {
                    server.EmulatorAddress = emulator.Groups[1].Value;
                }

                if (line.StartsWith("Try:", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }

            server._process.OutputDataReceived += (_, e) => OnLine(e.Data);
            server._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (server._output)
                    {
                        server._output.AppendLine(e.Data);
                    }
                }
            };
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            try
            {
                await ready.Task.WaitAsync(TimeSpan.FromSeconds(120));
            }
            catch (TimeoutException)
            {
                server.Kill();
                throw new TimeoutException("the server did not print its banner within 120 s:\n" + server.Output);
            }

            // The banner is printed just before Kestrel starts listening: wait for the liveness probe.
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.RestPort}") };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    // Not listening yet.
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("the server never became ready:\n" + server.Output);
                }

                await Task.Delay(50);
            }
        }

        public HttpClient Http(string key)
        {
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_restPort}"), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Add("X-API-Key", key);
            return client;
        }

        /// <summary>SIGKILL to the whole tree (dotnet run and the server): a crash, not a shutdown.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(30_000);
            }
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            _process.Dispose();
            return ValueTask.CompletedTask;
        }

        private static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }

        [GeneratedRegex(@"admin API key (pce_\S+)")]
        private static partial Regex KeyLine();

        [GeneratedRegex(@"gNMI emulator on (127\.0\.0\.1:\d+)")]
        private static partial Regex EmulatorLine();
    }
}
