using System.Globalization;
using System.Text;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Requests;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Models;
using Gnmi;
using Grpc.Core;
using Xunit.Abstractions;

namespace Continuum.Pce.Southbound.Gnmi.Tests.Grains;

/// <summary>
/// Issue 21, "Done when": random sequences of creates, deletes, reroutes and reconciliations through the lightpath
/// grains, onto the device emulator over gNMI, with random refused Sets on random ROADMs and transponders (one-shot
/// refusals, and now and then an outage: a device refusing every Set for one operation, so that refused rollbacks and
/// cleanups are reached too; ForceDelete is left out, as it leaves the devices to the operator by definition). Three
/// sources are read independently after every operation — the stored lightpaths (grain views), the spectrum ledgers
/// (fibre grains) and the device trees (the test's own gNMI client) — and must agree: no slot held twice, no claim
/// without a live owner, no channel on a device whose owner does not hold its spectrum. After every sequence the faults
/// stop, every lightpath with unfinished business is reconciled, and then only Active (or Degraded) lightpaths hold
/// anything, each holding exactly its path on the ledgers and on every device. The sequence then deletes what it made,
/// which must leave ledgers and devices empty, so every sequence starts from the same clean network and replays from
/// its seed alone. The in-memory model of the same law is <c>LightpathServicePropertyTests</c> (Application.Tests).
///
/// Bounded for CI: 12 sequences × 20 operations by default, about 10 s on a loaded 2-core machine (150 × 30 took 70 s).
/// A longer run, or the replay of a failing sequence (its seed is in the failure message):
/// <code>
/// PCE_AGREEMENT_SEQUENCES=200 PCE_AGREEMENT_STEPS=30 dotnet test tests/Continuum.Pce.Southbound.Gnmi.Tests -c Release --tl:off --filter "FullyQualifiedName~DeviceAgreementPropertyTests"
/// PCE_AGREEMENT_SEED=123456 PCE_AGREEMENT_SEQUENCES=1 dotnet test tests/Continuum.Pce.Southbound.Gnmi.Tests -c Release --tl:off --filter "FullyQualifiedName~DeviceAgreementPropertyTests"
/// </code>
/// With PCE_AGREEMENT_SEED set, sequence i runs seed + i; without it the seeds are random (and printed on failure).
/// Mutation-checked: releasing the old path's claims before its devices are cleared (RerouteLightpath.FinishAsync), and
/// releasing a lightpath's claims when its delete's cleanup failed (DeleteLightpath), each fail this test.
/// </summary>
[Collection(DeviceAgreementCollection.Name)]
public sealed class DeviceAgreementPropertyTests(DeviceAgreementFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Tenants = ["acme", "globex"];
    private static readonly string[] Sites = DeviceAgreementFixture.Sites;
    private static readonly int[] Rates = [100, 200, 400];
    private static readonly string?[] Policies = [null, "restore", "restore-revertive"];
    private static readonly string[] FaultDevices = [.. DeviceAgreementFixture.Roadms, .. DeviceAgreementFixture.Transponders];
    private static readonly StatusCode[] FaultCodes = [StatusCode.Unavailable, StatusCode.Aborted, StatusCode.Internal, StatusCode.FailedPrecondition];
    private static readonly string[] FiberIds = [.. DeviceAgreementFixture.Snapshot.Network.Fibers.Select(f => f.Id.Value)];
    private static readonly SpectrumGrid Grid = DeviceAgreementFixture.Snapshot.Network.Grid;

    /// <summary>Ids per tenant in a sequence: few, so that both tenants use the same ids.</summary>
    private const int IdsPerTenant = 5;

    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    [Fact]
    public async Task RandomOperationsWithDeviceFaults_StoreLedgersAndDeviceTreesAgree()
    {
        var sequences = Setting("PCE_AGREEMENT_SEQUENCES", 12);
        var steps = Setting("PCE_AGREEMENT_STEPS", 20);
        var seed = Environment.GetEnvironmentVariable("PCE_AGREEMENT_SEED");
        var first = seed is null ? Random.Shared.Next(0, int.MaxValue / 2) : int.Parse(seed, CultureInfo.InvariantCulture);
        var sequenceSeeds = Enumerable.Range(0, sequences).Select(i => seed is null ? Random.Shared.Next(0, int.MaxValue) : first + i).ToList();

        AssertEmpty(await ReadAsync([]), "before the first sequence");
        foreach (var sequenceSeed in sequenceSeeds)
        {
            await RunSequenceAsync(sequenceSeed, steps, cuts: false);
        }
    }

    /// <summary>
    /// Issue 22: the same law with fibre cuts and repairs in the emulator among the operations, and lightpaths created
    /// with a random restoration policy (none, restore, restore-revertive). Restoration and reverts run by themselves
    /// (telemetry → fibre grain → lightpath grain) and meet the injected refusals; after each step the test waits until
    /// they have settled (no lightpath Restoring; every restorable lightpath off the cut fibres or reporting why it could
    /// not move; every revertive lightpath whose home path is whole back on it), then reads and checks the three sources.
    /// Bounded for CI: 6 sequences × 20 operations by default (PCE_RESTORATION_AGREEMENT_SEQUENCES / _STEPS; the seed as
    /// above, PCE_AGREEMENT_SEED).
    /// </summary>
    [Fact]
    public async Task RandomOperationsWithCutsRepairsAndDeviceFaults_StoreLedgersAndDeviceTreesAgree()
    {
        var sequences = Setting("PCE_RESTORATION_AGREEMENT_SEQUENCES", 6);
        var steps = Setting("PCE_RESTORATION_AGREEMENT_STEPS", 20);
        var seed = Environment.GetEnvironmentVariable("PCE_AGREEMENT_SEED");
        var first = seed is null ? Random.Shared.Next(0, int.MaxValue / 2) : int.Parse(seed, CultureInfo.InvariantCulture);
        var sequenceSeeds = Enumerable.Range(0, sequences).Select(i => seed is null ? Random.Shared.Next(0, int.MaxValue) : first + i).ToList();

        AssertEmpty(await ReadAsync([]), "before the first sequence");
        foreach (var sequenceSeed in sequenceSeeds)
        {
            await RunSequenceAsync(sequenceSeed, steps, cuts: true);
        }
    }

    private async Task RunSequenceAsync(int seed, int steps, bool cuts)
    {
        var random = new Random(seed);
        var trace = new Trace(seed, steps);
        var keys = Tenants.SelectMany(t => Enumerable.Range(0, IdsPerTenant).Select(n => new Key(t, $"{(cuts ? "c" : "s")}{seed:x}-{n}"))).ToList();
        var armed = new HashSet<string>(StringComparer.Ordinal);
        var cutPairs = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var world = await ReadAsync(keys);
            for (var step = 0; step < steps; step++)
            {
                // No fault on most steps, one on some, two on a few (a refused rollback or cleanup needs a second refusal).
                var faults = random.Next(10) switch { < 6 => 0, < 9 => 1, _ => 2 };
                for (var f = 0; f < faults; f++)
                {
                    var device = FaultDevices[random.Next(FaultDevices.Length)];
                    var code = FaultCodes[random.Next(FaultCodes.Length)];
                    fixture.Emulator.Emulator.RejectNextSet(device, code, "refused by the property's fault injection");
                    armed.Add(device);
                    trace.Add($"fault: the next Set on {device} fails with {code}");
                }

                // Now and then a device refuses every Set for the whole operation (an outage): the rollback or cleanup that
                // follows a refusal is refused as well.
                var outage = random.Next(10) == 0 ? FaultDevices[random.Next(FaultDevices.Length)] : null;
                if (outage is not null)
                {
                    trace.Add($"outage: every Set on {outage} fails during the next operation");
                    await using (Refusing(outage))
                    {
                        await OperateAsync(random, keys, world, trace, cuts ? cutPairs : null);
                    }

                    await DrainFaultAsync(outage);
                }
                else
                {
                    await OperateAsync(random, keys, world, trace, cuts ? cutPairs : null);
                }

                await SettleAsync(keys, cutPairs, trace);
                world = await ReadAsync(keys);
                AssertAgreement(world, trace.Where($"after step {step}"));
            }

            // The faults stop: a refusal armed on a device no operation reached is used up by an empty Set of the test's own.
            foreach (var device in armed)
            {
                await DrainFaultAsync(device);
            }

            // Every cut is repaired; revertive lightpaths go home.
            foreach (var pair in cutPairs.ToList())
            {
                Repair(pair, cutPairs, trace);
            }

            await SettleAsync(keys, cutPairs, trace);

            // Every lightpath with unfinished business is reconciled (what the cleanup retry timer would do).
            foreach (var key in keys)
            {
                var view = await _grains.Lightpath(key.Tenant, key.Id).Get();
                if (view.Exists && (view.CleanupFailure is not null || view.State is not (LightpathState.Active or LightpathState.Degraded or LightpathState.Deleted)))
                {
                    trace.Add($"reconcile {key} (faults stopped)", await _grains.Lightpath(key.Tenant, key.Id).Reconcile());
                }
            }

            var settled = await ReadAsync(keys);
            AssertAgreement(settled, trace.Where("after reconciliation"));
            AssertQuiescent(settled, trace.Where("after reconciliation"));

            // Clean up without faults: every delete must go through and leave nothing anywhere.
            foreach (var key in keys)
            {
                var deleted = await _grains.Lightpath(key.Tenant, key.Id).Delete();
                if (deleted.Exists)
                {
                    trace.Add($"delete {key} (clean-up)", deleted);
                }
            }

            AssertEmpty(await ReadAsync(keys), trace.Where("after deleting every lightpath of the sequence"));
            output.WriteLine(trace.Where("passed"));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException && e is not TraceException)
        {
            throw new TraceException(trace.Where($"an operation threw {e.GetType().Name}: {e.Message}"), e);
        }
        finally
        {
            foreach (var pair in cutPairs.ToList())
            {
                Repair(pair, cutPairs, trace);
            }
        }
    }

    /// <summary>Cuts both fibres of a duplex pair in the emulator (the devices report loss of light).</summary>
    private void Cut(string pair, HashSet<string> cutPairs, Trace trace)
    {
        foreach (var fiber in BothWays(pair))
        {
            fixture.Emulator.Emulator.CutFiber(new FiberId(fiber));
        }

        cutPairs.Add(pair);
        trace.Add($"cut {pair} (both ways)");
    }

    private void Repair(string pair, HashSet<string> cutPairs, Trace trace)
    {
        foreach (var fiber in BothWays(pair))
        {
            fixture.Emulator.Emulator.RepairFiber(new FiberId(fiber));
        }

        cutPairs.Remove(pair);
        trace.Add($"repair {pair}");
    }

    private static IEnumerable<string> BothWays(string fiber)
    {
        var f = DeviceAgreementFixture.Snapshot.Network.Fiber(new FiberId(fiber));
        return f.Reverse is { } reverse ? [fiber, reverse.Value] : [fiber];
    }

    /// <summary>
    /// Waits until automatic restoration has nothing left to do: no lightpath Restoring; every restorable live lightpath
    /// off the cut fibres or reporting why it could not move; every revertive one away from a whole home path back on it.
    /// </summary>
    private async Task SettleAsync(IReadOnlyList<Key> keys, HashSet<string> cutPairs, Trace trace)
    {
        var cut = cutPairs.SelectMany(BothWays).ToHashSet(StringComparer.Ordinal);
        bool Settled(LightpathView v) =>
            !v.Exists || v.State != LightpathState.Restoring &&
            (v.Restoration == RestorationPolicy.None || v.State is not (LightpathState.Active or LightpathState.Degraded) ||
             ((!v.ReservedFibers.Any(cut.Contains) || v.RestorationFailure is not null) &&
              (v.HomeFibers.IsDefaultOrEmpty || v.HomeFibers.SelectMany(BothWays).Any(cut.Contains))));
        try
        {
            var settled = await Eventually.MatchAsync(
                async () => await Task.WhenAll(keys.Select(k => _grains.Lightpath(k.Tenant, k.Id).Get())),
                views => views.All(Settled),
                TimeSpan.FromSeconds(60),
                "restoration settled");
            if (cutPairs.Count > 0 || settled.Any(v => v.Exists && v.History.Any(e => e.To == LightpathState.Restoring && e.Reason?.StartsWith("re", StringComparison.Ordinal) == true)))
            {
                var moves = settled.Where(v => v.Exists).Sum(v => v.History.Count(e => e.To == LightpathState.Restoring && e.Reason!.StartsWith("restoration:", StringComparison.Ordinal)));
                var reverts = settled.Where(v => v.Exists).Sum(v => v.History.Count(e => e.To == LightpathState.Restoring && e.Reason!.StartsWith("revert", StringComparison.Ordinal)));
                trace.Add($"settled: {moves} restorations and {reverts} reverts so far, {settled.Count(v => !v.HomeFibers.IsDefaultOrEmpty)} away from home, {settled.Count(v => v.RestorationFailure is not null)} unrestorable");
            }
        }
        catch (TimeoutException e)
        {
            var views = await Task.WhenAll(keys.Select(k => _grains.Lightpath(k.Tenant, k.Id).Get()));
            throw new TraceException(trace.Where($"restoration did not settle: {string.Join("; ", views.Where(v => !Settled(v)).Select(v => $"{v.Id} {v.State} on {string.Join(",", v.Fibers)} home {string.Join(",", v.HomeFibers)} failure {v.RestorationFailure}"))}"), e);
        }
    }

    /// <summary>One random operation; mostly where it can do something: creates to unused ids, the rest to lightpaths that exist.</summary>
    private async Task OperateAsync(Random random, List<Key> keys, World world, Trace trace, HashSet<string>? cutPairs)
    {
        // With cuts: one operation in six cuts a duplex fibre pair (at most two cut at once) or repairs one.
        if (cutPairs is not null && random.Next(6) == 0)
        {
            var pairs = FiberIds.Select(f => DeviceAgreementFixture.Snapshot.Network.Fiber(new FiberId(f)).PairKey().Value).Distinct().Order(StringComparer.Ordinal).ToList();
            var intact = pairs.Where(p => !cutPairs.Contains(p)).ToList();
            if (cutPairs.Count > 0 && (cutPairs.Count >= 2 || random.Next(2) == 0))
            {
                Repair(cutPairs.Order(StringComparer.Ordinal).ElementAt(random.Next(cutPairs.Count)), cutPairs, trace);
            }
            else
            {
                Cut(intact[random.Next(intact.Count)], cutPairs, trace);
            }

            return;
        }

        var operation = random.Next(20);
        var key = operation switch
        {
            < 7 => Pick(random, keys, world, k => !world.Lightpaths.ContainsKey(k.ToString())),
            < 10 => Pick(random, keys, world, k => world.HoldsSpectrum(k.ToString())),
            < 15 => Pick(random, keys, world, k => world.Live(k.ToString()) is not null),
            _ => Pick(random, keys, world, k => world.HoldsSpectrum(k.ToString()) && world.Live(k.ToString()) is not { CleanupFailure: null }),
        };
        var grain = _grains.Lightpath(key.Tenant, key.Id);
        switch (operation)
        {
            case < 7:
                var from = random.Next(Sites.Length);
                var to = (from + 1 + random.Next(Sites.Length - 1)) % Sites.Length;
                var rate = Rates[random.Next(Rates.Length)];
                var policy = cutPairs is null ? null : Policies[random.Next(Policies.Length)];
                trace.Add($"create {key} {Sites[from]} → {Sites[to]} {rate}G{(policy is null ? "" : " " + policy)}",
                    await grain.Create(fixture.Order(key.Id, key.Tenant, Sites[from], Sites[to], rate, restoration: policy, priority: policy is null ? null : random.Next(8))));
                break;
            case < 10:
                trace.Add($"delete {key}", await grain.Delete());
                break;
            case < 15:
                var current = await grain.Get();
                LightpathOrder? constraints = null;
                if (random.Next(2) == 0 && current.Nodes.Length > 2)
                {
                    // Away from a transit ROADM: the only other way is round the other side of the ring.
                    var avoid = current.Nodes[1 + random.Next(current.Nodes.Length - 2)];
                    constraints = fixture.Order(key.Id, key.Tenant, current.Source, current.Destination, current.BitRateGbps, new ConstraintFields { ExcludeNodes = [avoid] });
                }

                var rerouted = await grain.Reroute(constraints);
                trace.Add($"reroute {key}{(constraints is null ? "" : $" avoiding {constraints.Request.Constraints.ExcludeNodes[0].Value}")} ({rerouted.Outcome ?? "moved"}{(rerouted.Detail is null ? "" : ": " + rerouted.Detail)})", rerouted.Lightpath);
                break;
            default:
                trace.Add($"reconcile {key}", await grain.Reconcile());
                break;
        }
    }

    /// <summary>A random key that satisfies <paramref name="wanted"/>; else one of a lightpath that exists; else any key.</summary>
    private static Key Pick(Random random, List<Key> keys, World world, Func<Key, bool> wanted)
    {
        var fit = keys.Where(wanted).ToList();
        if (fit.Count == 0)
        {
            fit = [.. keys.Where(k => world.Lightpaths.ContainsKey(k.ToString()))];
        }

        return fit.Count > 0 ? fit[random.Next(fit.Count)] : keys[random.Next(keys.Count)];
    }

    // ---- the three sources ----------------------------------------------------------------------------------------

    private async Task<World> ReadAsync(IReadOnlyList<Key> keys)
    {
        var views = new Dictionary<string, LightpathView>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var view = await _grains.Lightpath(key.Tenant, key.Id).Get();
            if (view.Exists)
            {
                views.Add(key.ToString(), view);
            }
        }

        var claims = new List<Claim>();
        foreach (var fiber in FiberIds)
        {
            var spectrum = await _grains.GetGrain<IFiberGrain>(fiber).GetSpectrum();
            claims.AddRange(spectrum.Claims.Select(c => new Claim(fiber, c.Lightpath, new SlotRange(c.SlotStart, c.SlotCount), c.Status)));
        }

        var media = new List<MediaChannel>();
        foreach (var roadm in DeviceAgreementFixture.Roadms)
        {
            if (await ReadTreeAsync(roadm, "/wavelength-router/media-channels") is { } json)
            {
                media.AddRange(WavelengthRouterMediaChannels.FromJson(json).Channel.Select(c =>
                    new MediaChannel(roadm, c.Index ?? c.Config?.Index ?? 0, c.Config?.Name, c.Config?.LowerFrequency, c.Config?.UpperFrequency)));
            }
        }

        var optical = new List<OpticalChannel>();
        var logical = new List<LogicalChannel>();
        var interfaces = new List<InterfaceUse>();
        foreach (var transponder in DeviceAgreementFixture.Transponders)
        {
            if (await ReadTreeAsync(transponder, "/components") is { } components)
            {
                foreach (var component in Components.FromJson(components).Component)
                {
                    if (component.OpticalChannel?.Config is { } och && (och.Frequency is not null || och.OperationalMode is not null || och.TargetOutputPower is not null))
                    {
                        optical.Add(new OpticalChannel(transponder, InterfaceOf(component.Name!), och.Frequency));
                    }
                }
            }

            if (await ReadTreeAsync(transponder, "/terminal-device/logical-channels") is { } channels)
            {
                logical.AddRange(TerminalDeviceLogicalChannels.FromJson(channels).Channel.Select(c =>
                    new LogicalChannel(transponder, c.Index ?? c.Config?.Index ?? 0, OwnerOfDescription(c.Config?.Description))));
            }

            var status = await _grains.GetGrain<IOpticalNodeGrain>(transponder).GetStatus();
            interfaces.AddRange(status.Interfaces.Select(u => new InterfaceUse(transponder, u.Interface, u.Lightpath)));
        }

        return new World(views, claims, media, optical, logical, interfaces);
    }

    private async Task<string?> ReadTreeAsync(string device, string path)
    {
        try
        {
            return (await fixture.Devices.ClientFor(new NodeId(device)).GetTreeAsync(path, GetRequest.Types.DataType.Config))?.ToJsonString();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Keeps <paramref name="device"/> refusing every Set until disposed. The emulator's refusal is one-shot, so it is
    /// re-armed every millisecond (fault emulation, not a wait): a replay can differ only where two Sets reach the device
    /// within that millisecond, and the law must hold either way.
    /// </summary>
    private Refusal Refusing(string device) => new(() => fixture.Emulator.Emulator.RejectNextSet(device, StatusCode.Unavailable, "device in an outage (property's fault injection)"));

    private sealed class Refusal : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Refusal(Action arm)
        {
            arm();
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    arm();
                    try
                    {
                        await Task.Delay(1, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Outage over.
                    }
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }

    private async Task DrainFaultAsync(string device)
    {
        try
        {
            await fixture.Devices.ClientFor(new NodeId(device)).SetAsync(new SetRequest());
        }
        catch (RpcException)
        {
            // The armed refusal, used up.
        }
    }

    private static int InterfaceOf(string component) =>
        component.StartsWith("OCH-", StringComparison.Ordinal) ? int.Parse(component.AsSpan(4), CultureInfo.InvariantCulture) : throw new InvalidOperationException($"optical channel on unexpected component '{component}'");

    /// <summary>A logical channel's description is "{lightpath} client|line" (RenderPlanBuilder).</summary>
    private static string? OwnerOfDescription(string? description)
    {
        var space = description?.LastIndexOf(' ') ?? -1;
        return space > 0 ? description![..space] : description;
    }

    // ---- the laws ---------------------------------------------------------------------------------------------------

    /// <summary>What must hold after every operation, faults or not.</summary>
    private static void AssertAgreement(World w, string where)
    {
        foreach (var fiber in w.Claims.GroupBy(c => c.Fiber))
        {
            var list = fiber.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    Assert.False(list[i].Owner != list[j].Owner && list[i].Slots.Overlaps(list[j].Slots),
                        $"{fiber.Key}: slots {list[i].Slots} held by {list[i].Owner} and {list[j].Owner}\n{where}");
                }
            }
        }

        foreach (var claim in w.Claims)
        {
            Assert.True(w.HoldsSpectrum(claim.Owner), $"{claim.Fiber}: claim {claim.Slots} of {claim.Owner}, whose lightpath is {w.StateOf(claim.Owner)}\n{where}");
        }

        foreach (var channel in w.MediaChannels)
        {
            var owner = OwnerOfMediaChannel(channel, where);
            Assert.True(w.HoldsSpectrum(owner), $"{channel.Roadm} carries media channel {channel.Index} of {owner}, whose lightpath is {w.StateOf(owner)}\n{where}");
            Assert.True(w.Claims.Any(c => c.Owner == owner && Touches(c.Fiber, channel.Roadm) && Matches(channel, c.Slots)),
                $"{channel.Roadm} carries media channel {channel.Index} of {owner} at {channel.Lower}–{channel.Upper} MHz with no claim of {owner} on those slots of a fibre of {channel.Roadm}\n{where}");
        }

        foreach (var use in w.Interfaces)
        {
            Assert.True(w.HoldsSpectrum(use.Owner), $"{use.Transponder} interface {use.Interface} held by {use.Owner}, whose lightpath is {w.StateOf(use.Owner)}\n{where}");
        }

        foreach (var och in w.OpticalChannels)
        {
            var owner = w.InterfaceOwner(och.Transponder, och.Interface);
            Assert.True(owner is not null, $"{och.Transponder} OCH-{och.Interface} is configured ({och.Frequency} MHz) but its interface is free in the ledger\n{where}");
            Assert.True(w.Claims.Any(c => c.Owner == owner && och.Frequency == (ulong)ChannelSpectrum.FromSlots(Grid, c.Slots).Centre.Mhz),
                $"{och.Transponder} OCH-{och.Interface} of {owner} is tuned to {och.Frequency} MHz, the centre of no claim of {owner}\n{where}");
        }

        foreach (var channel in w.LogicalChannels)
        {
            var owner = w.InterfaceOwner(channel.Transponder, (int)(channel.Index % 100));
            Assert.True(owner is not null && owner == channel.Owner,
                $"{channel.Transponder} logical channel {channel.Index} names {channel.Owner}, its interface is held by {owner ?? "nobody"}\n{where}");
        }
    }

    /// <summary>What must hold once the faults stopped and every pending lightpath was reconciled: only live lightpaths hold anything, and they hold all of it.</summary>
    private static void AssertQuiescent(World w, string where)
    {
        foreach (var (key, view) in w.Lightpaths)
        {
            Assert.True(view.State is LightpathState.Active or LightpathState.Degraded or LightpathState.Deleted or LightpathState.Failed, $"{key} is {view.State} after reconciliation\n{where}");
            Assert.True(view.CleanupFailure is null, $"{key} still owes a device cleanup after reconciliation: {view.CleanupFailure}\n{where}");
        }

        foreach (var claim in w.Claims)
        {
            var view = w.Live(claim.Owner);
            Assert.True(view is not null, $"{claim.Fiber}: claim {claim.Slots} of {claim.Owner}, whose lightpath is {w.StateOf(claim.Owner)}\n{where}");
            Assert.True(view!.ReservedFibers.Contains(claim.Fiber) && claim.Slots == SlotsOf(view),
                $"{claim.Fiber}: claim {claim.Slots} of {claim.Owner}, whose path is {string.Join(",", view.ReservedFibers)} at {SlotsOf(view)}\n{where}");
        }

        foreach (var channel in w.MediaChannels)
        {
            var owner = OwnerOfMediaChannel(channel, where);
            var view = w.Live(owner);
            Assert.True(view is not null, $"{channel.Roadm} carries media channel {channel.Index} of {owner}, whose lightpath is {w.StateOf(owner)}\n{where}");
            Assert.True(view!.Nodes.Contains(channel.Roadm) && Matches(channel, SlotsOf(view)),
                $"{channel.Roadm} carries {owner} at {channel.Lower}–{channel.Upper} MHz; its path is {string.Join(",", view.Nodes)} at {SlotsOf(view)}\n{where}");
        }

        foreach (var use in w.Interfaces)
        {
            Assert.True(w.Live(use.Owner) is not null, $"{use.Transponder} interface {use.Interface} held by {use.Owner}, whose lightpath is {w.StateOf(use.Owner)}\n{where}");
        }

        foreach (var (key, view) in w.Lightpaths.Where(l => l.Value.State is LightpathState.Active or LightpathState.Degraded))
        {
            var slots = SlotsOf(view);
            var spectrum = ChannelSpectrum.FromSlots(Grid, slots);
            foreach (var fiber in view.ReservedFibers)
            {
                Assert.True(w.Claims.Count(c => c.Fiber == fiber && c.Owner == key) == 1, $"{key} ({view.State}) has no single claim on {fiber}\n{where}");
            }

            var index = PathTopology.MediaChannelIndex(new LightpathId(key));
            foreach (var roadm in view.Nodes)
            {
                foreach (var i in new[] { index, index + 1 })
                {
                    Assert.True(w.MediaChannels.Any(c => c.Roadm == roadm && c.Index == i && Matches(c, slots)),
                        $"{key} ({view.State}, slots {slots}) is not on {roadm}: media channel {i} missing or elsewhere in the spectrum\n{where}");
                }
            }

            foreach (var roadm in new[] { view.Nodes[0], view.Nodes[^1] })
            {
                var transponder = DeviceAgreementFixture.TransponderAt(roadm);
                var held = w.Interfaces.Where(u => u.Transponder == transponder && u.Owner == key).ToList();
                Assert.True(held.Count == 1, $"{key} ({view.State}) holds {held.Count} interfaces of {transponder}\n{where}");
                var och = w.OpticalChannels.SingleOrDefault(o => o.Transponder == transponder && o.Interface == held[0].Interface);
                Assert.True(och?.Frequency == (ulong)spectrum.Centre.Mhz,
                    $"{key} ({view.State}): {transponder} OCH-{held[0].Interface} is tuned to {och?.Frequency?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}, not {spectrum.Centre.Mhz} MHz\n{where}");
                foreach (var channelIndex in new[] { 100 + held[0].Interface, 200 + held[0].Interface })
                {
                    Assert.True(w.LogicalChannels.Any(c => c.Transponder == transponder && c.Index == channelIndex && c.Owner == key),
                        $"{key} ({view.State}): {transponder} lacks its logical channel {channelIndex}\n{where}");
                }
            }
        }
    }

    /// <summary>After every lightpath of the sequence was deleted without faults: nothing is held or configured anywhere.</summary>
    private static void AssertEmpty(World w, string where)
    {
        foreach (var (key, view) in w.Lightpaths)
        {
            Assert.True(view.State is LightpathState.Deleted or LightpathState.Failed && view.CleanupFailure is null, $"{key} is {view.State} (cleanup: {view.CleanupFailure ?? "none"}) after its delete\n{where}");
        }

        Assert.True(w.Claims.Count == 0, $"claims left: {string.Join("; ", w.Claims)}\n{where}");
        Assert.True(w.MediaChannels.Count == 0, $"media channels left: {string.Join("; ", w.MediaChannels)}\n{where}");
        Assert.True(w.OpticalChannels.Count == 0, $"optical channels left configured: {string.Join("; ", w.OpticalChannels)}\n{where}");
        Assert.True(w.LogicalChannels.Count == 0, $"logical channels left: {string.Join("; ", w.LogicalChannels)}\n{where}");
        Assert.True(w.Interfaces.Count == 0, $"interfaces left held: {string.Join("; ", w.Interfaces)}\n{where}");
    }

    /// <summary>The owner a media channel names ("{tenant/id}-az|za"), checked against the index the owner's key gives.</summary>
    private static string OwnerOfMediaChannel(MediaChannel channel, string where)
    {
        var name = channel.Name ?? "";
        var forward = name.EndsWith("-az", StringComparison.Ordinal);
        Assert.True(forward || name.EndsWith("-za", StringComparison.Ordinal), $"{channel.Roadm} media channel {channel.Index} has a name no lightpath gives: '{name}'\n{where}");
        var owner = name[..^3];
        var expected = PathTopology.MediaChannelIndex(new LightpathId(owner)) + (forward ? 0u : 1u);
        Assert.True(channel.Index == expected, $"{channel.Roadm} media channel {channel.Index} is named '{name}', whose index is {expected}\n{where}");
        return owner;
    }

    private static bool Matches(MediaChannel channel, SlotRange slots)
    {
        var spectrum = ChannelSpectrum.FromSlots(Grid, slots);
        return channel.Lower == (ulong)spectrum.Lower.Mhz && channel.Upper == (ulong)spectrum.Upper.Mhz;
    }

    private static bool Touches(string fiber, string roadm)
    {
        var f = DeviceAgreementFixture.Snapshot.Network.Fiber(new FiberId(fiber));
        return f.Source.Value == roadm || f.Destination.Value == roadm;
    }

    private static SlotRange SlotsOf(LightpathView view) => new(view.SlotStart!.Value, view.SlotCount!.Value);

    private static int Setting(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    // ---- records ------------------------------------------------------------------------------------------------------

    private sealed record Key(string Tenant, string Id)
    {
        public override string ToString() => LightpathGrains.KeyOf(Tenant, Id);
    }

    private sealed record Claim(string Fiber, string Owner, SlotRange Slots, string Status);

    private sealed record MediaChannel(string Roadm, uint Index, string? Name, ulong? Lower, ulong? Upper);

    private sealed record OpticalChannel(string Transponder, int Interface, ulong? Frequency);

    private sealed record LogicalChannel(string Transponder, uint Index, string? Owner);

    private sealed record InterfaceUse(string Transponder, int Interface, string Owner);

    /// <summary>One reading of the three sources.</summary>
    private sealed record World(
        IReadOnlyDictionary<string, LightpathView> Lightpaths,
        IReadOnlyList<Claim> Claims,
        IReadOnlyList<MediaChannel> MediaChannels,
        IReadOnlyList<OpticalChannel> OpticalChannels,
        IReadOnlyList<LogicalChannel> LogicalChannels,
        IReadOnlyList<InterfaceUse> Interfaces)
    {
        /// <summary>Whether the owner's lightpath may hold spectrum and device configuration: live, mid-lifecycle, or owing a cleanup.</summary>
        public bool HoldsSpectrum(string owner) =>
            Lightpaths.TryGetValue(owner, out var view) &&
            (view.CleanupFailure is not null || view.State is LightpathState.Reserved or LightpathState.Provisioning or LightpathState.Active or LightpathState.Degraded or LightpathState.Restoring or LightpathState.Deleting);

        public LightpathView? Live(string owner) => Lightpaths.TryGetValue(owner, out var view) && view.State is LightpathState.Active or LightpathState.Degraded ? view : null;

        public string StateOf(string owner) => Lightpaths.TryGetValue(owner, out var view) ? $"{view.State} (cleanup: {view.CleanupFailure ?? "none"})" : "unknown";

        public string? InterfaceOwner(string transponder, int @interface) =>
            Interfaces.FirstOrDefault(u => u.Transponder == transponder && u.Interface == @interface)?.Owner;
    }

    /// <summary>What a sequence did, for the failure message.</summary>
    private sealed class Trace(int seed, int steps)
    {
        private readonly StringBuilder _lines = new();

        public void Add(string line) => _lines.Append("  ").AppendLine(line);

        public void Add(string operation, LightpathView view) => Add($"{operation} → {Describe(view)}");

        public string Where(string moment) =>
            $"sequence seed {seed} ({steps} steps), {moment}; replay with PCE_AGREEMENT_SEED={seed} PCE_AGREEMENT_SEQUENCES=1 PCE_AGREEMENT_STEPS={steps}\n{_lines}";

        private static string Describe(LightpathView v)
        {
            if (!v.Exists)
            {
                return "missing";
            }

            var text = new StringBuilder(v.State.ToString());
            if (v.SlotStart is { } start)
            {
                text.Append(CultureInfo.InvariantCulture, $" slots {start}+{v.SlotCount} via {string.Join("-", v.Nodes)}");
            }

            if (v.CleanupFailure is { } cleanup)
            {
                text.Append(CultureInfo.InvariantCulture, $", cleanup owed: {cleanup}");
            }

            if (v.BlockReason is { } blocked)
            {
                text.Append(CultureInfo.InvariantCulture, $", blocked: {blocked}");
            }

            if (v.History.Length > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" [{v.History[^1].Reason}]");
            }

            return text.ToString();
        }
    }

    private sealed class TraceException(string message, Exception inner) : Exception(message, inner);
}
