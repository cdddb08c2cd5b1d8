using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Continuum.Pce.Fuzz.Tests.Support;

/// <summary>
/// The server (Continuum.Pce.Api.dll, copied next to these tests) as a child process on loopback ports, authentication
/// on, SQLite in a temporary data directory, the emulator its own child. As the grain tests' ChildHost does: output read
/// line by line and kept whole for failure messages, every wait bounded, disposing kills the process tree.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _output = [];

    private ServerProcess(Process process, string dataDirectory, int restPort, int grpcPort)
    {
        _process = process;
        DataDirectory = dataDirectory;
        RestUri = new Uri($"http://127.0.0.1:{restPort}");
        GrpcUri = new Uri($"http://127.0.0.1:{grpcPort}");
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data is null ? null : "stderr: " + e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }

    public Uri RestUri { get; }

    public Uri GrpcUri { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string AdminKey { get; private set; } = "";

    /// <summary>Starts the server and waits until /health/ready answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(params string[] settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "pce-fuzz", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var (rest, grpc) = (FreePort(), FreePort());
        var dll = Path.Combine(AppContext.BaseDirectory, "Continuum.Pce.Api.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in (string[])
                 [
                     $"--Pce:DataDirectory={dataDirectory}",
                     $"--Pce:RestUrl=http://127.0.0.1:{rest}",
                     $"--Pce:GrpcUrl=http://127.0.0.1:{grpc}",
                     $"--Pce:InitialTopology={Path.Combine(RepoRoot(), "topologies", "continuum-demo.json")}",
                     $"--Clustering:SiloPort={FreePort()}",
                     $"--Clustering:GatewayPort={FreePort()}",
                     $"--Clustering:ClusterId=fuzz-{Guid.NewGuid():N}",
                     "--Logging:LogLevel:Default=Warning",
                     "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
                     .. settings,
                 ])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the server"), dataDirectory, rest, grpc);
        await server.WaitReadyAsync(TimeSpan.FromMinutes(3));
        server.AdminKey = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin-api-key"))).Trim();
        return server;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        // The lifetime's "Application started" line first (an event, not a poll), then readiness (topology loaded, devices bound).
        await WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), timeout);
        using var http = new HttpClient { BaseAddress = RestUri, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var ready = await http.GetAsync("/health/ready");
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"the server did not become ready within {timeout}; output:\n{Output()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Reads lines until one satisfies <paramref name="predicate"/>; fails after <paramref name="timeout"/> or at end of output.</summary>
    public async Task WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    if (predicate(line))
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no matching line within {timeout}; output:\n{Output()}");
        }

        throw new InvalidOperationException($"the server ended without a matching line; output:\n{Output()}");
    }

    /// <summary>The server's resident set size now (bytes).</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>Everything the server wrote so far: a failure message carries the whole of it.</summary>
    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        _lines.Writer.TryWrite(line);
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Continuum.Pce.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
