using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Southbound.Gnmi;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// An in-process silo wired the way a host wires real devices: <c>AddGnmiSouthbound</c> (gNMI renderer and telemetry
/// source) and <c>AddContinuumPceTelemetry</c>, against the device emulator on a free loopback port serving the
/// emulator's sample network (R1 … R4 in a chain, transponders T1 at R1 and T4 at R4) with the shipped equipment
/// library; the real routing core with QoT-checked modes; SQLite in a temp folder.
/// </summary>
public sealed class GnmiClusterFixture : IAsyncLifetime
{
    private static readonly string DataDirectory = Path.Combine(Path.GetTempPath(), "pce-tests", "gnmi-" + Guid.NewGuid().ToString("N"));

    // The silo configurator is created by the test cluster with new(): it reads the emulator's address from here.
    private static string _emulatorAddress = "";

    public static NetworkSnapshot Snapshot { get; } = new(SampleNetwork.Build(4), PhysicsChannelQualityModel.DefaultEquipment, 1);

    /// <summary>
    /// Health timing for these tests: 1 s windows instead of the defaults (5 s, 10 s, 2.5 s, 10 s) so that detection and
    /// recovery are proved within a few seconds; the defaults are proved by <c>LightpathHealthTests</c> (HealthClusterFixture).
    /// </summary>
    public static void Health(LightpathHealthOptions o)
    {
        o.SettleTime = TimeSpan.FromSeconds(1);
        o.StartupSettleTime = TimeSpan.FromSeconds(1);
        o.DegradeAfter = TimeSpan.FromSeconds(1);
        o.RecoveryHold = TimeSpan.FromSeconds(1);
    }

    public DeviceEmulatorHost Emulator { get; private set; } = null!;

    /// <summary>A client-side directory of its own, to read back what the devices hold.</summary>
    public GnmiDeviceDirectory Devices { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await DeviceEmulatorHost.StartAsync(Snapshot.Network, new DeviceEmulatorOptions { ControlPort = null, Equipment = Snapshot.Equipment });
        _emulatorAddress = Emulator.Address;
        Devices = new GnmiDeviceDirectory(id => Options(id.Value));
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Devices.DisposeAsync();
        await Emulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    private static GnmiDeviceOptions Options(string device) => new() { Address = _emulatorAddress, Target = device, UseTls = false, Timeout = TimeSpan.FromSeconds(5) };

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var catalog = new InMemoryNetworkCatalog();
            catalog.Publish(Snapshot);
            siloBuilder.Services.AddSingleton<INetworkCatalog>(catalog);
            siloBuilder.Services.AddSingleton<IPathComputer, RoutingPathComputer>();
            siloBuilder.Services.AddGnmiSouthbound(id => Options(id.Value));
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = Path.Combine(DataDirectory, "state.db") });
            siloBuilder.AddContinuumPceTelemetry();
            siloBuilder.Services.Configure<LightpathHealthOptions>(Health);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GnmiClusterCollection : ICollectionFixture<GnmiClusterFixture>
{
    public const string Name = "gnmi-cluster";
}

/// <summary>Awaits a condition with a deadline (bounded polling of grain state; nothing is slept on blindly).</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan deadline, string what)
    {
        using var cts = new CancellationTokenSource(deadline);
        var last = await read();
        while (!condition(last))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{what} not reached within {deadline.TotalSeconds:F1} s; last value: {last}");
            }

            last = await read();
        }

        return last;
    }
}
