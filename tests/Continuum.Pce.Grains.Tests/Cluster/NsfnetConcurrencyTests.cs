using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

[Collection(NsfnetCollection.Name)]
public sealed class NsfnetConcurrencyTests(NsfnetClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task SixtyFourClients_TwoThousandRequests_OnNsfnet_AuditFindsEverySlotHeldByExactlyItsLightpath()
    {
        const int clients = 64;
        const int total = 2000;
        var sites = NsfnetClusterFixture.Network.Sites.Select(s => s.Id.Value).ToArray();
        var network = NsfnetClusterFixture.Network;
        var topology = new PathTopology(network);
        var random = new Random(7);
        var orders = Enumerable.Range(0, total).Select(i =>
        {
            var a = random.Next(sites.Length);
            var b = (a + 1 + random.Next(sites.Length - 1)) % sites.Length;
            return OrderMapping.Check(new LightpathRequestFields($"nsf-{i}", "tenant-audit", sites[a], sites[b], new[] { 100, 200, 400 }[random.Next(3)]), network, topology);
        }).ToArray();

        var views = new LightpathView[total];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                views[i] = await _grains.Lightpath(orders[i]).Create(orders[i]);
            }
        })));

        // Every request ends Active or Blocked with a reason.
        Assert.All(views, v => Assert.True(v.State == LightpathState.Active || (v.State == LightpathState.Failed && v.BlockReason is not null), $"{v.Id}: {v.State} {v.FailureReason}"));
        var active = views.Where(v => v.State == LightpathState.Active).ToDictionary(v => LightpathGrains.KeyOf(v.Tenant, v.Id));
        Assert.True(active.Count > 100, $"only {active.Count} lightpaths became active");

        // Audit every fibre: no overlap, no hold left, every claim is exactly an Active lightpath's slots on a fibre it names.
        var claimed = new HashSet<(string Lightpath, string Fiber)>();
        foreach (var fiber in NsfnetClusterFixture.Network.Fibers)
        {
            var spectrum = await _grains.GetGrain<IFiberGrain>(fiber.Id.Value).GetSpectrum();
            var claims = spectrum.Claims.OrderBy(c => c.SlotStart).ToList();
            for (var k = 1; k < claims.Count; k++)
            {
                Assert.True(claims[k - 1].SlotStart + claims[k - 1].SlotCount <= claims[k].SlotStart, $"{fiber.Id}: {claims[k - 1].Lightpath} overlaps {claims[k].Lightpath}");
            }

            foreach (var claim in claims)
            {
                Assert.Equal("Committed", claim.Status);
                Assert.True(active.TryGetValue(claim.Lightpath, out var owner), $"{fiber.Id}: claim of {claim.Lightpath} has no Active owner");
                Assert.Contains(fiber.Id.Value, owner!.ReservedFibers);
                Assert.Equal((owner.SlotStart, owner.SlotCount), (claim.SlotStart, claim.SlotCount));
                claimed.Add((claim.Lightpath, fiber.Id.Value));
            }
        }

        foreach (var lp in active.Values)
        {
            Assert.All(lp.ReservedFibers, f => Assert.Contains((LightpathGrains.KeyOf(lp.Tenant, lp.Id), f), claimed));
        }
    }
}
