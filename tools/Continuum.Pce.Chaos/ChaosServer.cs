using System.Globalization;
using Continuum.Pce.TestKit.Processes;

namespace Continuum.Pce.Chaos;

/// <summary>
/// The server under test, generation after generation, started by the test kit's <see cref="ServerChild"/>: the first
/// generation binds free ports (REST, gRPC, the emulator's gNMI and control ports) and reads them back from its banner;
/// every later one (after a kill -9) is given those same ports, so the harness's clients, and the emulator the server's
/// supervisor restarts, stay where the harness looks. Each generation's whole output goes to a log file of its own.
/// </summary>
public sealed class ChaosServer(string serverDll, string topology, string dataDirectory, string logDirectory) : IAsyncDisposable
{
    private ServerChild? _child;
    private StreamWriter? _log;
    private int _generation;
    private (int RestPort, int GrpcPort, int Emulator, int Control) _ports;

    public Uri RestUri => _child?.RestUri ?? throw new InvalidOperationException("not started");

    public Uri ControlUri => _child?.EmulatorControlUri ?? new Uri($"http://127.0.0.1:{_ports.Control.ToString(CultureInfo.InvariantCulture)}");

    public string EmulatorAddress => _child?.EmulatorAddress ?? $"127.0.0.1:{_ports.Emulator.ToString(CultureInfo.InvariantCulture)}";

    public bool IsRunning => _child is { HasExited: false };

    public string AdminKey => File.ReadAllText(Path.Combine(dataDirectory, "admin-api-key")).Trim();

    /// <summary>Starts the next generation and waits until it is ready; a failure carries its whole output.</summary>
    public async Task StartAsync()
    {
        if (_child is not null)
        {
            await _child.DisposeAsync();
        }

        _log?.Dispose();
        var log = new StreamWriter(Path.Combine(logDirectory, $"server-{++_generation:D3}.log"), append: false) { AutoFlush = true };
        _log = log;
        _child = await ServerChild.StartAsync(new ServerChildOptions
        {
            Name = $"server generation {_generation}",
            Launch = ServerLaunch.Dll(serverDll),
            DataDirectory = dataDirectory,
            RestPort = _ports.RestPort,
            GrpcPort = _ports.GrpcPort,
            Settings =
            [
                $"--Pce:InitialTopology={topology}",
                $"--Pce:Emulator:Port={_ports.Emulator.ToString(CultureInfo.InvariantCulture)}",
                $"--Pce:Emulator:ControlPort={_ports.Control.ToString(CultureInfo.InvariantCulture)}",
                "--Pce:Emulator:RestartMaxDelay=00:00:02",
            ],
            OnLine = line =>
            {
                lock (log)
                {
                    log.WriteLine(line);
                }
            },
        });
        if (_generation == 1)
        {
            _ports = (_child.RestUri.Port, _child.GrpcUri.Port, int.Parse(_child.EmulatorAddress![(_child.EmulatorAddress!.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture), _child.EmulatorControlUri!.Port);
        }
    }

    /// <summary>Until the running generation is ready again (after an emulator kill its devices come back); fails at once if it ends.</summary>
    public Task WaitReadyAsync(TimeSpan limit) => (_child ?? throw new InvalidOperationException("not started")).WaitReadyAsync(limit);

    /// <summary>SIGKILL to the server (its emulator child with it): a crash.</summary>
    public void Kill9() => _child?.Kill();

    /// <summary>SIGKILL to the emulator child of the server; false when there is none.</summary>
    public bool KillEmulator9() => _child?.KillChild("DeviceEmulator") ?? false;

    public async ValueTask DisposeAsync()
    {
        if (_child is not null)
        {
            await _child.DisposeAsync();
        }

        _log?.Dispose();
    }
}
