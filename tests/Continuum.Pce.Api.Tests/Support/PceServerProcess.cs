using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Continuum.Pce.Api.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Continuum.Pce.Api.Tests.Support;

/// <summary>
/// The real server as a child process (the built Continuum.Pce.Api.dll next to the tests), REST and gRPC on free ports
/// read back from its banner, its own silo and gateway ports. Every wait reads its output (no polling, no sleeps) and
/// is bounded; a failed wait carries the child's whole output. Disposing kills it.
/// </summary>
public sealed class PceServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private readonly StringBuilder _all = new();
    private readonly Lock _gate = new();

    private PceServerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Line(e.Data, "");
        _process.ErrorDataReceived += (_, e) => Line(e.Data, "stderr: ");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Uri? RestUri { get; private set; }

    public Uri? GrpcUri { get; private set; }

    public bool Killed { get; private set; }

    /// <summary>Starts a server with <paramref name="settings"/> (command-line configuration, "--Section:Key=value").</summary>
    public static PceServerProcess Start(string name, params string[] settings) => Start(name, siloPorts: true, settings);

    /// <summary>Starts a server; without <paramref name="siloPorts"/> it is given no Orleans ports (its own defaults apply).</summary>
    public static PceServerProcess Start(string name, bool siloPorts, params string[] settings) => Start(name, siloPorts, defaultSignals: false, settings);

    /// <summary>
    /// Starts a server; with <paramref name="defaultSignals"/> through coreutils' <c>env --default-signal</c>, which
    /// gives the server SIGINT's default handling even when this test process inherited it ignored (a test run started
    /// in the background: POSIX shells ignore SIGINT for background jobs, the ignore is inherited, and .NET then keeps
    /// Ctrl+C ignored as a shell's child would). <c>env</c> execs the server, so the process id stays the server's.
    /// </summary>
    public static PceServerProcess Start(string name, bool siloPorts, bool defaultSignals, params string[] settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Continuum.Pce.Api.dll");
        var info = new ProcessStartInfo(defaultSignals ? "env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        if (defaultSignals)
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(dll);
        string[] args =
        [
            "--Pce:RestUrl=http://127.0.0.1:0",
            "--Pce:GrpcUrl=http://127.0.0.1:0",
            .. siloPorts ? [$"--Clustering:SiloPort={PceTestServer.FreePort()}", $"--Clustering:GatewayPort={PceTestServer.FreePort()}"] : Array.Empty<string>(),
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Continuum.Pce.Api.Hosting.Bootstrap=Information",
            "--Logging:LogLevel:Orleans=Error",
            "--Logging:LogLevel:Microsoft.Orleans=Error",
            .. settings,
        ];
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Workstation GC: three servers and the tests share two cores and their memory.
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return new PceServerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the server"), name);
    }

    /// <summary>Waits for the banner (REST and gRPC addresses) and for the line that says a topology is in effect (ready).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var rest = await WaitForLineAsync(l => l.TrimStart().StartsWith("REST ", StringComparison.Ordinal), deadline - DateTime.UtcNow);
        RestUri = new Uri(rest.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Replace("api/v1", "", StringComparison.Ordinal));
        var grpc = await WaitForLineAsync(l => l.TrimStart().StartsWith("gRPC ", StringComparison.Ordinal), deadline - DateTime.UtcNow);
        GrpcUri = new Uri(grpc.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        await WaitForTopologyAsync(null, deadline - DateTime.UtcNow);
    }

    /// <summary>Waits until the server says topology version <paramref name="version"/> (any, when null) is in effect.</summary>
    public async Task WaitForTopologyAsync(long? version, TimeSpan timeout)
    {
        var text = version is { } v ? $"topology v{v} in effect" : "in effect";
        if (!_seen.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            // Not among the lines already read (the server says it before or after its banner): wait for it.
            await WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), timeout);
        }
    }

    public HttpClient Http(string apiKey)
    {
        var client = new HttpClient { BaseAddress = RestUri ?? throw new InvalidOperationException("not ready"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public GrpcChannel Grpc() => GrpcChannel.ForAddress(GrpcUri ?? throw new InvalidOperationException("not ready"));

    public static Metadata Key(string apiKey) => new() { { "x-api-key", apiKey } };

    /// <summary>Reads lines until one satisfies <paramref name="predicate"/>; fails with the whole output after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromMilliseconds(1));
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    _seen.Add(line);
                    if (predicate(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: no matching line within {timeout}; output:\n{Output}");
        }

        throw new InvalidOperationException($"{Name} ended (exit {(_process.HasExited ? _process.ExitCode : -1)}) without a matching line; output:\n{Output}");
    }

    /// <summary>Everything the child wrote, stdout and stderr, in order.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _all.ToString();
            }
        }
    }

    /// <summary>A signal by name (POSIX only): INT as Ctrl+C in the server's terminal sends, TERM as a service manager or container runtime sends.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit(10_000);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {_process.Id} failed with {kill.ExitCode}");
        }
    }

    /// <summary>The exit code once the process has ended and its output is read to the end; null after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no leaving the cluster — a crash.</summary>
    public void Kill()
    {
        Killed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit(30_000);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Line(string? data, string prefix)
    {
        if (data is null)
        {
            if (prefix.Length == 0)
            {
                _lines.Writer.TryComplete();
            }

            return;
        }

        lock (_gate)
        {
            _all.Append(prefix).AppendLine(data);
        }

        _lines.Writer.TryWrite(prefix + data);
    }
}
