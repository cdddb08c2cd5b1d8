using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Where devices are reached: the in-process emulator (every device behind one gNMI port, selected by
/// <c>Path.target</c> = node id, cleartext on loopback) or real devices described by the "Devices" configuration
/// section (<see cref="GnmiSouthboundOptions"/>: defaults for address, target, TLS/mTLS files, credentials and encoding,
/// with per-device <c>Overrides</c> by node id; <c>{node}</c> in an address or target stands for the node id).
/// </summary>
public sealed class DevicePlane(IConfiguration configuration) : IAsyncDisposable
{
    private readonly GnmiSouthboundOptions _devices = configuration.GetSection(GnmiSouthboundOptions.SectionName).Get<GnmiSouthboundOptions>() ?? new GnmiSouthboundOptions();

    public DeviceEmulatorHost? Emulator { get; set; }

    public GnmiDeviceOptions OptionsFor(NodeId device)
    {
        if (Emulator is { } emulator)
        {
            return new GnmiDeviceOptions { Address = emulator.Address, Target = device.Value, UseTls = false, Timeout = TimeSpan.FromSeconds(5) };
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

    public async ValueTask DisposeAsync()
    {
        if (Emulator is { } emulator)
        {
            await emulator.DisposeAsync();
        }
    }
}
