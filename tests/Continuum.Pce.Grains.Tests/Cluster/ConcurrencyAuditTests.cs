using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.ProcessHost;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class ConcurrencyAuditTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task ConcurrentCreates_OnAContendedRing_NeverShareASlot_AndEveryRequestEndsActiveOrBlockedWithAReason()
    {
        const int clients = 64;
        const int perClient = 5;
        var run = Guid.NewGuid().ToString("N")[..6];
        var random = new Random(42);
        var orders = Enumerable.Range(0, clients * perClient).Select(i =>
        {
            var a = random.Next(6);
            var b = (a + 1 + random.Next(5)) % 6;
            return RingNetwork.Order($"audit-{run}-{i}", "tenant-audit", $"S{a}", $"S{b}");
        }).ToArray();

        var views = new LightpathView[orders.Length];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var k = 0; k < perClient; k++)
            {
                var i = c * perClient + k;
                views[i] = await _grains.Lightpath(orders[i]).Create(orders[i]);
            }
        })));

        Assert.All(views, v => Assert.True(v.State == LightpathState.Active || (v.State == LightpathState.Failed && v.BlockReason is not null), $"{v.Id}: {v.State} {v.FailureReason}"));
        Assert.Contains(views, v => v.State == LightpathState.Active);
        Assert.Contains(views, v => v.BlockReason == "Spectrum");

        // Audit every fibre: no overlapping claims, and every claim of this run is a committed slot of an Active lightpath that names it.
        var active = views.Where(v => v.State == LightpathState.Active).ToDictionary(v => LightpathGrains.KeyOf(v.Tenant, v.Id));
        for (var i = 0; i < 6; i++)
        {
            foreach (var fiberId in new[] { $"R{i}-R{(i + 1) % 6}", $"R{(i + 1) % 6}-R{i}" })
            {
                var spectrum = await _grains.GetGrain<IFiberGrain>(fiberId).GetSpectrum();
                var claims = spectrum.Claims.OrderBy(c => c.SlotStart).ToList();
                for (var k = 1; k < claims.Count; k++)
                {
                    Assert.True(claims[k - 1].SlotStart + claims[k - 1].SlotCount <= claims[k].SlotStart, $"{fiberId}: {claims[k - 1].Lightpath} and {claims[k].Lightpath} overlap");
                }

                foreach (var claim in claims.Where(c => c.Lightpath.StartsWith($"audit-{run}-", StringComparison.Ordinal)))
                {
                    Assert.Equal("Committed", claim.Status);
                    var owner = active[claim.Lightpath];
                    Assert.Contains(fiberId, owner.ReservedFibers);
                    Assert.Equal(owner.SlotStart, claim.SlotStart);
                }
            }
        }

        foreach (var lp in active.Values)
        {
            foreach (var fiberId in lp.ReservedFibers)
            {
                var spectrum = await _grains.GetGrain<IFiberGrain>(fiberId).GetSpectrum();
                Assert.Contains(spectrum.Claims, c => c.Lightpath == LightpathGrains.KeyOf(lp.Tenant, lp.Id) && c.SlotStart == lp.SlotStart);
            }
        }
    }
}
