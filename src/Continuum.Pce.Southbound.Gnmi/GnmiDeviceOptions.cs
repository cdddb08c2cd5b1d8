using System.Security.Cryptography.X509Certificates;

namespace Continuum.Pce.Southbound.Gnmi;

/// <summary>
/// The gNMI encoding a device is spoken to in (gnmi-specification §2.3): JSON_IETF (RFC 7951: module-qualified names,
/// 64-bit numbers as strings), PROTO (one typed scalar per leaf, §2.3.3) or JSON (RFC 7159, the one encoding every
/// target must support, §2.3.1: names without modules). Set, Get and Subscribe all use it.
/// </summary>
public enum GnmiValueEncoding
{
    JsonIetf,
    ProtoScalars,
    Json,

    /// <summary>The same as <see cref="ProtoScalars"/> (the name the specification uses).</summary>
    Proto = ProtoScalars,
}

/// <summary>
/// Per-device connection options. TLS is on by default (gnmi-specification §3.1: TLS ≥ 1.2); mutual TLS when a client
/// certificate is given; credentials travel as the per-RPC metadata keys <c>username</c> and <c>password</c>.
/// </summary>
public sealed record GnmiDeviceOptions
{
    /// <summary>Host and port of the target, e.g. "127.0.0.1:9339" (9339 is the IANA gNMI port).</summary>
    public required string Address { get; init; }

    /// <summary>The value of Path.target on every request prefix (selects the device on a multi-device server), or null.</summary>
    public string? Target { get; init; }

    public bool UseTls { get; init; } = true;

    /// <summary>The CA that signed the target's certificate; null uses the system trust store.</summary>
    public X509Certificate2? TrustedCa { get; init; }

    /// <summary>Client certificate (with private key) for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>
    /// The encoding to use; null chooses from what the target's Capabilities offer (JSON_IETF, else PROTO, else JSON;
    /// JSON_IETF when it lists none).
    /// </summary>
    public GnmiValueEncoding? Encoding { get; init; }

    /// <summary>
    /// The <c>origin</c> set on every request prefix (gnmi-specification §2.7: "openconfig" for OpenConfig models on
    /// targets that serve several schemas); null or empty sends none.
    /// </summary>
    public string? Origin { get; init; }

    /// <summary>How the device names its ports, optical channels and logical channels (its naming profile); null: the default rules.</summary>
    public Rendering.NamingRules? Naming { get; init; }

    /// <summary>Whether the first path element carries its module ("openconfig-platform:components").</summary>
    public bool ModulePrefixedFirstElement { get; init; }

    /// <summary>Deadline of each unary RPC (and of the first response of a subscription).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay of a subscription; doubled per failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between the channel's own connection attempts while the target is unreachable.</summary>
    public TimeSpan MaxReconnectBackoff { get; init; } = TimeSpan.FromSeconds(5);
}
