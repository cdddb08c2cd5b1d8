using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Grains;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// The device emulator serving one network on a free loopback port, a <see cref="GnmiDeviceDirectory"/> of the test's
/// own to read back what the devices hold, and an in-process silo wired the way a host wires real devices: the network
/// catalog, the real routing core, <c>AddGnmiSouthbound</c>, <c>AddContinuumPce</c> (SQLite in a temp folder of this
/// fixture's own) and <c>AddContinuumPceTelemetry</c>. A fixture names its network, its gNMI timeout and its option
/// overrides; everything else (start, silo wiring, disposal) is here.
/// </summary>
/// <typeparam name="TSelf">The fixture itself: the static the silo configurator reads is one per fixture type.</typeparam>
public abstract class EmulatorClusterFixture<TSelf> : IAsyncLifetime
    where TSelf : EmulatorClusterFixture<TSelf>
{
    // The silo configurator is created by the test cluster with new(): it reads the running fixture (emulator address,
    // network, options) from here. Generic, so each fixture type has its own and collections may start side by side.
    private static TSelf? _running;

    private readonly string _dataDirectory;
    private readonly NetworkSnapshot _snapshot;
    private readonly TimeSpan _gnmiTimeout;
    private PathTopology? _topology;

    /// <param name="name">Prefix of the temp folder that holds the SQLite store.</param>
    /// <param name="snapshot">The network the emulator serves and the catalog publishes.</param>
    /// <param name="gnmiTimeout">The gNMI call timeout of the silo's and the test's own clients.</param>
    protected EmulatorClusterFixture(string name, NetworkSnapshot snapshot, TimeSpan gnmiTimeout)
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "pce-tests", name + "-" + Guid.NewGuid().ToString("N"));
        _snapshot = snapshot;
        _gnmiTimeout = gnmiTimeout;
    }

    public DeviceEmulatorHost Emulator { get; private set; } = null!;

    /// <summary>A checked order on the fixture's network (the application's validator, as the API runs it).</summary>
    public LightpathOrder Order(string id, string tenant, string source, string destination, int rateGbps = 100, ConstraintFields? constraints = null, string? restoration = null, int? priority = null, string? protection = null)
    {
        _topology ??= new PathTopology(_snapshot.Network);
        var fields = new LightpathRequestFields(id, tenant, source, destination, rateGbps, constraints) { Restoration = restoration, RestorationPriority = priority, Protection = protection };
        return OrderMapping.Check(fields, _snapshot.Network, _topology);
    }

    /// <summary>A client-side directory of the test's own, to read back what the devices hold.</summary>
    public GnmiDeviceDirectory Devices { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _running = (TSelf)this;
        await StartDevicesAsync();
        await StartClusterAsync();
    }

    public async Task DisposeAsync()
    {
        await StopClusterAsync();
        await StopDevicesAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    /// <summary>The lightpath health options of the silo; the defaults unless a fixture overrides them.</summary>
    protected virtual void ConfigureHealth(LightpathHealthOptions options)
    {
    }

    /// <summary>The restoration options of the silo (timers, concurrency); the defaults unless a fixture overrides them.</summary>
    protected virtual void ConfigureRestoration(RestorationOptions options)
    {
    }

    /// <summary>The reservation options of the silo (cleanup retry and the like); the defaults unless overridden.</summary>
    protected virtual void ConfigureReservation(ReservationOptions options)
    {
    }

    /// <summary>Stops the silo and starts a new one on the same store; the devices keep running (and keep any cut).</summary>
    public async Task RestartControllerAsync()
    {
        await StopClusterAsync();
        await StartClusterAsync();
    }

    /// <summary>Stops the silo and the devices, starts fresh devices (empty) and a new silo on the same store.</summary>
    protected async Task RestartControllerAndDevicesAsync()
    {
        await StopClusterAsync();
        await StopDevicesAsync();
        await StartDevicesAsync();
        await StartClusterAsync();
    }

    /// <summary>How the controller (and the test's own directory) speaks to a device: encoding, origin; the defaults unless overridden.</summary>
    protected virtual GnmiDeviceOptions ConfigureDevice(GnmiDeviceOptions options) => options;

    /// <summary>The emulator's options (device profiles); the defaults unless overridden.</summary>
    protected virtual DeviceEmulatorOptions ConfigureEmulator(DeviceEmulatorOptions options) => options;

    private GnmiDeviceOptions DeviceOptions(string device) => ConfigureDevice(new() { Address = Emulator.Address, Target = device, UseTls = false, Timeout = _gnmiTimeout });

    private async Task StartDevicesAsync()
    {
        Emulator = await DeviceEmulatorHost.StartAsync(_snapshot.Network, ConfigureEmulator(new DeviceEmulatorOptions { ControlPort = null, Equipment = _snapshot.Equipment }));
        Devices = new GnmiDeviceDirectory(id => DeviceOptions(id.Value));
    }

    private async Task StopDevicesAsync()
    {
        await Devices.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    private async Task StartClusterAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    private async Task StopClusterAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var fixture = _running ?? throw new InvalidOperationException($"{typeof(TSelf).Name} is not running");
            var catalog = new InMemoryNetworkCatalog();
            catalog.Publish(fixture._snapshot);
            siloBuilder.Services.AddSingleton<INetworkCatalog>(catalog);
            siloBuilder.Services.AddSingleton<IPathComputer, RoutingPathComputer>();
            siloBuilder.Services.AddGnmiSouthbound(id => fixture.DeviceOptions(id.Value));
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = Path.Combine(fixture._dataDirectory, "state.db") }, fixture.ConfigureReservation);
            siloBuilder.AddContinuumPceTelemetry();
            siloBuilder.Services.Configure<LightpathHealthOptions>(fixture.ConfigureHealth);
            siloBuilder.Services.Configure<RestorationOptions>(fixture.ConfigureRestoration);
        }
    }
}
