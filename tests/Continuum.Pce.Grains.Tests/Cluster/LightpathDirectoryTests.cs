using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Continuum.Pce.Grains.ProcessHost;
using Continuum.Pce.Grains.Storage;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class LightpathDirectoryTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;
    private readonly LightpathDirectory _directory = new(new SqliteGrainStateStore(ClusterFixture.DatabasePath));

    [Fact]
    public async Task List_ByTenant_PagesThroughOnlyThatTenantsLightpathsInIdOrder()
    {
        var tenant = "dir-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new[] { $"{tenant}-a", $"{tenant}-b", $"{tenant}-c" };
        foreach (var id in ids)
        {
            await _grains.Lightpath(tenant, id).Create(RingNetwork.Order(id, tenant, "S1", "S3"));
        }

        await _grains.Lightpath("someone-else", $"{tenant}-other").Create(RingNetwork.Order($"{tenant}-other", "someone-else", "S1", "S3"));

        var first = await _directory.ListAsync(tenant, null, null, 2);
        var second = await _directory.ListAsync(tenant, null, first.NextCursor, 2);

        Assert.Equal(ids[..2], first.Items.Select(v => v.Id).ToArray());
        Assert.Equal([ids[2]], second.Items.Select(v => v.Id).ToArray());
        Assert.All(first.Items.Concat(second.Items), v => Assert.Equal(tenant, v.Tenant));
    }

    [Fact]
    public async Task List_ByState_ReturnsOnlyLightpathsInThatState()
    {
        var tenant = "dir-" + Guid.NewGuid().ToString("N")[..8];
        await _grains.Lightpath(tenant, $"{tenant}-ok").Create(RingNetwork.Order($"{tenant}-ok", tenant, "S0", "S2"));
        var bad = RingNetwork.Order($"{tenant}-bad", tenant, "S0", "S2");
        await _grains.Lightpath(tenant, $"{tenant}-bad").Create(bad with { Request = bad.Request with { Destination = new NodeId("Nowhere") } });

        var failed = await _directory.ListAsync(tenant, LightpathState.Failed, null, 10);

        Assert.Equal([$"{tenant}-bad"], failed.Items.Select(v => v.Id).ToArray());
        Assert.Equal("InvalidRequest", failed.Items[0].BlockReason);
    }
}
