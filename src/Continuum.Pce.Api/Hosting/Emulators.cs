using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// The gNMI device emulator the server binds every device to when no real devices are configured: one port on
/// 127.0.0.1, cleartext HTTP/2, the device named by <c>Path.target</c>.
/// </summary>
public interface IDeviceEmulator : IAsyncDisposable
{
    /// <summary>"127.0.0.1:port", where every emulated device answers.</summary>
    string Address { get; }

    /// <summary>The fault-injection port (HTTP/1.1 on 127.0.0.1) when one was asked for; null otherwise.</summary>
    int? ControlPort { get; }

    /// <summary>
    /// Serves <c>snapshot</c> from now on, keeping the configuration of the devices that remain. A child process reads
    /// the snapshot's documents (<c>networkJson</c>, <c>equipmentJson</c>); in process, the snapshot itself is used.
    /// </summary>
    Task AdoptAsync(NetworkSnapshot snapshot, string networkJson, string equipmentJson, CancellationToken cancellationToken);
}

/// <summary>How the emulator is run (<c>Pce:Emulator:Mode</c>).</summary>
public enum EmulatorMode
{
    /// <summary>A child process of the server, ended with it: devices do their work on their own heap and threads, as
    /// real devices do on their own CPUs. The default.</summary>
    ChildProcess,

    /// <summary>In the server's process (one process to debug; the emulator's work shares the server's heap).</summary>
    InProcess,
}

/// <summary>The emulator hosted in this process.</summary>
public sealed class InProcessEmulator(DeviceEmulatorHost host) : IDeviceEmulator
{
    public DeviceEmulatorHost Host { get; } = host;

    public string Address => Host.Address;

    public int? ControlPort => Host.ControlPort;

    public Task AdoptAsync(NetworkSnapshot snapshot, string networkJson, string equipmentJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Host.Emulator.Adopt(snapshot.Network, snapshot.Equipment);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>
/// The emulator (<c>Continuum.Pce.DeviceEmulator.dll</c>, built beside the server) as a child process: started with the
/// network and equipment files to serve, its ports read from the first line it prints, its output logged, a topology
/// replacement sent to its control port (<c>PUT /network</c>). The child holds the read end of a pipe from this
/// process as its standard input and stops when it closes, so it ends with the server however the server ends (a
/// crash or SIGKILL included).
/// </summary>
public sealed class ChildProcessEmulator : IDeviceEmulator
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly HttpClient _control;
    private readonly ILogger _logger;
    private readonly Task _pumps;
    private int _stopping;

    private ChildProcessEmulator(Process process, string address, int controlPort, bool controlVisible, Task pumps, ILogger logger)
    {
        _process = process;
        _logger = logger;
        _pumps = pumps;
        Address = address;
        ControlPort = controlVisible ? controlPort : null;
        _control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{controlPort}"), Timeout = TimeSpan.FromSeconds(60) };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            if (Volatile.Read(ref _stopping) == 0)
            {
                _logger.LogError("the device emulator (pid {Pid}) exited with code {Code}; devices are unreachable until the server restarts", process.Id, process.ExitCode);
            }
        };
    }

    public string Address { get; }

    public int? ControlPort { get; }

    /// <summary>The child's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The child's exit code once disposed (0: it stopped when its standard input closed; killed otherwise).</summary>
    public int? ExitCode { get; private set; }

