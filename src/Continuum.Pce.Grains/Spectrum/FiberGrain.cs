using System.Text.Json.Serialization;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Reservation;
using Continuum.Pce.Application.Restoration;
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
/// Stored state of a fibre pair's grain: the ledger of each fibre of the pair. Version 2 added <see cref="Sealed"/> (a
/// version-1 payload reads as unsealed). Version 3 keeps both fibres of a duplex pair under the pair's key
/// (<see cref="Ledgers"/>); a version-2 payload has one fibre's <see cref="Ledger"/>, which activation moves into
/// <see cref="Ledgers"/>, bringing in the reverse fibre's own version-2 record too.
/// </summary>
[StateSchema(3)]
public sealed class FiberGrainState
{
    /// <summary>Each fibre's ledger by fibre id: the key fibre and, for a duplex pair, its reverse.</summary>
    public Dictionary<string, FiberLedger> Ledgers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Version 2 and earlier: the one fibre's ledger. Read, never written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FiberLedger? Ledger { get; set; }

    /// <summary>
    /// Written true only by the last write of an activation that ends normally (deactivation), when the stored ledgers
    /// hold every change the activation made; every other write stores false. Ledgers loaded unsealed may lack releases
    /// that were answered but not yet written (a crash), so their committed claims are checked with their owners.
    /// </summary>
    public bool Sealed { get; set; }
}

