using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Continuum.Pce.TestKit.Processes;

/// <summary>How the server is started: its built dll (<c>dotnet exec</c>), or <c>dotnet run --project</c> as a user would.</summary>
public sealed record ServerLaunch(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>The built server, by default the Continuum.Pce.Api.dll copied next to the running assembly.</summary>
    public static ServerLaunch Dll(string? path = null)
    {
        var dll = path ?? Path.Combine(AppContext.BaseDirectory, "Continuum.Pce.Api.dll");
        return new ServerLaunch("dotnet", ["exec", dll], Path.GetDirectoryName(Path.GetFullPath(dll))!);
    }

    /// <summary><c>dotnet run --project src/Continuum.Pce.Api -c Release --no-build</c> from the repository root.</summary>
    public static ServerLaunch DotnetRun(string repositoryRoot) =>
        new("dotnet", ["run", "--project", "src/Continuum.Pce.Api", "-c", "Release", "--no-build", "--"], repositoryRoot);

    /// <summary>The repository root (the folder of Continuum.Pce.sln) above the running assembly.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Continuum.Pce.sln) was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>What to start and how long to wait for it.</summary>
public sealed record ServerChildOptions
{
    /// <summary>Names the child in failure messages.</summary>
    public string Name { get; init; } = "server";

    public ServerLaunch Launch { get; init; } = ServerLaunch.Dll();

    /// <summary>The data directory; null: a new temporary one, deleted when the child is disposed.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>REST and gRPC ports; 0 (the default) lets the server bind free ones and read them back from its banner (no race).</summary>
    public int RestPort { get; init; }

    public int GrpcPort { get; init; }

    /// <summary>
    /// Silo and gateway ports picked here (Orleans must advertise a real port, so the server cannot bind 0): needed by
    /// clustered servers. A port taken between the pick and the bind ends the child before its banner; the start is
    /// then retried with new ports (<see cref="BindAttempts"/>). Without it, the server picks its own (localhost clustering).
    /// </summary>
    public bool PickSiloPorts { get; init; }

    /// <summary>Starts the child through coreutils' <c>env --default-signal=INT</c> (a test run in the background inherits SIGINT ignored).</summary>
    public bool DefaultSignals { get; init; }

    /// <summary>Ready means /health/ready answers 200 (a topology in effect, devices bound); false: listening (the banner) is enough.</summary>
    public bool AwaitReady { get; init; } = true;

    /// <summary>
    /// The bound on the whole start (build-free, but on a CI machine with a load of 15-45 a start can take minutes):
    /// generous, because the wait ends as soon as the event happens, or at once when the child exits.
    /// </summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>Starts tried when a port is taken under the child (<see cref="PickSiloPorts"/>, explicit ports).</summary>
    public int BindAttempts { get; init; } = 3;

    /// <summary>Command-line configuration ("--Section:Key=value"), after the helper's own (so it can override them).</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>Environment for the child (ASPNETCORE_ENVIRONMENT is Production and DOTNET_gcServer 0 unless given).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Every line as it arrives, besides being kept (the chaos harness writes them to a log file).</summary>
    public Action<string>? OnLine { get; init; }
}

/// <summary>A start or wait that failed; <see cref="Exception.Message"/> carries the child's whole output.</summary>
public sealed class ServerChildException(string message) : Exception(message);

/// <summary>
/// The PCE server as a child process on loopback, for every process-level test and the chaos harness. REST and gRPC on
/// ports the server binds itself (port 0) and reports in its banner, read back from there; readiness awaited by event
/// (the banner line, then /health/ready) under one generous bound that ends early if the child exits; the child's whole
/// stdout and stderr kept, in order, and attached to every failure; disposing kills the whole process tree.
/// </summary>
public sealed partial class ServerChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ServerChildOptions _options;
    private readonly bool _ownsData;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _all = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;
    private bool _bannerRead;

    private ServerChild(Process process, ServerChildOptions options, string dataDirectory, bool ownsData)
    {
        _process = process;
        _options = options;
        _ownsData = ownsData;
        DataDirectory = dataDirectory;
        _process.OutputDataReceived += (_, e) => Add(e.Data, "");
        _process.ErrorDataReceived += (_, e) => Add(e.Data, "stderr: ");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name => _options.Name;

    public string DataDirectory { get; }

    public Uri RestUri { get; private set; } = null!;

    public Uri GrpcUri { get; private set; } = null!;

    /// <summary>The emulator the server started ("127.0.0.1:port"), null when it started none.</summary>
    public string? EmulatorAddress { get; private set; }

    /// <summary>The emulator's fault-injection endpoint, when exposed.</summary>
    public Uri? EmulatorControlUri { get; private set; }

    /// <summary>The health listener (Pce:Probes:Port), when configured.</summary>
    public Uri? HealthUri { get; private set; }

    /// <summary>The admin key the banner printed (a first start on an empty store), else null.</summary>
    public string? AdminKey { get; private set; }

    /// <summary>The silo and gateway ports the banner reports.</summary>
    public (int Silo, int Gateway) SiloPorts { get; private set; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Set by <see cref="Kill"/>.</summary>
    public bool Killed { get; private set; }

    /// <summary>Lines read so far (a mark for <see cref="WaitForLineAsync"/>'s <c>from</c>).</summary>
    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Everything the child wrote, stdout and stderr ("stderr: " prefixed), in order.</summary>
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

    /// <summary>Starts the server and returns once it is ready (<see cref="ServerChildOptions.AwaitReady"/>); a failure carries its output.</summary>
    public static async Task<ServerChild> StartAsync(ServerChildOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ownsData = options.DataDirectory is null;
        var data = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "pce-child", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var deadline = DateTime.UtcNow + options.StartTimeout;
        var failures = new StringBuilder();
        for (var attempt = 1; ; attempt++)
        {
            var child = Spawn(options, data, ownsData);
            try
            {
                await child.AwaitStartAsync(deadline, cancellationToken);
                return child;
            }
            catch (ServerChildException) when (attempt < options.BindAttempts && child.LostAPortRace())
            {
                // A port picked here (or given) was taken before the child bound it: again, with new ones.
                failures.Append(CultureInfo.InvariantCulture, $"--- attempt {attempt}: a port was taken ---\n{child.Output}\n");
                await child.KillAndWaitAsync();
            }
            catch
            {
                await child.KillAndWaitAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the server and returns at once, awaiting nothing: for a start that is meant to fail (a bad setting).</summary>
    public static ServerChild Launch(ServerChildOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ownsData = options.DataDirectory is null;
        var data = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "pce-child", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        return Spawn(options, data, ownsData);
    }

    private static ServerChild Spawn(ServerChildOptions options, string data, bool ownsData)
    {
        var launch = options.Launch;
        var info = new ProcessStartInfo(options.DefaultSignals ? "env" : launch.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = launch.WorkingDirectory,
        };
        if (options.DefaultSignals)
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add(launch.FileName);
        }

        string[] settings =
        [
            .. launch.Arguments,
            $"--Pce:DataDirectory={data}",
            $"--Pce:RestUrl=http://127.0.0.1:{options.RestPort.ToString(CultureInfo.InvariantCulture)}",
            $"--Pce:GrpcUrl=http://127.0.0.1:{options.GrpcPort.ToString(CultureInfo.InvariantCulture)}",
            .. options.PickSiloPorts ? [$"--Clustering:SiloPort={FreePort()}", $"--Clustering:GatewayPort={FreePort()}"] : Array.Empty<string>(),
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            "--Logging:LogLevel:Continuum.Pce.Api.Hosting.Bootstrap=Information",
            "--Logging:LogLevel:Continuum.Pce.Api.Hosting.HealthListener=Information",
            "--Logging:LogLevel:Orleans=Error",
            "--Logging:LogLevel:Microsoft.Orleans=Error",
            .. options.Settings,
        ];
        foreach (var argument in settings)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Workstation GC: several servers and the tests share two cores and their memory.
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in options.Environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new ServerChildException($"{options.Name}: could not start {info.FileName}");
        return new ServerChild(process, options, data, ownsData);
    }

    /// <summary>The banner (the ports bound, the emulator, the admin key), then readiness; all by the one deadline.</summary>
    private async Task AwaitStartAsync(DateTime deadline, CancellationToken cancellationToken)
    {
        const int from = 0;
        RestUri = BannerUri(await WaitForLineAsync(l => l.TrimStart().StartsWith("REST ", StringComparison.Ordinal), Remaining(deadline), from, cancellationToken), "api/v1");
        _bannerRead = true;
        GrpcUri = BannerUri(await WaitForLineAsync(l => l.TrimStart().StartsWith("gRPC ", StringComparison.Ordinal), Remaining(deadline), from, cancellationToken), null);
        var devices = await WaitForLineAsync(l => l.TrimStart().StartsWith("devices ", StringComparison.Ordinal), Remaining(deadline), from, cancellationToken);
        if (EmulatorLine().Match(devices) is { Success: true } emulator)
        {
            EmulatorAddress = emulator.Groups["address"].Value;
            EmulatorControlUri = emulator.Groups["control"].Success ? new Uri(emulator.Groups["control"].Value) : null;
        }

        var orleans = await WaitForLineAsync(l => l.TrimStart().StartsWith("orleans ", StringComparison.Ordinal), Remaining(deadline), from, cancellationToken);
        if (OrleansLine().Match(orleans) is { Success: true } silo)
        {
            SiloPorts = (int.Parse(silo.Groups["silo"].Value, CultureInfo.InvariantCulture), int.Parse(silo.Groups["gateway"].Value, CultureInfo.InvariantCulture));
        }

        // The banner's last line: everything above it (the admin key among it) has been read.
        await WaitForLineAsync(l => l.StartsWith("Try:", StringComparison.Ordinal), Remaining(deadline), from, cancellationToken);
        lock (_gate)
        {
            AdminKey = _lines.Select(l => KeyLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            // Logged when the listener starts, before the silo: read with the banner.
            HealthUri = _lines.Select(l => HealthLine().Match(l)).FirstOrDefault(m => m.Success) is { } health ? new Uri(health.Groups[1].Value) : null;
        }

        if (_options.AwaitReady)
        {
            await WaitReadyAsync(Remaining(deadline), cancellationToken);
        }
    }

    /// <summary>
    /// Until /health/ready answers 200: the banner says the ports are bound, readiness (a topology in effect, devices
    /// bound) can follow later (a clustered server follows a topology another one loads). Bounded polling on that
    /// observable condition, ended at once by the child's exit.
    /// </summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var http = new HttpClient { BaseAddress = RestUri, Timeout = Timeout.InfiniteTimeSpan };
        var last = "no answer yet";
        try
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw Failure($"ended (exit {_process.ExitCode}) before it was ready");
                }

                try
                {
                    using var ready = await http.GetAsync("/health/ready", cts.Token);
                    if (ready.IsSuccessStatusCode)
                    {
                        return;
                    }

                    last = $"{(int)ready.StatusCode}: {await ready.Content.ReadAsStringAsync(cts.Token)}";
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }

                await Task.WhenAny(_process.WaitForExitAsync(cts.Token), Task.Delay(200, cts.Token));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure($"not ready within {timeout} (last /health/ready: {last})");
        }
    }

    /// <summary>Waits until the server says topology version <paramref name="version"/> (any, when null) is in effect.</summary>
    public Task WaitForTopologyAsync(long? version, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var text = version is { } v ? $"topology v{v.ToString(CultureInfo.InvariantCulture)} in effect" : "in effect";
        return WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), timeout, 0, cancellationToken);
    }

    /// <summary>
    /// The first line from index <paramref name="from"/> on (the lines already read count) that satisfies
    /// <paramref name="predicate"/>; fails with the whole output after <paramref name="timeout"/> or when the output ends.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, int from = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromMilliseconds(1));
        var next = from;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (; next < _lines.Count; next++)
                {
                    if (predicate(_lines[next]))
                    {
                        return _lines[next];
                    }
                }

                if (_openStreams == 0)
                {
                    throw Failure($"ended (exit {(_process.HasExited ? _process.ExitCode : -1)}) without the line awaited");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failure($"no line awaited within {timeout}");
            }
        }
    }

    /// <summary>An HTTP client on the REST port with the API key (none when null).</summary>
    public HttpClient Http(string? apiKey, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = RestUri;
        client.Timeout = TimeSpan.FromMinutes(2);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }

        client.DefaultRequestHeaders.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>The server's resident set size now (bytes).</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>A signal by name to the server (POSIX): INT as Ctrl+C sends, TERM as a service manager sends.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit(10_000);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {_process.Id} failed with {kill.ExitCode}");
        }
    }

    /// <summary>SIGKILL to a direct child of the server whose command line contains <paramref name="commandLine"/> (the emulator); false when none.</summary>
    public bool KillChild(string commandLine)
    {
        if (_process.HasExited)
        {
            return false;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == _process.Id &&
                    File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(commandLine, StringComparison.Ordinal))
                {
                    using var child = Process.GetProcessById(pid);
                    child.Kill();
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
            {
                // The process went away while being read.
            }
        }

        return false;
    }

    /// <summary>The exit code once the process has ended; null after <paramref name="timeout"/>.</summary>
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

    /// <summary>SIGKILL to the whole process tree: no shutdown hooks, no flush — a crash.</summary>
    public void Kill()
    {
        Killed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Ended meanwhile.
        }

        _process.WaitForExit(60_000);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAndWaitAsync();
        if (_ownsData)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left in the temporary folder.
            }
        }
    }

    private async Task KillAndWaitAsync()
    {
        await Task.Run(Kill);
        _process.Dispose();
    }

    /// <summary>The child ended before its banner because an address was in use (a port taken between pick and bind).</summary>
    private bool LostAPortRace()
    {
        var output = Output;
        return !_bannerRead && (output.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || output.Contains("AddressAlreadyInUse", StringComparison.Ordinal));
    }

    private ServerChildException Failure(string what) => new($"{Name} {what}; its whole output:\n{Output}");

    private static TimeSpan Remaining(DateTime deadline) => deadline - DateTime.UtcNow;

    private static Uri BannerUri(string line, string? suffix)
    {
        var url = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new Uri(suffix is null ? url : url[..^suffix.Length]);
    }

    private void Add(string? data, string prefix)
    {
        lock (_gate)
        {
            if (data is null)
            {
                _openStreams--;
            }
            else
            {
                _all.Append(prefix).AppendLine(data);
                _lines.Add(prefix + data);
            }

            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }

        if (data is not null)
        {
            _options.OnLine?.Invoke(prefix + data);
        }
    }

    /// <summary>A port free on loopback now (for the silo, which cannot bind 0); a lost race is retried by <see cref="StartAsync"/>.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"admin API key (pce_\S+)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"gNMI emulator on (?<address>\S+:\d+)(?: \(fault injection on (?<control>http://\S+:\d+)\))?")]
    private static partial Regex EmulatorLine();

    [GeneratedRegex(@"health listener on (http://\S+:\d+)")]
    private static partial Regex HealthLine();

    [GeneratedRegex(@"silo port (?<silo>\d+), gateway port (?<gateway>\d+)")]
    private static partial Regex OrleansLine();
}
