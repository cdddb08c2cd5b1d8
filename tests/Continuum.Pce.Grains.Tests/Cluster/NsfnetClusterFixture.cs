using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Grains.Hosting;
using Continuum.Pce.Topology.IO;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

/// <summary>
/// One in-process silo on the shipped NSFNET (the DeepRMSA version: 14 nodes, 22 duplex links, 100 × 12.5 GHz slots)
/// with the real routing core behind the path-computation port and SQLite storage.
/// </summary>
public sealed class NsfnetClusterFixture : SiloFixture<NsfnetClusterFixture.SiloConfigurator>
{
    public static OpticalNetwork Network => Snapshot.Value.Network;

    private static readonly Lazy<NetworkSnapshot> Snapshot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Continuum.Pce.sln")))
        {
            dir = dir.Parent;
        }

        var bundle = NetworkFile.Load(Path.Combine(dir.FullName, "topologies", "nsfnet.json")).Value!;
        return new NetworkSnapshot(bundle.Loaded.Network, bundle.Equipment, 1);
    });

    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var catalog = new InMemoryNetworkCatalog();
            catalog.Publish(Snapshot.Value);
            siloBuilder.Services.AddSingleton<INetworkCatalog>(catalog);
            siloBuilder.Services.AddSingleton<IPathComputer, RoutingPathComputer>();
            siloBuilder.AddContinuumPce(new PceStorageOptions { SqlitePath = DatabasePath });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class NsfnetCollection : ICollectionFixture<NsfnetClusterFixture>
{
    public const string Name = "nsfnet";
}
