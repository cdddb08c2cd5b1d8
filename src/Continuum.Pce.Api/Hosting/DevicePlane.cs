using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Southbound.Gnmi;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Where devices are reached: the emulator (<see cref="IDeviceEmulator"/>: a child process by default; every device
/// behind one gNMI port, selected by <c>Path.target</c> = node id, cleartext on loopback) or real devices described by
/// the "Devices" configuration section (<see cref="GnmiSouthboundOptions"/>: defaults for address, target, TLS/mTLS
/// files, credentials and encoding, with per-device <c>Overrides</c> by node id; <c>{node}</c> in an address or target
/// stands for the node id).
/// </summary>
public sealed class DevicePlane(IConfiguration configuration) : IAsyncDisposable
{
    private readonly GnmiSouthboundOptions _devices = configuration.GetSection(GnmiSouthboundOptions.SectionName).Get<GnmiSouthboundOptions>() ?? new GnmiSouthboundOptions();

    /// <summary>The running emulator, when the server started one (<c>Pce:Emulator:Enabled</c>).</summary>
    public IDeviceEmulator? Emulator { get; set; }

    /// <summary>
    /// How the emulator is started: as a child process (<see cref="ChildProcessEmulatorLauncher"/>). A host that embeds
    /// the server may set its own before the server starts (tests host the emulator in their own process this way).
    /// </summary>
    public IDeviceEmulatorLauncher EmulatorLauncher { get; set; } = new ChildProcessEmulatorLauncher();

    public GnmiDeviceOptions OptionsFor(NodeId device)
    {
        if (Emulator is { } emulator)
        {
            // Every emulated device behind the emulator's port; what the Devices section says of how to speak to a device
            // (encoding, origin, module-prefixed paths) still applies, so tests configure emulated devices as real ones.
            var o = _devices.Overrides.TryGetValue(device.Value, out var found) ? found : new GnmiDeviceOverride();
            return new GnmiDeviceOptions
            {
                Address = emulator.Address,
                Target = device.Value,
                UseTls = false,
                Timeout = TimeSpan.FromSeconds(5),
                Encoding = o.Encoding ?? _devices.Encoding,
                Origin = o.Origin ?? _devices.Origin,
                ModulePrefixedFirstElement = o.ModulePrefixedFirstElement ?? _devices.ModulePrefixedFirstElement,
                Naming = _devices.NamingRulesOf(o.Naming ?? _devices.Naming),
            };
        }

        var options = _devices.ForDevice(device);
        return options with { Address = options.Address.Replace(GnmiSouthboundOptions.NodePlaceholder, device.Value, StringComparison.Ordinal) };
    }

    /// <summary>The address recorded on node grains as their binding (never credentials).</summary>
    public string BindingOf(NodeId device)
    {
        var options = OptionsFor(device);
        return options.Target is null ? options.Address : $"{options.Address}#{options.Target}";
    }

    /// <summary>
    /// After a topology replacement: the emulator (when there is one) serves the new network, and every node grain is
    /// bound to where its device is reached, before the caller hears that the replacement took effect.
    /// </summary>
    public async Task FollowAsync(NetworkSnapshot snapshot, IGrainFactory grains, ILogger logger)
    {
        if (Emulator is { } emulator && await grains.GetGrain<ITopologyGrain>("default").GetDocuments() is { } documents)
        {
            await emulator.AdoptAsync(snapshot, documents.Network, documents.Equipment, CancellationToken.None);
        }

        await BindAsync(snapshot.Network, grains, logger);
    }

    /// <summary>Records on each node grain the address its device is reached at (when it changed).</summary>
    public async Task BindAsync(OpticalNetwork network, IGrainFactory grains, ILogger logger)
    {
        try
        {
            await Task.WhenAll(network.Nodes.Select(async node =>
            {
                var grain = grains.GetGrain<IOpticalNodeGrain>(node.Id.Value);
                var binding = BindingOf(node.Id);
                if ((await grain.GetStatus()).DeviceAddress != binding)
                {
                    await grain.Bind(binding);
                }
            }));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Security.Cryptography.CryptographicException)
        {
            // Real devices badly described (a certificate file missing): the server runs (paths, planning) but cannot
            // configure devices until the Devices section is fixed.
            logger.LogWarning("devices not bound: {Reason}", e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Emulator is { } emulator)
        {
            await emulator.DisposeAsync();
        }
    }
}

/// <summary>
/// Stops the device plane after the silo (registered before it, so stopped after it): the emulator supervisor first (an
/// emulator stopped by the server is not one to restart), then the emulator and the device channels.
/// </summary>
public sealed class DevicePlaneShutdown(EmulatorSupervisor supervisor, DevicePlane devices) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await supervisor.DisposeAsync();
        await devices.DisposeAsync();
    }
}
