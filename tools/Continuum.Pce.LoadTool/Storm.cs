using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.DeviceEmulator;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Southbound.Gnmi;
using Gnmi;

namespace Continuum.Pce.LoadTool;

/// <summary>
/// A restoration storm: the busiest duplex fibres cut at once in the emulator, then every hit lightpath watched until it
/// is Active off the cut (restored) or reports that it cannot be (restoration failure), with the time from the cut to
/// the end of its restoration as the lightpath's history records it, and a double-booking audit of every fibre after.
/// </summary>
internal static class Storm
{
    public static async Task RunAsync(IGrainFactory grains, DeviceEmulatorHost host, PathTopology paths, IReadOnlyList<string> lit, int fibres)
    {
        var emulator = host.Emulator;
        var views = await ReadAsync(grains, lit);
        var load = new Dictionary<FiberId, int>();
        foreach (var view in views)
        {
            foreach (var pair in paths.Pairs([.. view.Fibers.Select(f => new FiberId(f))]))
            {
                load[pair] = load.GetValueOrDefault(pair) + 1;
            }
        }

        var chosen = load.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Value, StringComparer.Ordinal).Take(fibres).Select(kv => kv.Key).ToList();
        var cut = paths.BothWays(chosen);
        var cutSet = cut.Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
        var hit = views.Where(v => v.Fibers.Any(cutSet.Contains)).Select(v => v.Id).ToList();
        Console.WriteLine($"storm: cutting {chosen.Count} duplex fibres ({string.Join(", ", chosen.Select(f => f.Value))}; {cut.Length} fibres), {hit.Count} of {views.Count} lit lightpaths cross them");

