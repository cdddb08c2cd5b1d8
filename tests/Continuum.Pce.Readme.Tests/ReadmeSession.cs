using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Continuum.Pce.Readme.Tests;

/// <summary>
/// Runs README commands in order, as a reader following the README would, from the repository root. What differs from
/// a reader's shell, and only this:
/// <list type="bullet">
/// <item>the server is started by the README's own server command on free ports (<c>--Pce:RestUrl</c>,
/// <c>--Pce:GrpcUrl</c>, the options the README documents; Orleans' silo and gateway ports free ones too) with its data
/// directory in a scratch folder, and every later command has <c>http://127.0.0.1:5080</c> / <c>:5081</c> replaced by the real addresses,
/// <c>data/admin-api-key</c> by the scratch data directory's, and <c>PCE_SERVER</c> set to the gRPC address;</item>
/// <item><c>/tmp/</c> is a scratch folder of this run (runs on one host do not share files);</item>
/// <item>a project is built by the first <c>dotnet run</c> that names it; later ones of the same project and
/// configuration get <c>--no-build</c> (the same binaries, without a build check each time);</item>
/// <item>the <c>export</c>s seen so far are replayed before each command (each runs in its own bash).</item>
/// </list>
/// </summary>
public sealed partial class ReadmeSession : IAsyncDisposable
{
    /// <summary>What `pce` in a capture stands for (README, "Operator CLI").</summary>
    public const string Pce = "dotnet run -c Release --project src/Continuum.Pce.Cli --";

    private readonly string _scratch = Directory.CreateTempSubdirectory("pce-readme-").FullName;
    private readonly HashSet<string> _built = [];
    private readonly List<string> _exports = [];
    private readonly StringBuilder _serverOutput = new();
    private Process? _server;

    public string DataDirectory => Path.Combine(_scratch, "data");

    public string? RestBase { get; private set; }

    public string? GrpcBase { get; private set; }

    public string ServerOutput
    {
        get
        {
            lock (_serverOutput)
            {
                return _serverOutput.ToString();
            }
        }
    }

    /// <summary>Whether the command starts the server (README quick start).</summary>
    public static bool IsServer(string command) => ServerCommand().IsMatch(ReadmeDocument.WithoutComment(command));

    /// <summary>The command as this session runs it (see the class summary).</summary>
    public string Rewrite(string command)
    {
        // /tmp/ first: the scratch data directory is itself under /tmp.
        var text = command
            .Replace("/tmp/", _scratch + "/", StringComparison.Ordinal)
            .Replace("data/admin-api-key", DataDirectory + "/admin-api-key", StringComparison.Ordinal);
        if (RestBase is not null && GrpcBase is not null)
        {
            text = text.Replace("http://127.0.0.1:5080", RestBase, StringComparison.Ordinal).Replace("http://127.0.0.1:5081", GrpcBase, StringComparison.Ordinal);
        }

        return DotnetRun().Replace(text, m =>
        {
            var project = m.Groups["project"].Value.TrimEnd('/');
            var configuration = m.Groups["config"].Success ? m.Groups["config"].Value : "Debug";
            return _built.Add($"{project}|{configuration}") ? m.Value : "dotnet run --no-build" + m.Value["dotnet run".Length..];
        });
    }

    public async Task<ShellResult> RunAsync(string command, TimeSpan timeout)
    {
        var text = Rewrite(command);
        if (text.StartsWith("export ", StringComparison.Ordinal))
        {
            _exports.Add(text);
        }

        var script = "set -o pipefail\n" + string.Concat(_exports.Select(e => e + "\n")) + text;
        return await Shell.RunAsync(script, Environment(), timeout);
    }

    /// <summary>Starts the README's server command on free ports and waits until it serves (its banner, then /health/ready).</summary>
    public async Task StartServerAsync(string command, TimeSpan timeout)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("the README starts a second server; mark it with the exemption comment");
        }

        var text = Rewrite(ReadmeDocument.WithoutComment(command));
        // Orleans' ports too, explicitly: two test runs on one host must not meet, whatever the defaults.
        var settings = $"--Pce:RestUrl=http://127.0.0.1:0 --Pce:GrpcUrl=http://127.0.0.1:0 --Pce:DataDirectory={DataDirectory} "
            + $"--Clustering:SiloPort={FreePort()} --Clustering:GatewayPort={FreePort()}";
        var script = "exec " + text + (text.Contains(" -- ", StringComparison.Ordinal) ? " " : " -- ") + settings;
        lock (_serverOutput)
        {
            _serverOutput.AppendLine("$ " + script);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? rest = null;
        string? grpc = null;
        _server = Shell.StartLongRunning(script, Environment(), line =>
        {
            if (line is null)
            {
                ready.TrySetException(new InvalidOperationException("the server ended before it was ready"));
                return;
            }

            lock (_serverOutput)
            {
                _serverOutput.AppendLine(line);
            }

            if (RestLine().Match(line) is { Success: true } r)
            {
                rest = r.Groups[1].Value.TrimEnd('/');
            }
            else if (GrpcLine().Match(line) is { Success: true } g)
            {
                grpc = g.Groups[1].Value.TrimEnd('/');
            }
            else if (line.StartsWith("Try:", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        });

        await ready.Task.WaitAsync(timeout);
        if (rest is null || grpc is null)
        {
            throw new InvalidOperationException("the server's banner did not name its REST and gRPC addresses");
        }

        // The banner is printed as Kestrel starts listening: bounded polling on the readiness probe.
        using var probe = new HttpClient { BaseAddress = new Uri(rest), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException or SocketException) && DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the server never answered /health/ready");
            }

            await Task.Delay(100);
        }

        RestBase = rest;
        GrpcBase = grpc;
    }

    public ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit(30_000);
            }

            server.Dispose();
        }

        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A child still writing; the temp folder is the system's to clean.
        }

        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>();
        if (GrpcBase is not null)
        {
            environment["PCE_SERVER"] = GrpcBase;
        }

        return environment;
    }

    [GeneratedRegex(@"^dotnet run(?: -c \w+)? --project src/Continuum\.Pce\.Api/?(?: -c \w+)?$")]
    private static partial Regex ServerCommand();

    // dotnet run [options] up to "--" or the end of the command: its project and configuration.
    [GeneratedRegex(@"dotnet run(?=(?:(?!\s--\s|\n|$).)*?--project\s+(?<project>\S+))(?:(?:(?!\s--\s|\n|$).)*?(?:-c|--configuration)\s+(?<config>\w+))?")]
    private static partial Regex DotnetRun();

    [GeneratedRegex(@"^\s*REST\s+(http://\S+?/)api/v1")]
    private static partial Regex RestLine();

    [GeneratedRegex(@"^\s*gRPC\s+(http://\S+)")]
    private static partial Regex GrpcLine();
}
