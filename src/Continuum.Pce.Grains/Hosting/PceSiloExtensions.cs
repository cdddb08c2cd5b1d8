using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.Spectrum;
using Continuum.Pce.Grains.Storage;
using Continuum.Pce.Grains.Telemetry;
using Continuum.Pce.Grains.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace Continuum.Pce.Grains.Hosting;

/// <summary>Where grain state lives: a SQLite file (the embedded default) or a PostgreSQL database (a cluster).</summary>
public sealed class PceStorageOptions
{
    /// <summary>"sqlite" (default) or "postgres".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite database file.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "pce-state.db");

    /// <summary>Npgsql connection string when <see cref="Provider"/> is "postgres".</summary>
    public string? PostgresConnectionString { get; set; }
}

/// <summary>
/// How long an idle grain stays in memory (section "Pce:Grains"; Orleans' <see cref="Orleans.Configuration.GrainCollectionOptions"/>).
/// A live lightpath needs no activation while nothing happens to it: its state is in the store, a fibre or telemetry
/// event reactivates it, and one activation costs a few KiB of heap, which at a million lightpaths is gigabytes.
/// </summary>
public sealed class GrainCollectionSettings
{
    public const string Section = "Pce:Grains";

    /// <summary>Idle time after which a lightpath grain is deactivated (Orleans checks once a minute).</summary>
    public TimeSpan LightpathCollectionAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Idle time after which any other grain is deactivated (Orleans' default, 15 minutes).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Composition of the grains into a silo.</summary>
public static class PceSiloExtensions
{
    /// <summary>The grain storage provider name every grain of this project uses.</summary>
    public const string StorageName = "pce";

    /// <summary>
    /// Registers the grains' services and the project's grain storage. The path computer, the topology codec and the
    /// device renderer are ports: register real ones before or after; missing ones default to a no-op renderer only.
    /// </summary>
    public static ISiloBuilder AddContinuumPce(this ISiloBuilder silo, PceStorageOptions storage, Action<ReservationOptions>? reservation = null)
    {
        var services = silo.Services;
        services.TryAddSingleton<INetworkCatalog, InMemoryNetworkCatalog>();
        services.TryAddSingleton<IDeviceRenderer, NoOpDeviceRenderer>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SiloSpectrumView>();
        services.AddSingleton<LightpathServices>();
        services.AddSingleton<FiberGrainReservation>();
        services.AddSingleton<NodeGrainInterfaces>();
        services.TryAddSingleton<ILightpathEventSink>(NoLightpathEvents.Instance);
        services.AddSingleton<LightpathDirectory>();
        services.AddOptions<RestorationOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(RestorationOptions.Section).Bind(o));
        services.AddSingleton<RestorationScheduler>();
        services.AddOptions<TopologyFollowOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(TopologyFollowOptions.Section).Bind(o));
        services.AddSingleton(sp => new TopologyFollower(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<INetworkCatalog>(),
            sp.GetService<ITopologyCodec>(),
            sp.GetRequiredService<IOptions<TopologyFollowOptions>>(),
            sp.GetRequiredService<ILogger<TopologyFollower>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TopologyFollower>());
        silo.AddIncomingGrainCallFilter<TopologyCallFilter>();
        services.AddOptions<LightpathRetentionOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(LightpathRetentionOptions.Section).Bind(o));
        services.AddSingleton<LightpathStoreMaintenance>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LightpathStoreMaintenance>());
        services.AddOptions<ReservationOptions>().Configure(o => reservation?.Invoke(o));
        services.AddOptions<GrainCollectionSettings>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(GrainCollectionSettings.Section).Bind(o));
        services.AddOptions<Orleans.Configuration.GrainCollectionOptions>().Configure<IOptions<GrainCollectionSettings>>((o, settings) =>
        {
            o.CollectionAge = settings.Value.CollectionAge;
            o.ClassSpecificCollectionAge[typeof(LightpathGrain).FullName!] = settings.Value.LightpathCollectionAge;
        });
        services.AddSingleton<IGrainStateStore>(sp => storage.Provider.ToLowerInvariant() switch
        {
            "sqlite" => new SqliteGrainStateStore(storage.SqlitePath, sp.GetService<ILogger<SqliteGrainStateStore>>()),
            "postgres" or "postgresql" => new PostgresGrainStateStore(storage.PostgresConnectionString
                ?? throw new InvalidOperationException("Storage:PostgresConnectionString is required when Storage:Provider is postgres")),
            var other => throw new InvalidOperationException($"unknown storage provider '{other}' (expected sqlite or postgres)"),
        });
        services.AddKeyedSingleton<IGrainStorage>(StorageName, (sp, _) =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            return new RelationalGrainStorage(StorageName, sp.GetRequiredService<IGrainStateStore>(), [.. sp.GetServices<IGrainStateObserver>()], state => LightpathStateIndex.Of(state, time));
        });
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => (RelationalGrainStorage)sp.GetRequiredKeyedService<IGrainStorage>(StorageName));

        // Reminders (a restored revertive lightpath's revert watch) live in the same store as the grain states.
        silo.AddReminders();
        services.AddSingleton<IReminderTable, StoreReminderTable>();
        services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = StoreReminderTable.MinimumPeriod);
        return silo;
    }

    /// <summary>
    /// Makes lightpath changes cluster-wide (<see cref="ClusterEventRelay"/>): changes committed on this silo go to
    /// <paramref name="local"/> and to every other silo's <see cref="IClusterLightpathListener"/>; the changes of other
    /// silos arrive at <paramref name="listener"/>. Call before <see cref="AddContinuumPce"/> (it becomes the event sink).
    /// </summary>
    public static ISiloBuilder AddContinuumPceClusterEvents(this ISiloBuilder silo, ILightpathEventSink local, IClusterLightpathListener listener)
    {
        var services = silo.Services;
        services.AddSingleton(sp => new ClusterEventRelay(
            local,
            listener,
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<ILocalSiloDetails>(),
            sp.GetRequiredService<IClusterMembershipService>(),
            sp.GetRequiredService<ILogger<ClusterEventRelay>>()));
        services.AddSingleton<ILightpathEventSink>(sp => sp.GetRequiredService<ClusterEventRelay>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ClusterEventRelay>());
        return silo;
    }

    /// <summary>
    /// Adds the silo's telemetry ingestion (<see cref="TelemetryIngestion"/>): once the silo is active it watches every
    /// transponder and ROADM of the current topology through the registered <see cref="ITelemetrySource"/> (for example
    /// the gNMI southbound's) and feeds node, fibre and lightpath grains. Optional: a silo without devices does not call it.
    /// </summary>
    public static ISiloBuilder AddContinuumPceTelemetry(this ISiloBuilder silo, Action<TelemetryIngestionOptions>? configure = null)
    {
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TelemetryIngestionOptions>().Configure(o => configure?.Invoke(o));
        services.AddOptions<LightpathHealthOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(LightpathHealthOptions.Section).Bind(o));
        services.AddSingleton(sp => new TelemetryIngestion(
            sp.GetService<ITelemetrySource>() ?? throw new InvalidOperationException("AddContinuumPceTelemetry needs an ITelemetrySource (AddGnmiSouthbound registers one)"),
            sp.GetRequiredService<INetworkCatalog>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<TelemetryIngestionOptions>>(),
            sp.GetRequiredService<ILogger<TelemetryIngestion>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TelemetryIngestion>());
        return silo;
    }
}