        // The devices' own loss-of-light notifications, read by a gNMI subscription of the tool's own to the ROADM at the
        // receive end of every cut fibre: the notification's timestamp is the moment the issue measures from.
        using var listening = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var receivers = cut.Select(f => emulator.Network.Fiber(f).Destination).Distinct().ToList();
        var losses = receivers.ToDictionary(r => r, _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));
        var watches = receivers.Select(r => WatchLossAsync(host.Address, r, losses[r], listening.Token)).ToList();
        await Task.WhenAll(watches.Select(w => w.Synchronised));

        // The product's per-hop histogram, from the devices' loss-of-light stamps (RestorationTrace).
        using var stages = new StageRecorder();

        // One event: every chosen fibre, both ways, cut at once (a duct), as the emulator's CutFibers does.
        var cutAt = DateTimeOffset.UtcNow;
        emulator.CutFibers(cut);
        var notified = new Dictionary<NodeId, DateTimeOffset>();
        foreach (var (roadm, loss) in losses)
        {
            notified[roadm] = await loss.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }

        await listening.CancelAsync();
        var firstNotification = notified.Values.Min();
        Console.WriteLine($"storm: loss-of-light notifications stamped {(firstNotification - cutAt).TotalSeconds:F3}–{(notified.Values.Max() - cutAt).TotalSeconds:F3} s after the cut call");

        // A lightpath's failure is notified by the first receive-end ROADM of its cut fibres that reports it.
        var notifiedOf = views.Where(v => hit.Contains(v.Id)).ToDictionary(
            v => v.Id,
            v => v.Fibers.Where(cutSet.Contains).Select(f => notified[emulator.Network.Fiber(new FiberId(f)).Destination]).Min());
        var fromNotification = new List<double>();
        var pending = hit.ToHashSet(StringComparer.Ordinal);
        var restored = new List<double>();
        var detected = new List<double>();
        var moved = new List<double>();
        var unrestorable = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            foreach (var view in await ReadAsync(grains, [.. pending]))
            {
                if (view.State == LightpathState.Active && !view.Fibers.Any(cutSet.Contains))
                {
                    var done = view.History.Last(e => e.From == LightpathState.Restoring && e.To == LightpathState.Active).At;
                    var started = view.History.Last(e => e.To == LightpathState.Restoring).At;
                    restored.Add((done - cutAt).TotalSeconds);
                    fromNotification.Add((done - notifiedOf[view.Id]).TotalSeconds);
                    detected.Add((started - cutAt).TotalSeconds);
                    moved.Add((done - started).TotalSeconds);
                    pending.Remove(view.Id);
                }
                else if (view.RestorationFailure is not null)
                {
                    unrestorable.Add(view.Id);
                    pending.Remove(view.Id);
                }
            }
        }

        restored.Sort();
        fromNotification.Sort();
        detected.Sort();
        moved.Sort();
        static double Q(List<double> xs, double q) => xs.Count == 0 ? double.NaN : xs[Math.Min(xs.Count - 1, (int)Math.Ceiling(q * xs.Count) - 1)];
        double P(double q) => Q(restored, q);
        Console.WriteLine($"storm: {restored.Count} restored, {unrestorable.Count} not restorable (no spectrum or path left), {pending.Count} unresolved after 5 min");
        Console.WriteLine($"storm: cut to Active on the new path, s: p50 {P(0.50):F3}, p90 {P(0.90):F3}, p99 {P(0.99):F3}, max {(restored.Count == 0 ? double.NaN : restored[^1]):F3}");
        Console.WriteLine($"storm: loss-of-light notification to Active on the new path, s: p50 {Q(fromNotification, 0.50):F3}, p90 {Q(fromNotification, 0.90):F3}, p99 {Q(fromNotification, 0.99):F3}, max {(fromNotification.Count == 0 ? double.NaN : fromNotification[^1]):F3}");
        Console.WriteLine($"storm:   cut to restoration start (telemetry, hold-off, turn), s: p50 {Q(detected, 0.5):F3}, p99 {Q(detected, 0.99):F3}; start to Active (compute, reserve, gNMI), s: p50 {Q(moved, 0.5):F3}, p99 {Q(moved, 0.99):F3}");

        Console.WriteLine("storm: hop by hop, time since the device's loss-of-light stamp (pce.restoration.stage):");
        foreach (var line in stages.Report())
        {
            Console.WriteLine("storm:   " + line);
        }

        var doubleBooked = 0;
        foreach (var fiber in paths.BothWays([.. load.Keys]))
        {
            var claims = (await grains.GetGrain<IFiberGrain>(fiber.Value).GetSpectrum()).Claims;
            var used = new HashSet<int>();
            foreach (var claim in claims)
            {
                for (var slot = claim.SlotStart; slot < claim.SlotStart + claim.SlotCount; slot++)
                {
                    doubleBooked += used.Add(slot) ? 0 : 1;
                }
            }
        }

        Console.WriteLine($"storm: double-booked slots after the storm: {doubleBooked}");
        emulator.RepairFibers(cut);
    }

    private sealed record LossWatch(Task Synchronised, Task Done);

    /// <summary>
    /// Subscribes to a ROADM's component oper-status; completes <paramref name="loss"/> with the timestamp of the first
    /// notification after the initial sync that reports a component INACTIVE (a line input losing light).
    /// </summary>
    private static LossWatch WatchLossAsync(string address, NodeId roadm, TaskCompletionSource<DateTimeOffset> loss, CancellationToken stop)
    {
        var synchronised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = Task.Run(async () =>
        {
            await using var client = new GnmiClient(new GnmiDeviceOptions { Address = address, Target = roadm.Value, UseTls = false });
            var list = new SubscriptionList();
            list.Subscription.Add(new Subscription { Path = GnmiPaths.Parse("/components/component/state/oper-status"), Mode = SubscriptionMode.OnChange });
            try
            {
                await foreach (var response in client.SubscribeStreamAsync(list, null, stop))
                {
                    if (response.ResponseCase == SubscribeResponse.ResponseOneofCase.SyncResponse)
                    {
                        synchronised.TrySetResult();
                    }
                    else if (synchronised.Task.IsCompleted && response.Update is { } update &&
                        update.Update.Any(u => GnmiValues.ToJson(u.Val).Contains("INACTIVE", StringComparison.Ordinal)))
                    {
                        loss.TrySetResult(DateTimeOffset.FromUnixTimeMilliseconds(update.Timestamp / 1_000_000));
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The storm is over.
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Cancelled)
            {
                // The storm is over.
            }

            synchronised.TrySetResult();
        }, CancellationToken.None);
        return new LossWatch(synchronised.Task, done);
    }

    private static async Task<List<LightpathView>> ReadAsync(IGrainFactory grains, IReadOnlyList<string> ids)
    {
        var views = new List<LightpathView>(ids.Count);
        foreach (var chunk in ids.Chunk(256))
        {
            views.AddRange(await Task.WhenAll(chunk.Select(id => grains.Lightpath("load", id).Get())));
        }

        return views;
    }
}
