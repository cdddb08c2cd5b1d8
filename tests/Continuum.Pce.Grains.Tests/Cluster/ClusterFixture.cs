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
public sealed class ClusterFixture : SiloFixture<ClusterFixture.SiloConfigurator>
{
    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var catalog = new InMemoryNetworkCatalog();
            catalog.Publish(new NetworkSnapshot(RingNetwork.Build(), RingNetwork.Equipment, 1));
            siloBuilder.Services.AddSingleton<INetworkCatalog>(catalog);
            siloBuilder.Services.AddSingleton<TimeProvider>(Clock);
            siloBuilder.Services.AddSingleton<IPathComputer, SimplePathComputer>();
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = DatabasePath }, r => r.HoldTimeout = TimeSpan.FromSeconds(10));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A silo of its own for the topology grain: loading a topology replaces the silo's network for every grain.</summary>
public sealed class TopologyClusterFixture : SiloFixture<TopologyClusterFixture.SiloConfigurator>
{
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<IPathComputer, SimplePathComputer>();
            siloBuilder.Services.AddSingleton<ITopologyCodec, Continuum.Pce.Api.Hosting.TopologyIoCodec>();
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = DatabasePath });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyClusterFixture>
{
    public const string Name = "topology";
}
