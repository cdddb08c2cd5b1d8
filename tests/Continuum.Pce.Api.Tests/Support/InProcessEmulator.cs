using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Microsoft.Extensions.Logging;

namespace Continuum.Pce.Api.Testing;

/// <summary>
/// The emulator hosted in the test's own process, through the test project's reference to the emulator (the server
/// links no emulator): one process to debug, and the emulator's in-process control API at hand.
/// </summary>
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

/// <summary>Starts an <see cref="InProcessEmulator"/> where the server would start its child process.</summary>
public sealed class InProcessEmulatorLauncher : IDeviceEmulatorLauncher
{
    public async Task<IDeviceEmulator> StartAsync(EmulatorLaunch launch, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var host = await DeviceEmulatorHost.StartAsync(launch.Network, new DeviceEmulatorOptions { Port = launch.Port, ControlPort = launch.ControlPort, Equipment = launch.Equipment }, cancellationToken);
        return new InProcessEmulator(host);
    }
}
