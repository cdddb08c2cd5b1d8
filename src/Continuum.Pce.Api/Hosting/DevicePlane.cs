using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Southbound.Gnmi;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Where devices are reached: the in-process emulator (every device behind one gNMI port, selected by
/// <c>Path.target</c> = node id, cleartext on loopback) or real devices from the "Devices" configuration section
/// (a default address pattern, TLS and credentials, with per-device overrides).
/// </summary>
public sealed class DevicePlane(IConfiguration configuration) : IAsyncDisposable
{
    public DeviceEmulatorHost? Emulator { get; set; }

    public GnmiDeviceOptions OptionsFor(NodeId device)
    {
        if (Emulator is { } emulator)
        {
            return new GnmiDeviceOptions { Address = emulator.Address, Target = device.Value, UseTls = false, Timeout = TimeSpan.FromSeconds(5) };
        }

        var section = configuration.GetSection("Devices");
        var own = section.GetSection("Overrides").GetSection(device.Value);
        string? Setting(string key) => own[key] ?? section.GetSection("Default")[key];
        var address = Setting("Address")?.Replace("{node}", device.Value, StringComparison.Ordinal)
            ?? throw new InvalidOperationException($"no gNMI address for device '{device}': set Devices:Default:Address (\"{{node}}:9339\") or Devices:Overrides:{device}:Address");
        return new GnmiDeviceOptions
        {
            Address = address,
            Target = Setting("Target")?.Replace("{node}", device.Value, StringComparison.Ordinal),
            UseTls = !bool.TryParse(Setting("UseTls"), out var tls) || tls,
            Username = Setting("Username"),
            Password = Setting("Password"),
            TrustedCa = Setting("TrustedCaFile") is { } ca ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(ca) : null,
            ClientCertificate = Setting("ClientCertificateFile") is { } pem && Setting("ClientKeyFile") is { } key
                ? System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(pem, key)
                : null,
            Encoding = Setting("Encoding") is "proto" ? GnmiValueEncoding.ProtoScalars : GnmiValueEncoding.JsonIetf,
        };
    }

    /// <summary>The address recorded on node grains as their binding.</summary>
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
