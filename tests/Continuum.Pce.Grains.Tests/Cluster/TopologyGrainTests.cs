using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Topology;
using Continuum.Pce.TestKit.Topology;
using Continuum.Pce.Topology.IO;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

[Collection(TopologyCollection.Name)]
public sealed class TopologyGrainTests(TopologyClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    private static (string Network, string Equipment) Documents(string name) => (
        TopologyWriter.WriteNetwork(new NetworkBuilder().Named(name).Site("A").Site("B").Link("A", "B", 100).Build()),
        TopologyWriter.WriteEquipment(TestEquipment.Library));

    [Fact]
    public async Task Load_ValidDocuments_BumpsTheVersionAndSummarises()
    {
        var grain = _grains.GetGrain<ITopologyGrain>("topology-test-" + Guid.NewGuid().ToString("N")[..6]);
        var (network, equipment) = Documents("first");

        var first = await grain.Load(network, equipment);
        var second = await grain.Load(Documents("second").Network, equipment);

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal("second", second.Name);
        Assert.Equal(2, second.Sites);
        Assert.Equal(2, (await grain.GetDocuments())!.Value.Version);
    }

    [Fact]
    public async Task Load_InvalidDocument_IsRejectedWithEveryErrorAndKeepsThePreviousVersion()
    {
        var grain = _grains.GetGrain<ITopologyGrain>("topology-test-" + Guid.NewGuid().ToString("N")[..6]);
        var (network, equipment) = Documents("good");
        await grain.Load(network, equipment);
        var broken = network.Replace("\"jurisdiction\": \"DE\"", "\"jurisdiction\": \"XX\"", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<TopologyRejectedException>(() => grain.Load(broken, equipment));

        Assert.Equal(2, error.Errors.Length);
        Assert.All(error.Errors, e => Assert.Contains("jurisdiction", e, StringComparison.Ordinal));
        Assert.Equal(1, (await grain.GetDocuments())!.Value.Version);
    }
}