/// <summary>
/// The spectrum of one duplex fibre pair (a fibre and its reverse; a fibre without a reverse is a pair of one), keyed by
/// the pair's key. Thin: it loads the ledgers, applies the ledger's pure transitions to both fibres at once (a
/// bidirectional lightpath takes the same slots both ways: one call and one write reserve both), persists before it
/// answers (a granted hold is durable), and publishes occupancy to the silo's spectrum view. Holds that outlive the hold
/// timeout are resolved with their owner lightpath: committed → confirmed, otherwise released (presumed abort).
/// Reentrant with group commit: each turn checks and changes the ledgers without awaiting in between, then waits for a
/// write that includes its change; a busy pair writes once per burst of requests.
/// Releases are answered before they are durable: they ride on the pair's next write (a hold's, the periodic flush's or
/// the deactivation's). A release lost in a crash can only leave spectrum claimed, never give it to two lightpaths, and
/// the grain finds it on activation: it asks the owner of every committed claim of unsealed ledgers, and a deleted or
/// failed owner answers Aborted.
/// The grain addressed by the other fibre of a pair keeps nothing and passes its calls on to the pair's grain.
/// </summary>
[Reentrant]
public sealed class FiberGrain(
    [PersistentState(FiberGrain.StateName, "pce")] IPersistentState<FiberGrainState> state,
    INetworkCatalog catalog,
    SiloSpectrumView view,
    TimeProvider time,
    IOptions<ReservationOptions> options,
    IGrainStateStore store,
    ILogger<FiberGrain> logger) : Grain, IFiberGrain
{
    private const string StateName = "fiber";

    private SealingWriter? _writer;

    /// <summary>The pair's grain, when this grain is addressed by the pair's other fibre (and keeps nothing).</summary>
    private IFiberGrain? _pair;

    /// <summary>The pair's fibres: the key fibre first, then its reverse when it has one.</summary>
    private FiberId[] _fibers = [];

    /// <summary>Ledgers loaded unsealed whose committed claims have not been checked with their owners yet.</summary>
    private bool _verifyCommitted;

    /// <summary>The check of committed claims, once started: the timer and an explicit recovery call share it.</summary>
    private Task<int>? _verification;

    /// <summary>A version-2 record of the reverse fibre brought into this pair's state: deleted after the first write.</summary>
    private (string Key, long Version)? _migrated;

    private FiberId Id => new(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var snapshot = catalog.Current ?? throw new InvalidOperationException("no topology is loaded");
        var fiber = snapshot.Network.TryGetFiber(Id, out var f) ? f : throw new InvalidOperationException($"fibre '{Id}' is not in topology version {snapshot.Version}");
        if (fiber.PairKey() != Id)
        {
            _pair = GrainFactory.GetGrain<IFiberGrain>(fiber.PairKey().Value);
            return;
        }

        var reverse = fiber.Reverse is { } r && snapshot.Network.TryGetFiber(r, out var rf) ? rf : null;
        _fibers = reverse is null ? [Id] : [Id, reverse.Id];
        var loaded = state.State;
        var sealedLoaded = loaded.Sealed;
        if (loaded.Ledger is { } own)
        {
            loaded.Ledgers.TryAdd(Id.Value, own);
            loaded.Ledger = null;
        }

        var migrated = false;
        if (reverse is not null && !loaded.Ledgers.ContainsKey(reverse.Id.Value))
        {
            // A version-2 store kept each direction under its own fibre's key.
            var stored = await store.ReadAsync(this.GetGrainId().Type.ToString()!, reverse.Id.Value, StateName, cancellationToken);
            if (stored is not null && GrainStateSerializer.Deserialize<FiberGrainState>(stored.Payload) is { Ledger: { } old } legacy)
            {
                loaded.Ledgers[reverse.Id.Value] = old;
                sealedLoaded &= legacy.Sealed;
                _migrated = (reverse.Id.Value, stored.Version);
                migrated = true;
            }
        }

        loaded.Ledgers.TryAdd(Id.Value, FiberLedger.Empty(snapshot.Network.Grid.SlotCount, fiber.GuardBandSlots));
        if (reverse is not null)
        {
            loaded.Ledgers.TryAdd(reverse.Id.Value, FiberLedger.Empty(snapshot.Network.Grid.SlotCount, reverse.GuardBandSlots));
        }

        _writer = new SealingWriter(
            async seal =>
            {
                state.State.Sealed = seal;
                await state.WriteStateAsync();
                await DropMigratedRecord();
            },
            sealedLoaded && !migrated,
            // The in-memory ledgers may now be ahead of storage: drop this activation so the next call reloads them.
            DeactivateOnIdle);
        if (migrated)
        {
            _writer.ChangedHarmlessly();
        }

        _verifyCommitted = !sealedLoaded && loaded.Ledgers.Values.Any(l => l.Claims.Any(c => c.Status == ClaimStatus.Committed));

        Publish();

        // Recovery calls the owner lightpaths, so it runs as a timer turn after activation, never inside it: an
        // activation that waits on a grain which is itself activating and waiting on this fibre would deadlock.
        var period = options.Value.HoldTimeout > TimeSpan.Zero ? options.Value.HoldTimeout : TimeSpan.FromSeconds(1);
        var due = _verifyCommitted || loaded.Ledgers.Values.Any(l => l.Claims.Any(c => c.Status == ClaimStatus.Held)) ? TimeSpan.Zero : period;
        this.RegisterGrainTimer(_ => RecoverStaleHolds(), new GrainTimerCreationOptions(due, period) { Interleave = false, KeepAlive = false });
    }

    /// <summary>An activation that ends normally writes what it has not written yet, sealed.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Not sealed while committed claims still wait for their check (sealing would skip it for good).
        if (_writer is null || _verifyCommitted)
        {
            return;
        }

        try
        {
            await _writer.SealAsync(state.RecordExists);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stored unsealed: the next activation checks the committed claims with their owners.
            logger.LogWarning(e, "fibre pair {Fiber}: final write on deactivation failed", Id);
        }
    }

    public async Task<HoldReply> Hold(HoldRequest request)
    {
        if (_pair is { } pair)
        {
            return await pair.Hold(request);
        }

        var owner = new LightpathId(request.Lightpath);
        var slots = new SlotRange(request.SlotStart, request.SlotCount);
        var now = time.GetUtcNow();
        var next = new FiberLedger[_fibers.Length];
        var changed = false;
        for (var i = 0; i < _fibers.Length; i++)
        {
            var ledger = LedgerOf(_fibers[i]);
            var refusal = ledger.TryHold(owner, request.Attempt, slots, now, out next[i]);
            if (refusal != HoldRefusal.None)
            {
                // Nothing was changed: the ledgers are only replaced below, once every fibre has agreed.
                return new HoldReply(false, refusal.ToString(), [.. ledger.OccupancyMask()]) { Fiber = _fibers[i].Value };
            }

            changed |= !ReferenceEquals(next[i], ledger);
        }

        if (changed)
        {
            for (var i = 0; i < _fibers.Length; i++)
            {
                state.State.Ledgers[_fibers[i].Value] = next[i];
            }

            Publish();
            await _writer!.FlushAsync();
        }

        return new HoldReply(true, "", []);
    }

    /// <summary>
    /// Confirms in memory; the confirmation is written with the pair's next write. Losing it in a crash is harmless:
    /// the hold comes back as Held and recovery asks the lightpath, whose commit record says Committed. The occupancy
    /// is the same held or committed, so there is nothing to publish.
    /// </summary>
    public Task Confirm(string lightpath, string attempt)
    {
        if (_pair is { } pair)
        {
            return pair.Confirm(lightpath, attempt);
        }

        var owner = new LightpathId(lightpath);
        foreach (var fiber in _fibers)
        {
            if (LedgerOf(fiber).TryConfirm(owner, attempt, out var next))
            {
                state.State.Ledgers[fiber.Value] = next;
                _writer!.ChangedHarmlessly();
            }
        }

        return Task.CompletedTask;
    }

    public async Task Release(string lightpath, string? attempt)
    {
        if (_pair is { } pair)
        {
            await pair.Release(lightpath, attempt);
            return;
        }

        var owner = new LightpathId(lightpath);
        var changed = false;
        foreach (var fiber in _fibers)
        {
            var ledger = LedgerOf(fiber);
            var next = ledger.Release(owner, attempt);
            if (!ReferenceEquals(next, ledger))
            {
                state.State.Ledgers[fiber.Value] = next;
                changed = true;
            }
        }

        if (changed)
        {
            Publish();
            await _writer!.ChangedLazilyAsync();
        }
    }

    public Task<FiberSpectrumView> GetSpectrum() => GetFiberSpectrum(Id.Value);

    public Task<FiberSpectrumView> GetFiberSpectrum(string fiber)
    {
        if (_pair is { } pair)
        {
            return pair.GetFiberSpectrum(fiber);
        }

        var ledger = LedgerOf(new FiberId(fiber));
        return Task.FromResult(new FiberSpectrumView(
            fiber,
            ledger.SlotCount,
            ledger.IsUp,
            [.. ledger.Claims.Select(c => new SpectrumClaimView(c.Owner.Value, c.Attempt, c.Slots.Start, c.Slots.Count, c.Status.ToString(), c.HeldAt))],
            [.. ledger.OccupancyMask()]));
    }

    public Task<bool> IsPairUp()
    {
        if (_pair is { } pair)
        {
            return pair.IsPairUp();
        }

        var up = true;
        foreach (var fiber in _fibers)
        {
            up &= LedgerOf(fiber).IsUp;
        }

        return Task.FromResult(up);
    }

    public Task SetUp(bool isUp) => SetFiberUp(Id.Value, isUp);

    public async Task SetFiberUp(string fiber, bool isUp)
    {
        if (_pair is { } pair)
        {
            await pair.SetFiberUp(fiber, isUp);
            return;
        }

        var ledger = LedgerOf(new FiberId(fiber));
        if (ledger.IsUp != isUp)
        {
            await Save(fiber, ledger with { IsUp = isUp });
        }
    }

    public Task ReportLineSignal(bool present, string evidence, DateTimeOffset at) => ReportFiberLineSignal(Id.Value, present, evidence, at);

    public async Task ReportFiberLineSignal(string fiber, bool present, string evidence, DateTimeOffset at)
    {
        if (_pair is { } pair)
        {
            await pair.ReportFiberLineSignal(fiber, present, evidence, at);
            return;
        }

        var ledger = LedgerOf(new FiberId(fiber));
        if (ledger.IsUp == present)
        {
            return;
        }

        await Save(fiber, ledger with { IsUp = present });
        if (!present)
        {
            RestorationTrace.Record(RestorationStages.FiberDown, at, time.GetUtcNow());
        }

        logger.LogInformation("fibre {Fiber}: {State} ({Evidence})", fiber, present ? "up" : "down", evidence);
        var owners = ledger.Claims.Select(c => c.Owner.Value).Distinct(StringComparer.Ordinal).ToList();
        await Task.WhenAll(owners.Select(o => GrainFactory.GetGrain<ILightpathGrain>(o).ReportFiberSignal(fiber, present, evidence, at)));
    }

    public async Task<int> RecoverStaleHolds()
    {
        if (_pair is { } pair)
        {
            return await pair.RecoverStaleHolds();
        }

        var cutoff = time.GetUtcNow() - options.Value.HoldTimeout;
        var resolved = 0;
        if (_verifyCommitted)
        {
            var first = _verification is null;
            _verification ??= VerifyCommittedClaims();
            var released = await _verification;
            resolved += first ? released : 0;
            if (_verifyCommitted)
            {
                // Some owners did not answer: the next timer turn (or call) asks again.
                _verification = null;
            }
        }

        // A lightpath holds both fibres of the pair in one attempt: each stale attempt is resolved once. An owner that
        // cannot be asked now is asked again on the next turn; it does not hold up the others.
        foreach (var (owner, attempt) in Attempts(l => l.StaleHolds(cutoff)))
        {
            AttemptOutcome outcome;
            try
            {
                outcome = await GrainFactory.GetGrain<ILightpathGrain>(owner).ResolveAttempt(attempt);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "fibre pair {Fiber}: stale hold of {Lightpath} attempt {Attempt} not resolved yet (its owner did not answer)", Id, owner, attempt);
                continue;
            }

            switch (outcome)
            {
                case AttemptOutcome.Committed:
                    await Confirm(owner, attempt);
                    resolved++;
                    break;
                case AttemptOutcome.Aborted:
                    await Release(owner, attempt);
                    resolved++;
                    break;
            }

            logger.LogInformation("fibre pair {Fiber}: stale hold of {Lightpath} attempt {Attempt} resolved as {Outcome}", Id, owner, attempt, outcome);
        }

        // Releases answered since the last write are made durable here at the latest (the timer's period).
        await _writer!.FlushIfUnwrittenAsync();

        return resolved;
    }

    /// <summary>
    /// After loading unsealed ledgers: a committed claim whose owner answers Aborted (deleted, failed, or moved to
    /// another attempt) is a release the crash lost, and is released now.
    /// </summary>
    private async Task<int> VerifyCommittedClaims()
    {
        var released = 0;
        var unanswered = 0;
        foreach (var (owner, attempt) in Attempts(l => l.Claims.Where(c => c.Status == ClaimStatus.Committed)))
        {
            AttemptOutcome outcome;
            try
            {
                outcome = await GrainFactory.GetGrain<ILightpathGrain>(owner).ResolveAttempt(attempt);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One owner that cannot be asked (activating elsewhere, timed out) must not leave every other claim unchecked.
                unanswered++;
                logger.LogWarning(e, "fibre pair {Fiber}: claim of {Lightpath} attempt {Attempt} not checked yet (its owner did not answer)", Id, owner, attempt);
                continue;
            }

            if (outcome == AttemptOutcome.Aborted)
            {
                await Release(owner, attempt);
                released++;
                logger.LogInformation("fibre pair {Fiber}: claim of {Lightpath} attempt {Attempt} released after restart (its owner no longer holds it)", Id, owner, attempt);
            }
        }

        _verifyCommitted = unanswered > 0;
        return released;
    }

    /// <summary>The distinct (owner, attempt) of the chosen claims over the pair's ledgers, as a snapshot.</summary>
    private List<(string Owner, string Attempt)> Attempts(Func<FiberLedger, IEnumerable<SpectrumClaim>> claims) =>
        _fibers.SelectMany(f => claims(LedgerOf(f))).Select(c => (c.Owner.Value, c.Attempt)).Distinct().ToList();

    private FiberLedger LedgerOf(FiberId fiber) =>
        state.State.Ledgers.TryGetValue(fiber.Value, out var ledger)
            ? ledger
            : throw new ArgumentException($"fibre '{fiber}' is not in the pair '{Id}'", nameof(fiber));

    private async Task Save(string fiber, FiberLedger next)
    {
        state.State.Ledgers[fiber] = next;
        Publish();
        await _writer!.FlushAsync();
    }

    private async Task DropMigratedRecord()
    {
        if (_migrated is not { } old)
        {
            return;
        }

        _migrated = null;
        try
        {
            await store.DeleteAsync(this.GetGrainId().Type.ToString()!, old.Key, StateName, old.Version);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Harmless: the pair's record now holds that fibre's ledger, and the old record is never read again.
            logger.LogWarning(e, "fibre pair {Fiber}: the old record of {Reverse} could not be deleted", Id, old.Key);
        }
    }

    private void Publish()
    {
        foreach (var fiber in _fibers)
        {
            var ledger = LedgerOf(fiber);
            view.Update(fiber, ledger.OccupancyMask(), ledger.IsUp);
        }
    }
}
