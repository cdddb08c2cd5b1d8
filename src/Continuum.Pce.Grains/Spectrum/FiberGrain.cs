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

/// <summary>
/// Stored state of a fibre grain. Version 2 added <see cref="Sealed"/>; a version-1 payload reads as unsealed, which
/// only costs its committed claims one check with their owners on activation.
/// </summary>
[StateSchema(2)]
public sealed class FiberGrainState
{
    public FiberLedger? Ledger { get; set; }

    /// <summary>
    /// Written true only by the last write of an activation that ends normally (deactivation), when the stored ledger
    /// holds every change the activation made; every other write stores false. A ledger loaded unsealed may lack
    /// releases that were answered but not yet written (a crash), so its committed claims are checked with their owners.
    /// </summary>
    public bool Sealed { get; set; }
}

/// <summary>
/// One directed fibre's spectrum. Thin: it loads its ledger, applies the ledger's pure transitions, persists before it
/// answers (a granted hold is durable), and publishes its occupancy to the silo's spectrum view. Holds that outlive
/// the hold timeout are resolved with their owner lightpath: committed → confirmed, otherwise released (presumed abort).
/// Reentrant with group commit: each turn checks and changes the ledger without awaiting in between, then waits for
/// a write that includes its change; a busy fibre writes once per burst of requests.
/// Releases are answered before they are durable: they ride on the fibre's next write (a hold's, the periodic flush's or
/// the deactivation's). A release lost in a crash can only leave spectrum claimed, never give it to two lightpaths, and
/// the fibre finds it on activation: it asks the owner of every committed claim of an unsealed ledger, and a deleted or
/// failed owner answers Aborted.
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
    private SealingWriter? _writer;

    /// <summary>The ledger was loaded unsealed and its committed claims have not been checked with their owners yet.</summary>
    private bool _verifyCommitted;

    /// <summary>The check of committed claims, once started: the timer and an explicit recovery call share it.</summary>
    private Task<int>? _verification;

    private FiberId Id => new(this.GetPrimaryKeyString());

    private FiberLedger Ledger => state.State.Ledger!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new SealingWriter(
            seal =>
            {
                state.State.Sealed = seal;
                return state.WriteStateAsync();
            },
            state.State.Sealed,
            // The in-memory ledger may now be ahead of storage: drop this activation so the next call reloads it.
            DeactivateOnIdle);
        if (state.State.Ledger is null)
        {
            var snapshot = catalog.Current ?? throw new InvalidOperationException("no topology is loaded");
            var fiber = snapshot.Network.TryGetFiber(Id, out var f) ? f : throw new InvalidOperationException($"fibre '{Id}' is not in topology version {snapshot.Version}");
            state.State.Ledger = FiberLedger.Empty(snapshot.Network.Grid.SlotCount, fiber.GuardBandSlots);
        }

        _verifyCommitted = !state.State.Sealed && Ledger.Claims.Any(c => c.Status == ClaimStatus.Committed);

        Publish();

        // Recovery calls the owner lightpaths, so it runs as a timer turn after activation, never inside it: an
        // activation that waits on a grain which is itself activating and waiting on this fibre would deadlock.
        var period = options.Value.HoldTimeout > TimeSpan.Zero ? options.Value.HoldTimeout : TimeSpan.FromSeconds(1);
        var due = _verifyCommitted || Ledger.Claims.Any(c => c.Status == ClaimStatus.Held) ? TimeSpan.Zero : period;
        this.RegisterGrainTimer(_ => RecoverStaleHolds(), new GrainTimerCreationOptions(due, period) { Interleave = false, KeepAlive = false });
        return Task.CompletedTask;
    }

    /// <summary>An activation that ends normally writes what it has not written yet, sealed.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Not sealed while committed claims still wait for their check (sealing would skip it for good).
        if (_verifyCommitted || state.State.Ledger is null)
        {
            return;
        }

        try
        {
            await _writer!.SealAsync(state.RecordExists);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stored unsealed: the next activation checks the committed claims with their owners.
            logger.LogWarning(e, "fibre {Fiber}: final write on deactivation failed", Id);
        }
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
    /// the hold comes back as Held and recovery asks the lightpath, whose commit record says Committed. The occupancy
    /// is the same held or committed, so there is nothing to publish.
    /// </summary>
    public Task Confirm(string lightpath, string attempt)
    {
        if (Ledger.TryConfirm(new LightpathId(lightpath), attempt, out var next))
        {
            state.State.Ledger = next;
            _writer!.ChangedHarmlessly();
        }

        return Task.CompletedTask;
    }

    public async Task Release(string lightpath, string? attempt)
    {
        var next = Ledger.Release(new LightpathId(lightpath), attempt);
        if (ReferenceEquals(next, Ledger))
        {
            return;
        }

        state.State.Ledger = next;
        Publish();
        await _writer!.ChangedLazilyAsync();
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
        if (_verifyCommitted)
        {
            var first = _verification is null;
            _verification ??= VerifyCommittedClaims();
            try
            {
                var released = await _verification;
                resolved += first ? released : 0;
            }
            catch
            {
                // An owner could not be asked: the next timer turn (or call) starts the check again.
                _verification = null;
                throw;
            }
        }

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

        // Releases answered since the last write are made durable here at the latest (the timer's period).
        await _writer!.FlushIfUnwrittenAsync();

        return resolved;
    }

    /// <summary>
    /// After loading an unsealed ledger: a committed claim whose owner answers Aborted (deleted, failed, or moved to
    /// another attempt) is a release the crash lost, and is released now.
    /// </summary>
    private async Task<int> VerifyCommittedClaims()
    {
        var released = 0;
        foreach (var claim in Ledger.Claims.Where(c => c.Status == ClaimStatus.Committed).ToList())
        {
            var outcome = await GrainFactory.GetGrain<ILightpathGrain>(claim.Owner.Value).ResolveAttempt(claim.Attempt);
            if (outcome == AttemptOutcome.Aborted)
            {
                await Release(claim.Owner.Value, claim.Attempt);
                released++;
                logger.LogInformation("fibre {Fiber}: claim of {Lightpath} attempt {Attempt} released after restart (its owner no longer holds it)", Id, claim.Owner, claim.Attempt);
            }
        }

        _verifyCommitted = false;
        return released;
    }

    private async Task Save(FiberLedger next)
    {
        state.State.Ledger = next;
        Publish();
        await _writer!.FlushAsync();
    }

    private void Publish() => view.Update(Id, Ledger.OccupancyMask(), Ledger.IsUp);
}
