using System.Security.Cryptography.X509Certificates;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Continuum.Pce.Southbound.Gnmi;

/// <summary>
/// How to reach the devices, bound from the configuration section <c>Devices</c>: one default (address, target, TLS,
/// credentials) that every device uses, and per-device overrides keyed by node id. Switching from the emulator to real
/// devices is a configuration change: the emulator serves every device on one address with the node id as
/// <c>Path.target</c> (the default <see cref="Target"/> "{node}"); real devices get an address each in
/// <see cref="Overrides"/> and usually no target.
/// </summary>
/// <example>
/// <code>
/// "Devices": {
///   "Address": "127.0.0.1:9339", "UseTls": false,
///   "Overrides": { "ROADM-FRA": { "Address": "10.0.0.7:9339", "Target": "", "UseTls": true, "CaCertificate": "ca.pem",
///                                 "Username": "pce", "Password": "..." } }
/// }
/// </code>
/// </example>
public sealed class GnmiSouthboundOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Devices";

    /// <summary>The placeholder of <see cref="Target"/> replaced by the node id.</summary>
    public const string NodePlaceholder = "{node}";

    /// <summary>host:port of the devices (9339 is the IANA gNMI port).</summary>
    public string Address { get; set; } = "127.0.0.1:9339";

    /// <summary>Path.target on every request; "{node}" is replaced by the node id; empty sends none.</summary>
    public string? Target { get; set; } = NodePlaceholder;

    public bool UseTls { get; set; } = true;

    /// <summary>PEM file of the CA that signed the devices' certificates; none uses the system trust store.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>PEM files of the client certificate and its key, for mutual TLS.</summary>
    public string? ClientCertificate { get; set; }

    public string? ClientKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The encoding (JsonIetf, Proto, Json); null chooses from the device's Capabilities.</summary>
    public GnmiValueEncoding? Encoding { get; set; }

    /// <summary>The path origin sent on every request prefix (e.g. "openconfig"); null sends none.</summary>
    public string? Origin { get; set; }

    /// <summary>The naming profile of the devices (a key of <see cref="NamingProfiles"/>, or "default": DEGn-IN, SRGn-ADD, OCH-i, 100+i/200+i).</summary>
    public string Naming { get; set; } = DefaultNaming;

    /// <summary>Naming profiles by name (<see cref="NamingRules"/>): how each kind of device names its ports, channels and logical channels.</summary>
    public Dictionary<string, NamingRules> NamingProfiles { get; set; } = new(StringComparer.Ordinal);

    public const string DefaultNaming = "default";

    /// <summary>The rules of naming profile <paramref name="name"/>; unknown names are a configuration error.</summary>
    public NamingRules NamingRulesOf(string name) =>
        NamingProfiles.TryGetValue(name, out var rules) ? rules
        : name == DefaultNaming ? NamingRules.Default
        : throw new InvalidOperationException($"Devices: naming profile '{name}' is not defined (Devices:NamingProfiles has: {string.Join(", ", NamingProfiles.Keys.Prepend(DefaultNaming))})");

    public bool ModulePrefixedFirstElement { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-device settings by node id; unset members take the defaults above.</summary>
    public Dictionary<string, GnmiDeviceOverride> Overrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The connection options of one device: the defaults with its override applied.</summary>
    public GnmiDeviceOptions ForDevice(NodeId device)
    {
        var o = Overrides.TryGetValue(device.Value, out var found) ? found : new GnmiDeviceOverride();
        var target = o.Target ?? Target;
        var ca = o.CaCertificate ?? CaCertificate;
        var cert = o.ClientCertificate ?? ClientCertificate;
        var key = o.ClientKey ?? ClientKey;
        return new GnmiDeviceOptions
        {
            Address = o.Address ?? Address,
            Target = string.IsNullOrEmpty(target) ? null : target.Replace(NodePlaceholder, device.Value, StringComparison.Ordinal),
            UseTls = o.UseTls ?? UseTls,
            TrustedCa = string.IsNullOrEmpty(ca) ? null : X509Certificate2.CreateFromPem(File.ReadAllText(ca)),
            ClientCertificate = string.IsNullOrEmpty(cert) ? null : X509Certificate2.CreateFromPemFile(cert, string.IsNullOrEmpty(key) ? null : key),
            Username = o.Username ?? Username,
            Password = o.Password ?? Password,
            Encoding = o.Encoding ?? Encoding,
            Origin = o.Origin ?? Origin,
            Naming = NamingRulesOf(o.Naming ?? Naming),
            ModulePrefixedFirstElement = o.ModulePrefixedFirstElement ?? ModulePrefixedFirstElement,
            Timeout = o.Timeout ?? Timeout,
        };
    }
}

