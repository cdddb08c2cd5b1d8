using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Continuum.Pce.Api.Tests.Support;

/// <summary>`dotnet run --project src/Continuum.Pce.Api` in a child process, ready when it prints its banner.</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
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

    public static async Task<ServerProcess> StartAsync(string data, (int RestPort, int GrpcPort, int SiloPort, int GatewayPort) ports, params string[] settings)
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
        }.Concat(settings))
        {
            info.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(info)!, ports.RestPort) { GrpcPort = ports.GrpcPort };
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

    public int GrpcPort { get; private init; }

    /// <summary>A gRPC channel to the server's HTTP/2 endpoint.</summary>
    public global::Grpc.Net.Client.GrpcChannel Grpc() => global::Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");

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
