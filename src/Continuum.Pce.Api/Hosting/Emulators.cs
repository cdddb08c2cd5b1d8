using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;

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
    /// the snapshot's documents (<c>networkJson</c>, <c>equipmentJson</c>); an emulator in the caller's process may use
    /// the snapshot itself.
    /// </summary>
    Task AdoptAsync(NetworkSnapshot snapshot, string networkJson, string equipmentJson, CancellationToken cancellationToken);
}

/// <summary>
/// An emulator that can die on its own (a child process): <see cref="Exited"/> completes with its exit code when it ends
/// other than by <see cref="IAsyncDisposable.DisposeAsync"/>, so that <see cref="EmulatorSupervisor"/> restarts it.
/// </summary>
public interface ISupervisedEmulator : IDeviceEmulator
{
    /// <summary>Completes with the exit code when the emulator ended unasked; never completes once disposed.</summary>
    Task<int> Exited { get; }
}

/// <summary>What the server hands the emulator it starts: the network to serve (as values and as files) and its ports.</summary>
/// <param name="Network">The network to serve.</param>
/// <param name="Equipment">Its equipment library.</param>
/// <param name="NetworkPath">The network document on disk (what a separate process reads).</param>
/// <param name="EquipmentPath">The equipment library document on disk.</param>
/// <param name="Port">gNMI port (0: a free one).</param>
/// <param name="ControlPort">Fault-injection port to announce (0: a free one; null: none).</param>
public sealed record EmulatorLaunch(OpticalNetwork Network, EquipmentLibrary Equipment, string NetworkPath, string EquipmentPath, int Port, int? ControlPort);

/// <summary>
/// Starts the emulator the server binds its devices to. The server's own is <see cref="ChildProcessEmulatorLauncher"/>;
/// a host that embeds the server (a test that wants the emulator in its own process) sets another on
/// <see cref="DevicePlane.EmulatorLauncher"/> before the server starts.
/// </summary>
public interface IDeviceEmulatorLauncher
{
    Task<IDeviceEmulator> StartAsync(EmulatorLaunch launch, ILogger logger, CancellationToken cancellationToken);
}

/// <summary>The emulator as a child process of the server (<see cref="ChildProcessEmulator"/>).</summary>
public sealed class ChildProcessEmulatorLauncher : IDeviceEmulatorLauncher
{
    public async Task<IDeviceEmulator> StartAsync(EmulatorLaunch launch, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        return await ChildProcessEmulator.StartAsync(launch.NetworkPath, launch.EquipmentPath, launch.Port, launch.ControlPort, logger, cancellationToken);
    }
}

/// <summary>
/// The emulator (<c>emulator/Continuum.Pce.DeviceEmulator.dll</c> in the server's folder: a separate program, built with
/// the server but never linked into it) as a child process: started with the network and equipment files to serve, its
/// ports read from the line it prints once it listens (<see cref="TryParseBanner"/>), its output logged, a topology
/// replacement sent to its control port (<c>PUT /network</c>). The child holds the read end of a pipe from this
/// process as its standard input and stops when it closes, so it ends with the server however the server ends (a
/// crash or SIGKILL included).
/// </summary>
public sealed partial class ChildProcessEmulator : ISupervisedEmulator
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly HttpClient _control;
    private readonly ILogger _logger;
    private readonly Task _pumps;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopping;

    private ChildProcessEmulator(Process process, string address, int controlPort, bool controlVisible, Task pumps, ILogger logger)
    {
        _process = process;
        ProcessId = process.Id;
        _logger = logger;
        _pumps = pumps;
        Address = address;
        ControlPort = controlVisible ? controlPort : null;
        _control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{controlPort}"), Timeout = TimeSpan.FromSeconds(60) };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => OnExited();
        if (process.HasExited)
        {
            // Died between its banner and the handler: Exited may never be raised for it.
            OnExited();
        }
    }

    public Task<int> Exited => _exited.Task;

    public string Address { get; }

    public int? ControlPort { get; }

    /// <summary>The child's process id.</summary>
    public int ProcessId { get; }

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
        var dll = EmulatorAssembly;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"the device emulator is not beside the server ({dll} is missing): build src/Continuum.Pce.Api, which builds tools/Continuum.Pce.DeviceEmulator and copies it there, or set Pce:Emulator:Enabled=false and describe real devices");
        }

        // In a session of its own (setsid, where there is one): Ctrl+C in the server's terminal signals the terminal's
        // process group, and the emulator must not die under the server's feet; the server stops it (stdin closed) after
        // the silo. A server killed outright still ends it: it exits when its stdin closes.
        var setsid = OperatingSystem.IsLinux() ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists) : null;
        var start = new ProcessStartInfo(setsid ?? DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // The child needs none of the server's own settings: connection strings, credentials and keys stay with the server.
        foreach (var name in start.Environment.Keys.Where(IsServerSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        if (setsid is not null)
        {
            // --wait: should setsid have to fork, it waits for the emulator and passes its exit code on.
            start.ArgumentList.Add("--wait");
            start.ArgumentList.Add(DotnetHost());
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

                if (TryParseBanner(line, out var address, out var control) && control is { } controlPortBound)
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

    private void OnExited()
    {
        if (Volatile.Read(ref _stopping) == 0)
        {
            var code = _process.ExitCode;
            _logger.LogError("the device emulator (pid {Pid}) exited with code {Code}; its devices are unreachable until it is restarted", ProcessId, code);
            _exited.TrySetResult(code);
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

    /// <summary>The emulator program: <c>emulator/Continuum.Pce.DeviceEmulator.dll</c> in the server's folder.</summary>
    public static string EmulatorAssembly => Path.Combine(AppContext.BaseDirectory, "emulator", "Continuum.Pce.DeviceEmulator.dll");

    /// <summary>
    /// Reads the gNMI address and the control port from the line the emulator prints once it listens (its README,
    /// "Started by another program": <c>gNMI emulator for '{network}' on 127.0.0.1:{port} (h2c), control on
    /// http://127.0.0.1:{port}</c>, or <c>control on none</c>); false for any other line.
    /// </summary>
    public static bool TryParseBanner(string line, out string address, out int? controlPort)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = BannerPattern().Match(line);
        address = match.Success ? match.Groups["address"].Value : string.Empty;
        controlPort = match.Success && match.Groups["control"].Success ? int.Parse(match.Groups["control"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return match.Success;
    }

    [GeneratedRegex(@"^gNMI emulator for '.*' on (?<address>127\.0\.0\.1:\d+) \(h2c\), control on (?:http://127\.0\.0\.1:(?<control>\d+)|none)$")]
    private static partial Regex BannerPattern();

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
