using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Grains.ProcessHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

/// <summary>
/// One in-process silo shared by the grain tests (a start costs seconds): SQLite storage in a temp folder, the ring
/// network, the plain path computer, the no-op renderer and a fake clock the tests move by hand. Tests use distinct
/// lightpath ids and fibres' claims by owner, so they do not depend on each other or on order.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    private static readonly string DataDirectory = Path.Combine(Path.GetTempPath(), "pce-tests", "cluster-" + Guid.NewGuid().ToString("N"));

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var catalog = new InMemoryNetworkCatalog();
            catalog.Publish(new NetworkSnapshot(RingNetwork.Build(), RingNetwork.Equipment, 1));
            siloBuilder.Services.AddSingleton<INetworkCatalog>(catalog);
            siloBuilder.Services.AddSingleton<TimeProvider>(Clock);
            siloBuilder.Services.AddSingleton<IPathComputer, SimplePathComputer>();
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = Path.Combine(DataDirectory, "state.db") }, r => r.HoldTimeout = TimeSpan.FromSeconds(10));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A silo of its own for the topology grain: loading a topology replaces the silo's network for every grain.</summary>
public sealed class TopologyClusterFixture : IAsyncLifetime
{
    private static readonly string DataDirectory = Path.Combine(Path.GetTempPath(), "pce-tests", "topology-" + Guid.NewGuid().ToString("N"));

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<IPathComputer, SimplePathComputer>();
            siloBuilder.Services.AddSingleton<ITopologyCodec, Support.TopologyIoCodec>();
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = Path.Combine(DataDirectory, "state.db") });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyClusterFixture>
{
    public const string Name = "topology";
}
