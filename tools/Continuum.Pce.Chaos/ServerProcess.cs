using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Continuum.Pce.Chaos;

/// <summary>
/// The server under test as a child process (the emulator is the server's own child), on fixed loopback ports so that a
/// restarted server, and the emulator its supervisor restarts, come back where the harness looks. Every generation's
/// whole output is kept in a log file of its own.
/// </summary>
public sealed class ServerProcess(string serverDll, string topology, string dataDirectory, string logDirectory)
{
    private Process? _process;
    private int _generation;

    public int RestPort { get; } = FreePort();

    public int GrpcPort { get; } = FreePort();

    public int EmulatorPort { get; } = FreePort();

    public int EmulatorControlPort { get; } = FreePort();

    public Uri RestUri => new($"http://127.0.0.1:{RestPort}");

    public Uri ControlUri => new($"http://127.0.0.1:{EmulatorControlPort}");

    public string EmulatorAddress => $"127.0.0.1:{EmulatorPort}";

    public bool IsRunning => _process is { HasExited: false };

    public int? Pid => IsRunning ? _process!.Id : null;

    public string AdminKey => File.ReadAllText(Path.Combine(dataDirectory, "admin-api-key")).Trim();

    public void Start()
    {
        var log = Path.Combine(logDirectory, $"server-{++_generation:D3}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])
        [
            "exec", serverDll,
            $"--Pce:DataDirectory={dataDirectory}",
            $"--Pce:RestUrl={RestUri}",
            $"--Pce:GrpcUrl=http://127.0.0.1:{GrpcPort}",
            $"--Pce:InitialTopology={topology}",
            $"--Pce:Emulator:Port={EmulatorPort}",
            $"--Pce:Emulator:ControlPort={EmulatorControlPort}",
            "--Pce:Emulator:RestartMaxDelay=00:00:02",
            $"--Clustering:SiloPort={FreePort()}",
            $"--Clustering:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var writer = new StreamWriter(log, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>SIGKILL to the server (its emulator ends with it: its standard input closes).</summary>
    public void Kill9()
    {
        if (_process is { HasExited: false } p)
        {
            Signal(p.Id);
            p.WaitForExit();
        }
    }

    /// <summary>SIGKILL to the emulator child of the server, found by its parent id; false when there is none.</summary>
    public bool KillEmulator9()
    {
        if (Pid is not { } parent)
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
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent &&
                    File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("DeviceEmulator", StringComparison.Ordinal))
                {
                    Signal(pid);
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process went away while being read.
            }
        }

        return false;
    }

    /// <summary>Ends the server the polite way at the end of a run (closing its standard input ends the emulator too).</summary>
    public void Stop()
    {
        Kill9();
    }

    private static void Signal(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-9", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
