using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using CsCheck;
using Xunit;

namespace Continuum.Pce.Application.Tests.Lightpaths;

/// <summary>
/// The law of the lightpath service: whatever sequence of creates, deletes, reroutes and reconciliations runs, and
/// whichever device refuses what, the ledgers, the devices and the stored records agree — no slot held twice, no claim
/// without a live owner, no channel on a device without an owner that holds its spectrum; and once the faults stop and
/// every pending lightpath is reconciled, every claim and every configured channel belongs to an Active lightpath.
/// </summary>
public sealed class LightpathServicePropertyTests
{
    private static readonly string[] Sites = ["A", "B", "C"];
    private static readonly string[] Tenants = ["acme", "globex"];

    [Fact]
    public void RandomOperationsWithDeviceFaults_KeepLedgersDevicesAndRecordsInAgreement()
    {
        // 500 sequences in CI (about a second); PCE_PROPERTY_ITERATIONS=20000 for a long run.
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("PCE_PROPERTY_ITERATIONS"), out var n) ? n : 500;
        Gen.Int[0, int.MaxValue].Sample(seed => RunAsync(seed).GetAwaiter().GetResult(), iter: iterations);
    }

    private static async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var world = new LightpathWorld();
        var devices = world.Snapshot.Network.Nodes.Where(n => n is not Domain.Network.InlineAmplifier).Select(n => n.Id).ToArray();
        var kinds = Enum.GetValues<FaultKind>();
        for (var step = 0; step < 40; step++)
        {
            if (random.NextDouble() < 0.35)
            {
                world.Faults.Enqueue(new DeviceFault(devices[random.Next(devices.Length)], kinds[random.Next(kinds.Length)]));
            }

            var lp = world.Lightpath(Tenants[random.Next(Tenants.Length)], $"lp-{random.Next(6)}");
            switch (random.Next(10))
            {
                case < 4:
                    var from = random.Next(Sites.Length);
                    var to = (from + 1 + random.Next(Sites.Length - 1)) % Sites.Length;
                    if (lp.Data.Record is null)
                    {
                        await CreateLightpath.ExecuteAsync(lp.Context, world.Create(lp.Context.Key.Tenant.Value, lp.Context.Key.Id.Value, Sites[from], Sites[to], rate: 100 * (1 + random.Next(4))));
                    }

                    break;
                case < 6:
                    // Not forced: a forced delete leaves the devices to the operator by definition (a unit test covers it).
                    await DeleteLightpath.ExecuteAsync(lp.Context, new DeleteLightpathRequest());
                    break;
                case < 8:
                    await RerouteLightpath.ExecuteAsync(lp.Context, new RerouteLightpathRequest());
                    break;
                default:
                    await ReconcileLightpath.ExecuteAsync(lp.Context);
                    break;
            }

            AssertAgreement(world, $"seed {seed}, step {step}");
        }

        // The faults stop; every lightpath with unfinished business is reconciled.
        world.Faults.Clear();
        foreach (var lp in world.Lightpaths.Where(l => ReconcileLightpath.IsPending(l.Data)).ToList())
        {
            await ReconcileLightpath.ExecuteAsync(lp.Context);
        }

        AssertAgreement(world, $"seed {seed}, after reconciliation");
        AssertQuiescent(world, $"seed {seed}, after reconciliation");
    }

    /// <summary>What must hold after every step, faults or not.</summary>
    private static void AssertAgreement(LightpathWorld world, string where)
    {
        var owners = world.Lightpaths.Where(l => l.Data.Record is not null).ToDictionary(l => l.Context.Owner);
        foreach (var (fiber, ledger) in world.Ledgers)
        {
            for (var i = 0; i < ledger.Count; i++)
            {
                for (var j = i + 1; j < ledger.Count; j++)
                {
                    Assert.False(ledger[i].Owner != ledger[j].Owner && ledger[i].Slots.Overlaps(ledger[j].Slots),
                        $"{where}: {fiber} slots {ledger[i].Slots} held by {ledger[i].Owner} and {ledger[j].Owner}");
                }

                Assert.True(owners.TryGetValue(ledger[i].Owner, out var owner) && HoldsSpectrum(owner.Data),
                    $"{where}: {fiber} claim of {ledger[i].Owner} whose lightpath is {(owner?.Data.Record?.State.ToString() ?? "missing")}");
            }
        }

        foreach (var (device, channels) in world.Devices)
        {
            foreach (var (owner, slots) in channels)
            {
                Assert.True(owners.TryGetValue(owner, out var lp) && HoldsSpectrum(lp.Data),
                    $"{where}: {device} carries a channel of {owner}, whose lightpath is {(lp?.Data.Record?.State.ToString() ?? "missing")}");
                Assert.True(world.Ledgers.Values.Any(l => l.Any(c => c.Owner == owner && c.Slots == slots)),
                    $"{where}: {device} carries {owner} at {slots} with no claim on those slots");
            }
        }
    }

    /// <summary>What must hold once nothing is pending: only Active lightpaths hold anything, and they hold all of it.</summary>
    private static void AssertQuiescent(LightpathWorld world, string where)
    {
        var active = world.Lightpaths.Where(l => l.Data.Record?.State is LightpathState.Active or LightpathState.Degraded).ToDictionary(l => l.Context.Owner);
        Assert.All(world.Ledgers.Values.SelectMany(l => l), c => Assert.True(active.ContainsKey(c.Owner), $"{where}: claim of {c.Owner}, not Active"));
        Assert.All(world.Devices.Values.SelectMany(d => d.Keys), o => Assert.True(active.ContainsKey(o), $"{where}: a device carries {o}, not Active"));
        Assert.All(world.InterfaceOwners, o => Assert.True(active.ContainsKey(o), $"{where}: an interface is held by {o}, not Active"));
        foreach (var (owner, lp) in active)
        {
            var path = lp.Data.Record!.Path!;
            Assert.All(path.Nodes, n => Assert.True(world.Devices[n].TryGetValue(owner, out var s) && s == path.Slots, $"{where}: {n} does not carry {owner} at {path.Slots}"));
            Assert.All(world.Topology.BothWays(path.Fibers), f => Assert.Contains(world.Ledgers[f], c => c.Owner == owner && c.Slots == path.Slots));
            Assert.Null(lp.Data.StrandedPath);
        }
    }

    private static bool HoldsSpectrum(LightpathData data) =>
        data.OwesCleanup || data.Record?.State is LightpathState.Reserved or LightpathState.Provisioning or LightpathState.Active
            or LightpathState.Degraded or LightpathState.Restoring or LightpathState.Deleting;
}