/// <summary>One device's departures from the <see cref="GnmiSouthboundOptions"/> defaults (null = inherit).</summary>
public sealed class GnmiDeviceOverride
{
    public string? Address { get; set; }

    public string? Target { get; set; }

    public bool? UseTls { get; set; }

    public string? CaCertificate { get; set; }

    public string? ClientCertificate { get; set; }

    public string? ClientKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public GnmiValueEncoding? Encoding { get; set; }

    public string? Origin { get; set; }

    /// <summary>The device's naming profile (a key of <see cref="GnmiSouthboundOptions.NamingProfiles"/>).</summary>
    public string? Naming { get; set; }

    public bool? ModulePrefixedFirstElement { get; set; }

    public TimeSpan? Timeout { get; set; }
}

/// <summary>Composition of the gNMI southbound into a host's services.</summary>
public static class GnmiSouthboundExtensions
{
    /// <summary>
    /// Registers the gNMI southbound: <see cref="GnmiDeviceDirectory"/> (one shared client per device, created on first
    /// use, disposed with the container), <see cref="GnmiRenderer"/> as the <see cref="IDeviceRenderer"/> (with a
    /// <see cref="GnmiConfigMirror"/>, so first provisioning skips the compare-Gets of entries a device does not have) and
    /// <see cref="GnmiTelemetrySource"/> as the <see cref="ITelemetrySource"/>. These registrations win over the grains'
    /// no-op renderer whichever is called first. Render histories and samples are stamped by the container's
    /// <see cref="TimeProvider"/> (else the system's); RPC deadlines and reconnect back-off always use real time.
    /// </summary>
    public static IServiceCollection AddGnmiSouthbound(this IServiceCollection services, Func<NodeId, GnmiDeviceOptions> deviceOptions, PortMap? ports = null)
    {
        ArgumentNullException.ThrowIfNull(deviceOptions);
        return Register(services, _ => deviceOptions, ports);
    }

    /// <summary>
    /// As the other overload, with the devices described by configuration (<see cref="GnmiSouthboundOptions"/>, usually
    /// <c>configuration.GetSection("Devices")</c>).
    /// </summary>
    public static IServiceCollection AddGnmiSouthbound(this IServiceCollection services, IConfiguration devices, PortMap? ports = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        services.AddOptions<GnmiSouthboundOptions>().Bind(devices);
        return Register(services, sp => sp.GetRequiredService<IOptions<GnmiSouthboundOptions>>().Value.ForDevice, ports);
    }

    private static IServiceCollection Register(IServiceCollection services, Func<IServiceProvider, Func<NodeId, GnmiDeviceOptions>> deviceOptions, PortMap? ports)
    {
        // Without a port map of the caller's, each device's names come from its naming profile and are checked against
        // what discovery finds on it (ProfiledPortMap).
        services.TryAddSingleton(sp => ports ?? new ProfiledPortMap(deviceOptions(sp), sp.GetRequiredService<DeviceDiscovery>()));
        // Deadlines and reconnect back-off run on real time even when the host's clock is a test fake.
        services.AddSingleton(sp => new GnmiDeviceDirectory(deviceOptions(sp), TimeProvider.System));
        services.AddSingleton<IGnmiDeviceDirectory>(sp => sp.GetRequiredService<GnmiDeviceDirectory>());
        services.AddSingleton(sp => new DeviceDiscovery(sp.GetRequiredService<IGnmiDeviceDirectory>()));
        services.AddSingleton(sp => new GnmiConfigMirror(sp.GetRequiredService<IGnmiDeviceDirectory>()));
        services.AddSingleton<IDeviceRenderer>(sp => new GnmiRenderer(sp.GetRequiredService<IGnmiDeviceDirectory>(), sp.GetRequiredService<PortMap>(), sp.GetService<TimeProvider>(), sp.GetRequiredService<GnmiConfigMirror>()));
        services.AddSingleton<ITelemetrySource>(sp => new GnmiTelemetrySource(sp.GetRequiredService<IGnmiDeviceDirectory>(), sp.GetService<TimeProvider>(), sp.GetRequiredService<PortMap>()));
        return services;
    }
}
