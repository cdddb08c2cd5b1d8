using System.Text;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Events;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Nodes;
using Continuum.Pce.Grains.Spectrum;
using Continuum.Pce.Grains.Storage;
using Continuum.Pce.Grains.Telemetry;
using Continuum.Pce.Grains.Topology;
using Continuum.Pce.Topology.IO;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// Runs once the silo is up: loads the initial topology on an empty store, starts the device emulator and binds every
/// device, rebuilds the live views (lightpath states, alarms, fibre utilisation) from the store, issues the first admin
/// key on a store with none, then reports ready and prints where everything is.
/// </summary>
public sealed class Bootstrap(
    IGrainFactory grains,
    ObservableNetworkCatalog catalog,
    TopologyFollower follower,
    TopologyDevices topologyDevices,
    PceServerOptions options,
    AuthOptions auth,
    AuthMode mode,
    DevicePlane devices,
    ApiKeyStore keys,
    IGrainStateStore store,
    ITopologyCodec codec,
    LightpathDirectory directory,
    ChangeFeed feed,
    ReadinessCheck readiness,
    ServerEndpoints endpoints,
    IWebHostEnvironment environment,
    EmulatorSupervisor supervisor,
    DeviceReconciler reconciler,
    IHostApplicationLifetime lifetime,
    SiloPorts siloPorts,
    IConfiguration configuration,
    ILogger<Bootstrap> logger,
    TelemetryIngestion? ingestion = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Telemetry cannot judge a lightpath's health until the live lightpaths are back on their devices and the
        // interrupted ones resumed (the recovery below, which runs after the server is ready).
        ingestion?.HoldStartup();
        try
        {
            await StartCoreAsync(cancellationToken);
        }
        catch
        {
            ingestion?.ReleaseStartup();
            throw;
        }

        _recovery = Task.Run(RecoverAsync, CancellationToken.None);
    }

    private Task _recovery = Task.CompletedTask;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// After readiness, in the background: every stored lightpath, fibre and node seeds the change feed and the alarms
    /// (one pass over the store), and the lightpaths an unclean stop interrupted, or that still owe a device cleanup, are
    /// resumed in batches. Readiness does not wait on it: a grain reactivated by a request meanwhile resumes its own
    /// unfinished step on activation (lazily), so the pass only reaches those nobody asks for.
    /// </summary>
    private async Task RecoverAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var pending = await SeedFeed(_stopping.Token);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = _stopping.Token };
            await Parallel.ForEachAsync(pending, parallel, async (lp, _) => await grains.Lightpath(lp).Reconcile());
            logger.LogInformation("recovery complete in {Seconds:F1} s: {Count} interrupted lightpaths resumed", clock.Elapsed.TotalSeconds, pending.Count);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "recovery after start did not complete; interrupted lightpaths resume when next activated");
        }
        finally
        {
            ingestion?.ReleaseStartup();
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        // The device plane first: the emulator serves the stored topology (or the initial one on an empty store) before
        // the topology is published, so that renderer and telemetry never dial a device that is not there yet.
        var stored = await StoredNetwork(cancellationToken);
        NetworkBundle? initial = null;
        if (stored is null && options.InitialTopology is { Length: > 0 })
        {
            // Loaded and checked before the host started (PreflightAsync), unless the host was started without it.
            initial = options.InitialBundle ?? LoadInitialFile(options, environment.ContentRootPath, TopologyLimitsConfiguration.From(configuration));
            options.InitialBundle = null;
        }

        if (options.Emulator.Enabled && (stored is not null || initial is not null))
        {
            var launch = await EmulatorLaunchFor(stored, initial, cancellationToken);
            devices.Emulator = await devices.EmulatorLauncher.StartAsync(launch, logger, cancellationToken);
            supervisor.Watch(launch);
        }

        // The topology is one fact of the cluster: servers started together race for the initial load and one wins
        // (LoadInitial loads only into an empty store); every server then takes the stored version into its own catalog.
        var topology = grains.GetGrain<ITopologyGrain>("default");
        if (initial is not null)
        {
            var loaded = await topology.LoadInitial(await File.ReadAllTextAsync(options.InitialTopologyPath!, cancellationToken), await File.ReadAllTextAsync(initial.EquipmentPath, cancellationToken));
            logger.LogInformation("topology {Topology} v{Version}: {Sites} sites, {Nodes} nodes, {Fibers} fibres", loaded.Name, loaded.Version, loaded.Sites, loaded.Nodes, loaded.Fibers);
        }

        await follower.FollowOnceAsync();
        var summary = catalog.Current is { } snapshot
            ? new TopologySummary(snapshot.Network.Name, snapshot.Version, snapshot.Network.Sites.Length, snapshot.Network.Nodes.Length, snapshot.Network.Fibers.Length)
            : null;
        if (catalog.Current is { } current)
        {
            await topologyDevices.BindAsync(current);
        }

        // Emulated devices start empty: give them back the configuration of every live lightpath before serving (an
        // indexed query by state). Real devices keep theirs; interrupted lightpaths are resumed after readiness.
        if (devices.Emulator is not null)
        {
            await ResyncLiveLightpaths(cancellationToken);
        }

        string? adminKey = null;
        if (mode.Required && auth.BootstrapAdminKey && !await keys.AnyAsync(cancellationToken))
        {
            adminKey = (await keys.IssueAsync("bootstrap-admin", Roles.Admin, "default", cancellationToken)).Key;
            if (auth.BootstrapKeyFile is { } file)
            {
                var path = Path.Combine(options.DataDirectory, file);
                await File.WriteAllTextAsync(path, adminKey + "\n", cancellationToken);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
        }

        // Ready once this server holds the cluster's topology: now, or when one is loaded (here, or on another server and
        // followed); each later version moves this server's device plane along.
        catalog.Published += OnPublished;
        lock (_gate)
        {
            _started = true;
            if (catalog.Current is null)
            {
                readiness.NotReady("no topology loaded: PUT /api/v1/topology");
            }
            else
            {
                readiness.Ready();
            }
        }

        if (catalog.Current is { } latest)
        {
            OnPublished(latest);
        }

        // Reconciliation from now on: the devices bound at start first, then on every reconnection and periodically.
        reconciler.Start();

        // After the server has bound its ports: with port 0 in configuration the banner shows the ports picked.
        lifetime.ApplicationStarted.Register(() => PrintBanner(summary, adminKey));
    }

    private readonly Lock _gate = new();
    private bool _started;

    /// <summary>A snapshot published after start: this server is ready, and its devices follow the new version.</summary>
    private void OnPublished(NetworkSnapshot snapshot)
    {
        lock (_gate)
        {
            if (!_started)
            {
                return;
            }

            readiness.Ready();
        }

        logger.LogInformation("topology v{Version} in effect: ready", snapshot.Version);
        _ = FollowDevicesAsync(snapshot);
    }

    private async Task FollowDevicesAsync(NetworkSnapshot snapshot)
    {
        try
        {
            await topologyDevices.FollowAsync(snapshot);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "devices did not follow topology v{Version}", snapshot.Version);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        catalog.Published -= OnPublished;
        await _stopping.CancelAsync();
        try
        {
            await _recovery.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        // The reconciler calls grains: it stops before the silo. The devices (and the emulator) stop after the silo has
        // stopped the telemetry subscriptions and renderers that use them (DevicePlaneShutdown), so nothing fails for want
        // of a device while the server stops.
        await reconciler.DisposeAsync();
    }

    /// <summary>
    /// Before the host starts (Program, after <see cref="PceServer.Build(string[])"/>): on a store that holds no topology,
    /// the file of <c>Pce:InitialTopology</c> (and <c>Pce:InitialEquipment</c>) must exist, be readable and load. When it
    /// does not, the start ends as for any other bad setting: <see cref="PceConfigurationException"/> naming the key, the
    /// value and the path, which Program prints once and exits with <see cref="ConfigurationValidation.ExitCode"/>. (Thrown
    /// from <see cref="StartAsync"/> instead, the host would log it with its stack trace as a failed start.) The loaded
    /// network is kept for <see cref="StartAsync"/>, which does not read the file again.
    /// </summary>
    public static async Task PreflightAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<PceServerOptions>();
        if (options.InitialTopology is not { Length: > 0 })
        {
            return;
        }

        var store = services.GetRequiredService<IGrainStateStore>();
        if (await ReadStoredNetwork(store, services.GetRequiredService<ITopologyCodec>(), cancellationToken) is null)
        {
            options.InitialBundle = LoadInitialFile(options, services.GetRequiredService<IWebHostEnvironment>().ContentRootPath,
                TopologyLimitsConfiguration.From(services.GetRequiredService<IConfiguration>()));
        }
    }

    /// <summary>
    /// The initial topology file, loaded under this server's <c>Topology:Limits</c> (as the topology grain then reads it); a
    /// configuration error when it is missing, unreadable or invalid.
    /// </summary>
    internal static NetworkBundle LoadInitialFile(PceServerOptions options, string contentRoot, TopologyLimits limits)
    {
        const string TopologyKey = "Pce:InitialTopology";
        const string EquipmentKey = "Pce:InitialEquipment";
        var initial = options.InitialTopology!;
        var path = RepoPaths.Resolve(initial, contentRoot)
            ?? throw new PceConfigurationException([$"{TopologyKey} = '{initial}': must be a topology file that exists ({NotFound(initial, contentRoot)})"]);
        string? equipmentPath = null;
        if (options.InitialEquipment is { Length: > 0 } equipment)
        {
            equipmentPath = RepoPaths.Resolve(equipment, contentRoot)
                ?? throw new PceConfigurationException([$"{EquipmentKey} = '{equipment}': must be an equipment library file that exists ({NotFound(equipment, contentRoot)})"]);
        }

        // A file that cannot be read (permissions, a directory, too large) is one of the load's errors, as is invalid content.
        var loaded = NetworkFile.Load(path, equipmentPath, limits);
        if (!loaded.IsSuccess)
        {
            throw new PceConfigurationException([$"{TopologyKey} = '{initial}': must be a topology file that loads ({path}: {string.Join("; ", loaded.Errors.Take(5))})"]);
        }

        options.InitialTopologyPath = path;
        return loaded.Value!;
    }

    /// <summary>Where <see cref="RepoPaths.Resolve"/> looked for a file it did not find.</summary>
    private static string NotFound(string given, string contentRoot) => Path.IsPathRooted(given)
        ? $"not found: {given}"
        : $"not found: {Path.GetFullPath(given)}, nor under the content root {contentRoot} or a folder above it";

    /// <summary>The network the store holds (read directly: the topology grain publishes it only when activated).</summary>
    private Task<StoredTopology?> StoredNetwork(CancellationToken cancellationToken) => ReadStoredNetwork(store, codec, cancellationToken);

    private static async Task<StoredTopology?> ReadStoredNetwork(IGrainStateStore store, ITopologyCodec codec, CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken);
        var stored = await store.ReadAsync("topology", "default", "topology", cancellationToken);
        return stored is not null && GrainStateSerializer.Deserialize<TopologyState>(stored.Payload) is { Network: { } n, Equipment: { } e } &&
               codec.TryRead(n, e, out var network, out var equipment, out _)
            ? new StoredTopology(network!, equipment!, n, e)
            : null;
    }

    private sealed record StoredTopology(OpticalNetwork Network, EquipmentLibrary Equipment, string NetworkJson, string EquipmentJson);

    /// <summary>
    /// The emulator's launch for the stored topology, or for the initial file on an empty store. The emulator is a separate
    /// program that reads files: the stored documents are written to the data directory for it.
    /// </summary>
    private async Task<EmulatorLaunch> EmulatorLaunchFor(StoredTopology? stored, NetworkBundle? initial, CancellationToken cancellationToken)
    {
        var settings = options.Emulator;
        EmulatorLaunch launch;
        if (stored is not null)
        {
            var folder = Directory.CreateDirectory(Path.Combine(options.DataDirectory, "emulator")).FullName;
            var networkPath = Path.Combine(folder, "network.json");
            var equipmentPath = Path.Combine(folder, "equipment.json");
            await File.WriteAllTextAsync(networkPath, stored.NetworkJson, cancellationToken);
            await File.WriteAllTextAsync(equipmentPath, stored.EquipmentJson, cancellationToken);
            launch = new EmulatorLaunch(stored.Network, stored.Equipment, networkPath, equipmentPath, settings.Port, settings.ControlPort);
        }
        else
        {
            launch = new EmulatorLaunch(initial!.Loaded.Network, initial.Equipment, options.InitialTopologyPath!, initial.EquipmentPath, settings.Port, settings.ControlPort);
        }

        return launch;
    }

    private async Task ResyncLiveLightpaths(CancellationToken cancellationToken)
    {
        var live = new List<LightpathView>();
        foreach (var state in new[] { LightpathState.Active, LightpathState.Degraded })
        {
            await foreach (var lp in directory.AllAsync(state: state, cancellationToken: cancellationToken))
            {
                live.Add(lp);
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(live, parallel, async (lp, _) => await grains.Lightpath(lp).Resync());
        if (live.Count > 0)
        {
            logger.LogInformation("configuration of {Count} live lightpaths pushed to the emulated devices", live.Count);
        }
    }

    /// <summary>Seeds the change feed and alarms from the store; returns the lightpaths with unfinished business.</summary>
    private async Task<List<LightpathView>> SeedFeed(CancellationToken cancellationToken)
    {
        var pending = new List<LightpathView>();
        await foreach (var lp in directory.AllAsync(cancellationToken: cancellationToken))
        {
            feed.Seed(lp);
            if (lp.CleanupFailure is not null || lp.State is LightpathState.Reserved or LightpathState.Provisioning or LightpathState.Deleting or LightpathState.Restoring)
            {
                pending.Add(lp);
            }
        }

        await foreach (var (key, _, stored) in store.ScanAsync("fiber", cancellationToken))
        {
            if (GrainStateSerializer.Deserialize<FiberGrainState>(stored.Payload) is { } fibers)
            {
                feed.Seed(key, fibers);
            }
        }

        await foreach (var (key, _, stored) in store.ScanAsync("opticalnode", cancellationToken))
        {
            if (GrainStateSerializer.Deserialize<OpticalNodeState>(stored.Payload) is { } node)
            {
                feed.Seed(key, node);
            }
        }

        feed.SeedCompleted();
        return pending;
    }

    private void PrintBanner(TopologySummary? summary, string? adminKey)
    {
        var rest = endpoints.RestUri;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Continuum PCE is running");
        text.AppendLine($"  REST          {rest}api/v1   (HTTP/1.1)");
        text.AppendLine($"  gRPC          {endpoints.GrpcUri}   (HTTP/2, reflection on)");
        text.AppendLine($"  API reference {rest}scalar/v1   OpenAPI {rest}openapi/v1.json");
        text.AppendLine($"  metrics       {rest}metrics   health {rest}health/ready");
        text.AppendLine($"  topology      {(summary is null ? "none loaded" : $"{summary.Name} v{summary.Version}: {summary.Sites} sites, {summary.Nodes} nodes, {summary.Fibers} fibres")}");
        text.AppendLine($"  devices       {(devices.Emulator is { } emu ? $"gNMI emulator on {emu.Address}" + (emu.ControlPort is { } cp ? $" (fault injection on http://127.0.0.1:{cp})" : "") : "real devices (configuration section Devices)")}");
        text.AppendLine($"  data          {Path.GetFullPath(options.DataDirectory)}");
        text.AppendLine($"  orleans       silo port {siloPorts.Silo}, gateway port {siloPorts.Gateway} ({(siloPorts.Clustered ? "clustered" : "localhost clustering; free ports unless Clustering:SiloPort/GatewayPort are set")})");
        if (!mode.Required)
        {
            text.AppendLine("  auth          OFF (Development environment)");
        }
        else if (adminKey is not null)
        {
            text.AppendLine($"  admin API key {adminKey}");
            text.AppendLine("                (shown once; also written to the data directory, owner-only. Issue more keys with POST /api/v1/keys)");
        }
        else
        {
            text.AppendLine("  auth          API keys (X-API-Key header); the admin key was printed on the first start");
        }

        var key = !mode.Required ? "" : adminKey is null ? " -H \"X-API-Key: $PCE_API_KEY\"" : $" -H \"X-API-Key: {adminKey}\"";
        text.AppendLine();
        text.AppendLine("Try:");
        text.AppendLine($"  curl -s{key} -H 'Content-Type: application/json' -d '{{\"source\":\"FRA\",\"destination\":\"PAR\",\"rateGbps\":400}}' {rest}api/v1/paths/compute");
        Console.Out.Write(text.ToString());
        Console.Out.Flush();
    }
}
