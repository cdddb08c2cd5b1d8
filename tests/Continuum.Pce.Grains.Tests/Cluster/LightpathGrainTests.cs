using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.ProcessHost;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class LightpathGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    private static LightpathOrder Order(string id, string from = "S0", string to = "S2") => RingNetwork.Order(id, "tenant-a", from, to);

    private static string NewId() => "lp-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Create_OnAFreeNetwork_EndsActiveWithPathSlotsAndHistory()
    {
        var id = NewId();

        var view = await _grains.Lightpath("tenant-a", id).Create(Order(id));

        Assert.Equal(LightpathState.Active, view.State);
        Assert.Equal(["R0-R1", "R1-R2"], view.Fibers.ToArray());
        Assert.NotNull(view.SlotStart);
        Assert.Equal(["Requested", "Computed", "Reserved", "Provisioning", "Active"], view.History.Select(e => e.To.ToString()).ToArray());
    }

    [Fact]
    public async Task Create_CommitsTheSlotsOnEveryFibreOfThePath()
    {
        var id = NewId();

        var view = await _grains.Lightpath("tenant-a", id).Create(Order(id, "S3", "S5"));

        foreach (var fiber in view.Fibers)
        {
            var spectrum = await _grains.GetGrain<IFiberGrain>(fiber).GetSpectrum();
            var claim = Assert.Single(spectrum.Claims, c => c.Lightpath == LightpathGrains.KeyOf("tenant-a", id));
            Assert.Equal("Committed", claim.Status);
            Assert.Equal(view.SlotStart, claim.SlotStart);
        }
    }

    [Fact]
    public async Task Create_Twice_IsIdempotent()
    {
        var id = NewId();
        var grain = _grains.Lightpath("tenant-a", id);

        var first = await grain.Create(Order(id));
        var second = await grain.Create(Order(id));

        Assert.Equal(first.SlotStart, second.SlotStart);
        Assert.Equal(first.History.Length, second.History.Length);
    }

    [Fact]
    public async Task Delete_ReleasesEveryFibreClaim_AndEndsDeleted()
    {
        var id = NewId();
        var grain = _grains.Lightpath("tenant-a", id);
        var created = await grain.Create(Order(id, "S1", "S4"));

        var deleted = await grain.Delete();

        Assert.Equal(LightpathState.Deleted, deleted.State);
        foreach (var fiber in created.Fibers)
        {
            var spectrum = await _grains.GetGrain<IFiberGrain>(fiber).GetSpectrum();
            Assert.DoesNotContain(spectrum.Claims, c => c.Lightpath == LightpathGrains.KeyOf("tenant-a", id));
        }
    }

    [Fact]
    public async Task Create_OrderNamingANodeTheSilosNetworkLacks_FailsAsAnInvalidRequestNamingIt()
    {
        // An order checked against an earlier network than the silo now holds (the topology was replaced in between).
        var id = NewId();
        var order = Order(id);
        order = order with { Request = order.Request with { Destination = new NodeId("R99") } };

        var view = await _grains.Lightpath("tenant-a", id).Create(order);

        Assert.Equal(LightpathState.Failed, view.State);
        Assert.Equal("InvalidRequest", view.BlockReason);
        Assert.Contains("R99", view.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownLightpath_SaysItDoesNotExist()
    {
        var view = await _grains.Lightpath("tenant-a", NewId()).Get();

        Assert.False(view.Exists);
    }
}