    /// <summary>
    /// Starts the emulator for the network file <c>networkPath</c> with the library <c>equipmentPath</c> (null: the one
    /// the network document names) on gNMI port <c>port</c> (0: a free one), and waits until it listens.
    /// <c>controlPort</c> is the fault-injection port to expose (0: a free one; null: none exposed — the child still opens
    /// a free control port on 127.0.0.1, which the server needs to hand it a replaced topology).
    /// </summary>
    public static async Task<ChildProcessEmulator> StartAsync(string networkPath, string? equipmentPath, int port, int? controlPort, ILogger logger, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Continuum.Pce.DeviceEmulator.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"the device emulator is not beside the server ({dll} is missing); set Pce:Emulator:Mode=InProcess or build tools/Continuum.Pce.DeviceEmulator");
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // The child needs none of the server's own settings: connection strings, credentials and keys stay with the server.
        foreach (var name in start.Environment.Keys.Where(IsServerSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var argument in (string[])["exec", dll, "--topology", Path.GetFullPath(networkPath), "--port", Text(port), "--control-port", Text(controlPort ?? 0), "--until-stdin-closes"])
        {
            start.ArgumentList.Add(argument);
        }

        if (equipmentPath is not null)
        {
            start.ArgumentList.Add("--equipment");
            start.ArgumentList.Add(Path.GetFullPath(equipmentPath));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} {dll}");
        var errors = new StringBuilder();
        var stderr = Pump(process.StandardError, line =>
        {
            lock (errors)
            {
                if (errors.Length < 8192)
                {
                    errors.AppendLine(line);
                }
            }

            logger.LogWarning("device emulator: {Line}", line);
        });

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (true)
            {
                string? line;
                try
                {
                    line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"the device emulator did not report its ports within {StartTimeout.TotalSeconds:F0} s");
                }

                if (line is null)
                {
                    await process.WaitForExitAsync(cancellationToken);
                    await stderr;
                    throw new InvalidOperationException($"the device emulator exited with code {process.ExitCode} before listening: {errors.ToString().Trim()}");
                }

                if (DeviceEmulatorHost.TryParseBanner(line, out var address, out var control) && control is { } controlPortBound)
                {
                    logger.LogInformation("device emulator (pid {Pid}) on {Address}", process.Id, address);
                    var stdout = Pump(process.StandardOutput, rest => logger.LogDebug("device emulator: {Line}", rest));
                    return new ChildProcessEmulator(process, address, controlPortBound, controlPort is not null, Task.WhenAll(stdout, stderr), logger);
                }
            }
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }
    }

    public async Task AdoptAsync(NetworkSnapshot snapshot, string networkJson, string equipmentJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(networkJson);
        ArgumentNullException.ThrowIfNull(equipmentJson);
        using var body = new StringContent($"{{\"network\":{networkJson},\"equipment\":{equipmentJson}}}", Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _control.PutAsync("/network", body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the device emulator refused the network ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 1)
        {
            return;
        }

        _control.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            _logger.LogWarning("the device emulator did not stop within {Seconds} s; killing it", StopTimeout.TotalSeconds);
            Stop(_process);
        }

        await _pumps.WaitAsync(StopTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ExitCode = _process.HasExited ? _process.ExitCode : null;
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(StopTimeout);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static Task Pump(StreamReader reader, Action<string> onLine) => Task.Run(async () =>
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                onLine(line);
            }
        }
        catch (IOException)
        {
            // The child went away.
        }
    });

    /// <summary>Environment variables that configure the server (<c>Storage__…</c>, <c>Auth__…</c>, …), not the runtime.</summary>
    private static bool IsServerSetting(string name) =>
        ServerSettingPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] ServerSettingPrefixes =
        ["Storage__", "Auth__", "Clustering__", "Devices__", "Pce__", "ConnectionStrings__", "OTEL_", "Storage:", "Auth:", "Clustering:", "Devices:", "Pce:", "ConnectionStrings:"];

    /// <summary>
    /// The <c>dotnet</c> host to run the emulator's assembly with: this process's when it is one, else the one beside
    /// the runtime this process runs on (<c>{root}/shared/Microsoft.NETCore.App/{version}/</c>), else <c>dotnet</c> on PATH.
    /// </summary>
    public static string DotnetHost()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && string.Equals(Path.GetFileName(self), name, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        if (runtime.Parent?.Parent?.Parent is { } root && File.Exists(Path.Combine(root.FullName, name)))
        {
            return Path.Combine(root.FullName, name);
        }

        return name;
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
