using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Geography;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Sites;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Southbound.Gnmi.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// The world of the device-agreement property: a ring of six ROADMs (R1 … R6, one 2 × 50 km fibre pair per hop with an
/// in-line amplifier) with a transponder shelf of eight interfaces at every ROADM (T<i>n</i> at site S<i>n</i>), so that
/// a lightpath may run between any two sites, a reroute can move it to the other way round the ring, and the two ways
/// between opposite sites have transit ROADMs of their own (a refusal there outlives the removal of the old path). The emulator serves it on
/// a free loopback port; the silo is wired as a host wires real devices (gNMI renderer and telemetry, the real routing
/// core, SQLite in a temp folder). The automatic cleanup retry is pushed out of reach (an hour) so that a sequence is
/// driven only by its seed: the sequences call <c>Reconcile</c> themselves, which is what the retry timer calls (the
/// timer is proved by <c>DeviceConsistencyTests</c>). The property owns these devices: no other test writes to them.
/// </summary>
public sealed class DeviceAgreementFixture : IAsyncLifetime
{
    /// <summary>ROADMs in the ring: six, so that the two ways between opposite sites share no transit ROADM.</summary>
    public const int RingSize = 6;

    public static readonly string[] Roadms = [.. Enumerable.Range(1, RingSize).Select(i => $"R{i}")];

    public static readonly string[] Transponders = [.. Enumerable.Range(1, RingSize).Select(i => $"T{i}")];

    public static readonly string[] Sites = [.. Enumerable.Range(1, RingSize).Select(i => $"S{i}")];

    private static readonly string DataDirectory = Path.Combine(Path.GetTempPath(), "pce-tests", "agreement-" + Guid.NewGuid().ToString("N"));

    // The silo configurator is created by the test cluster with new(): it reads the emulator's address from here.
    private static string _emulatorAddress = "";

    public static NetworkSnapshot Snapshot { get; } = new(Ring(), PhysicsChannelQualityModel.DefaultEquipment, 1);

    public DeviceEmulatorHost Emulator { get; private set; } = null!;

    /// <summary>A client-side directory of the test's own, to read what the devices hold.</summary>
    public GnmiDeviceDirectory Devices { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The transponder shelf attached to a ROADM (T<i>n</i> at R<i>n</i>).</summary>
    public static string TransponderAt(string roadm) => "T" + roadm[1..];

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

    private static GnmiDeviceOptions Options(string device) => new() { Address = _emulatorAddress, Target = device, UseTls = false, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>R1-R2-…-R6-R1, 2 × 50 km per fibre with an in-line amplifier after the first span; T<i>n</i> at R<i>n</i>.</summary>
    private static OpticalNetwork Ring()
    {
        var sites = new List<Site>();
        var nodes = new List<OpticalNode>();
        var fibers = new List<Fiber>();
        for (var i = 1; i <= RingSize; i++)
        {
            var site = new SiteId($"S{i}");
            sites.Add(new Site(site, $"Site {i}", SiteTier.Colo, Jurisdiction.Parse("DE"), new GeoPoint(50 + (i * 0.5), 8), 0.2, 380));
            nodes.Add(new Roadm(new NodeId($"R{i}"), $"ROADM {i}", site, new RoadmTypeId("roadm-cdc"), 2, 2));
            nodes.Add(new Transponder(new NodeId($"T{i}"), $"Transponders {i}", site, new TransceiverTypeId("pluggable-400zr-plus"), new NodeId($"R{i}"), 8));
        }

        for (var i = 1; i <= RingSize; i++)
        {
            var next = (i % RingSize) + 1;
            foreach (var (a, b) in new[] { (i, next), (next, i) })
            {
                var amp = new NodeId($"A{a}-{b}");
                nodes.Add(new InlineAmplifier(amp, $"ILA R{a}->R{b}", new SiteId($"S{a}"), new AmplifierTypeId("edfa-inline-vg")));
                var spans = ImmutableArray.Create(
                    new Span(50, new FiberTypeId("SSMF"), 0.22, Amplifier: new SpanAmplifier(new AmplifierTypeId("edfa-inline-vg"), Device: amp)),
                    new Span(50, new FiberTypeId("SSMF"), 0.22));
                fibers.Add(new Fiber(new FiberId($"R{a}-R{b}"), new NodeId($"R{a}"), new NodeId($"R{b}"), spans, [], [Jurisdiction.Parse("DE")], new FiberId($"R{b}-R{a}")));
            }
        }

        return new OpticalNetwork("agreement-ring", SpectrumGrid.CBandFlex, sites, nodes, fibers);
    }

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var catalog = new InMemoryNetworkCatalog();
            catalog.Publish(Snapshot);
            siloBuilder.Services.AddSingleton<INetworkCatalog>(catalog);
            siloBuilder.Services.AddSingleton<IPathComputer, RoutingPathComputer>();
            siloBuilder.Services.AddGnmiSouthbound(id => Options(id.Value));
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = Path.Combine(DataDirectory, "state.db") }, o =>
            {
                o.CleanupRetryInitial = TimeSpan.FromHours(1);
                o.CleanupRetryMax = TimeSpan.FromHours(1);
            });
            siloBuilder.AddContinuumPceTelemetry();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DeviceAgreementCollection : ICollectionFixture<DeviceAgreementFixture>
{
    public const string Name = "device-agreement";
}
