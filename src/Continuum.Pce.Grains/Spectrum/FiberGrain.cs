using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Spectrum;

/// <summary>Stored state of a fibre grain.</summary>
[StateSchema(1)]
public sealed class FiberGrainState
{
    public FiberLedger? Ledger { get; set; }
}

/// <summary>
/// One directed fibre's spectrum. Thin: it loads its ledger, applies the ledger's pure transitions, persists before it
/// answers (a granted hold is durable), and publishes its occupancy to the silo's spectrum view. Holds that outlive
/// the hold timeout are resolved with their owner lightpath: committed → confirmed, otherwise released (presumed abort).
/// Reentrant with group commit: each turn checks and changes the ledger without awaiting in between, then waits for
/// a write that includes its change; a busy fibre writes once per burst of requests.
/// </summary>
[Reentrant]
public sealed class FiberGrain(
    [PersistentState("fiber", "pce")] IPersistentState<FiberGrainState> state,
    INetworkCatalog catalog,
    SiloSpectrumView view,
    TimeProvider time,
    IOptions<ReservationOptions> options,
    ILogger<FiberGrain> logger) : Grain, IFiberGrain
{
    private CoalescingWriter? _writer;

    private FiberId Id => new(this.GetPrimaryKeyString());

    private FiberLedger Ledger => state.State.Ledger!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new CoalescingWriter(() => state.WriteStateAsync());
        if (state.State.Ledger is null)
        {
            var snapshot = catalog.Current ?? throw new InvalidOperationException("no topology is loaded");
            var fiber = snapshot.Network.TryGetFiber(Id, out var f) ? f : throw new InvalidOperationException($"fibre '{Id}' is not in topology version {snapshot.Version}");
            state.State.Ledger = FiberLedger.Empty(snapshot.Network.Grid.SlotCount, fiber.GuardBandSlots);
        }

        Publish();

        // Recovery calls the owner lightpaths, so it runs as a timer turn after activation, never inside it: an
        // activation that waits on a grain which is itself activating and waiting on this fibre would deadlock.
        var period = options.Value.HoldTimeout > TimeSpan.Zero ? options.Value.HoldTimeout : TimeSpan.FromSeconds(1);
        var due = Ledger.Claims.Any(c => c.Status == ClaimStatus.Held) ? TimeSpan.Zero : period;
        this.RegisterGrainTimer(_ => RecoverStaleHolds(), new GrainTimerCreationOptions(due, period) { Interleave = false, KeepAlive = false });
        return Task.CompletedTask;
    }

    public async Task<HoldReply> Hold(HoldRequest request)
    {
        var refusal = Ledger.TryHold(new LightpathId(request.Lightpath), request.Attempt, new SlotRange(request.SlotStart, request.SlotCount), time.GetUtcNow(), out var next);
        if (refusal != HoldRefusal.None)
        {
            return new HoldReply(false, refusal.ToString(), [.. Ledger.OccupancyMask()]);
        }

        if (!ReferenceEquals(next, Ledger))
        {
            await Save(next);
        }

        return new HoldReply(true, "", []);
    }

    /// <summary>
    /// Confirms in memory; the confirmation is written with the fibre's next write. Losing it in a crash is harmless:
    /// the hold comes back as Held and recovery asks the lightpath, whose commit record says Committed.
    /// </summary>
    public Task<bool> Confirm(string lightpath, string attempt)
    {
        if (!Ledger.TryConfirm(new LightpathId(lightpath), attempt, out var next))
        {
            return Task.FromResult(false);
        }

        state.State.Ledger = next;
        Publish();
        return Task.FromResult(true);
    }

    public async Task Release(string lightpath, string? attempt)
    {
        var next = Ledger.Release(new LightpathId(lightpath), attempt);
        if (!ReferenceEquals(next, Ledger))
        {
            await Save(next);
        }
    }

    public Task<FiberSpectrumView> GetSpectrum() => Task.FromResult(new FiberSpectrumView(
        Id.Value,
        Ledger.SlotCount,
        Ledger.IsUp,
        [.. Ledger.Claims.Select(c => new SpectrumClaimView(c.Owner.Value, c.Attempt, c.Slots.Start, c.Slots.Count, c.Status.ToString(), c.HeldAt))],
        [.. Ledger.OccupancyMask()]));

    public async Task SetUp(bool isUp)
    {
        if (Ledger.IsUp != isUp)
        {
            await Save(Ledger with { IsUp = isUp });
        }
    }

    public async Task ReportLineSignal(bool present, string evidence, DateTimeOffset at)
    {
        if (Ledger.IsUp == present)
        {
            return;
        }

        await Save(Ledger with { IsUp = present });
        logger.LogInformation("fibre {Fiber}: {State} ({Evidence})", Id, present ? "up" : "down", evidence);
        var owners = Ledger.Claims.Select(c => c.Owner.Value).Distinct(StringComparer.Ordinal).ToList();
        await Task.WhenAll(owners.Select(o => GrainFactory.GetGrain<ILightpathGrain>(o).ReportFiberSignal(Id.Value, present, evidence, at)));
    }

    public async Task<int> RecoverStaleHolds()
    {
        var cutoff = time.GetUtcNow() - options.Value.HoldTimeout;
        var resolved = 0;
        foreach (var hold in Ledger.StaleHolds(cutoff).ToList())
        {
            var owner = GrainFactory.GetGrain<ILightpathGrain>(hold.Owner.Value);
            var outcome = await owner.ResolveAttempt(hold.Attempt);
            switch (outcome)
            {
                case AttemptOutcome.Committed:
                    await Confirm(hold.Owner.Value, hold.Attempt);
                    resolved++;
                    break;
                case AttemptOutcome.Aborted:
                    await Release(hold.Owner.Value, hold.Attempt);
                    resolved++;
                    break;
            }

            logger.LogInformation("fibre {Fiber}: stale hold of {Lightpath} attempt {Attempt} resolved as {Outcome}", Id, hold.Owner, hold.Attempt, outcome);
        }

        return resolved;
    }

    private async Task Save(FiberLedger next)
    {
        state.State.Ledger = next;
        Publish();
        try
        {
            await _writer!.FlushAsync();
        }
        catch
        {
            // The in-memory ledger may now be ahead of storage: drop this activation so the next call reloads it.
            DeactivateOnIdle();
            throw;
        }
    }

    private void Publish() => view.Update(Id, Ledger.OccupancyMask(), Ledger.IsUp);
}
