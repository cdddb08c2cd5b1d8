using Continuum.Pce.Topology.IO;

namespace Continuum.Pce.Api.Hosting;

/// <summary>The server's own settings (configuration section "Pce"); storage, clustering and auth have sections of their own.</summary>
public sealed class PceServerOptions
{
    public const string Section = "Pce";

    /// <summary>Where the SQLite state, the API key file and other local data live.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>REST, OpenAPI, the API reference, /metrics and health (HTTP/1.1). Port 0 picks a free port.</summary>
    public string RestUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>gRPC (HTTP/2 only, cleartext on loopback). Port 0 picks a free port.</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5081";

    /// <summary>The network loaded on the first start (when the store holds no topology yet).</summary>
    public string? InitialTopology { get; set; } = "topologies/continuum-demo.json";

    /// <summary>The resolved path of <see cref="InitialTopology"/> (set at start).</summary>
    internal string? InitialTopologyPath { get; set; }

    /// <summary>The initial topology loaded before the host started (Bootstrap.PreflightAsync), until the start uses it.</summary>
    internal NetworkBundle? InitialBundle { get; set; }

    /// <summary>The equipment library; when null, the one the network document names.</summary>
    public string? InitialEquipment { get; set; }

    public EmulatorOptions Emulator { get; set; } = new();

    public MetricsOptions Metrics { get; set; } = new();

    /// <summary>Subscribe to every transponder's and ROADM's telemetry (OSNR, power, oper-status) and feed the grains.</summary>
    public bool Telemetry { get; set; } = true;
}

/// <summary>The gNMI device emulator (the default device plane) or real devices.</summary>
public sealed class EmulatorOptions
{
    /// <summary>
    /// Start the emulator for the loaded topology, as a child process of the server, and bind every device to it. The
    /// emulator is a separate program (tools/Continuum.Pce.DeviceEmulator), built with the server but never linked.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>gNMI port of the emulator (0: a free port).</summary>
    public int Port { get; set; }

    /// <summary>HTTP control port of the emulator for fault injection (0: a free port; null: none).</summary>
    public int? ControlPort { get; set; } = 0;

    /// <summary>Restart the emulator child process when it dies (<see cref="EmulatorSupervisor"/>).</summary>
    public bool Supervise { get; set; } = true;

    /// <summary>Wait before the first restart attempt; doubled after each failed attempt.</summary>
    public TimeSpan RestartInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between restart attempts.</summary>
    public TimeSpan RestartMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The Prometheus scrape endpoint /metrics (section "Pce:Metrics").</summary>
public sealed class MetricsOptions
{
    /// <summary>
    /// Whether /metrics needs an API key (any role; X-API-Key or Authorization: Bearer). Null: required outside the
    /// Development environment, since the figures (utilisation per fibre, lightpaths by state, blocks by reason) describe
    /// every tenant's traffic together.
    /// </summary>
    public bool? RequireKey { get; set; }
}

/// <summary>Authentication settings (section "Auth").</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Authentication is always on outside the Development environment; there it can be turned off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>On a store with no keys, create an admin key and print it once on the console.</summary>
    public bool BootstrapAdminKey { get; set; } = true;

    /// <summary>Where to also write the bootstrap key (owner-only permissions); relative to the data directory. Null: nowhere.</summary>
    public string? BootstrapKeyFile { get; set; } = "admin-api-key";
}

/// <summary>Clustering (section "Clustering"): localhost (one silo, the default) or Redis membership.</summary>
public sealed class ClusteringOptions
{
    public const string Section = "Clustering";

    /// <summary>"localhost" or "redis".</summary>
    public string Provider { get; set; } = "localhost";

    /// <summary>StackExchange.Redis configuration string when <see cref="Provider"/> is "redis".</summary>
    public string? Redis { get; set; }

    public string ClusterId { get; set; } = "continuum-pce";

    public string ServiceId { get; set; } = "continuum-pce";

    /// <summary>
    /// The silo-to-silo port. Unset: 11111 when clustered (Redis), a free port the OS picks with localhost clustering, so
    /// that two servers on one host never share a silo (each is its own one-silo cluster).
    /// </summary>
    public int? SiloPort { get; set; }

    /// <summary>The client gateway port. Unset: 30000 when clustered (Redis), a free port with localhost clustering.</summary>
    public int? GatewayPort { get; set; }

    public bool IsClustered => Provider.Equals("redis", StringComparison.OrdinalIgnoreCase);

    /// <summary>The silo and gateway ports in effect: the configured ones, else the defaults above.</summary>
    public (int Silo, int Gateway) ResolvePorts(Func<int> freePort)
    {
        ArgumentNullException.ThrowIfNull(freePort);
        return IsClustered
            ? (SiloPort ?? 11111, GatewayPort ?? 30000)
            : (SiloPort ?? freePort(), GatewayPort ?? freePort());
    }
}

/// <summary>The Orleans ports this server's silo listens on (shown in the banner).</summary>
public sealed record SiloPorts(int Silo, int Gateway, bool Clustered);
