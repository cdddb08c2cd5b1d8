using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Restoration;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Spectrum;
using Continuum.Pce.Grains.Storage;
using Continuum.Pce.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>
/// Stored state of a lightpath grain: the lightpath service's <see cref="LightpathData"/>. Version 2 added the
/// telemetry; version 3 the device cleanup still owed (failure, back-off, a stranded path); version 4 restoration (the
/// spec's policy and priority, a revertive lightpath's home path, a restoration failure); version 5 a defragmentation
/// retune in flight (the old attempt and path, the sweep hold, method and cause); version 6 a 1+1 pair's switch timers;
/// version 7 the count of history events trimmed (<see cref="HistoryTrimmed"/>). Older payloads read as ones without them.
/// </summary>
[StateSchema(7)]
public sealed class LightpathGrainState : LightpathData
{
    /// <summary>Lifecycle events dropped from the record's history: it keeps its first event (the request) and the newest ones.</summary>
    public int HistoryTrimmed { get; set; }

    /// <summary>
    /// Before a write: keeps the record's first event and its newest <paramref name="keep"/>, and counts the events dropped.
    /// <paramref name="written"/> is the history as last written (itself trimmed): the record may have been built from an
    /// older, longer copy of it, and events an earlier write already counted are not counted again.
    /// </summary>
    public void TrimHistory(ImmutableArray<LightpathEvent> written, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        if (Record is not { History: { IsDefault: false } history } record || history.Length <= keep + 1)
        {
            return;
        }

        // Every event ever recorded: those counted before, those written, and those added after the last written one.
        var total = HistoryTrimmed + history.Length;
        if (!written.IsDefaultOrEmpty)
        {
            var last = history.LastIndexOf(written[^1], history.Length - 1, history.Length, ReferenceEqualityComparer.Instance);
            if (last >= 0)
            {
                total = HistoryTrimmed + written.Length + (history.Length - 1 - last);
            }
        }

        var kept = ImmutableArray.CreateBuilder<LightpathEvent>(keep + 1);
        kept.Add(history[0]);
        for (var i = history.Length - keep; i < history.Length; i++)
        {
            kept.Add(history[i]);
        }

        Record = record with { History = kept.MoveToImmutable() };
        HistoryTrimmed = total - (keep + 1);
    }
}

/// <summary>
/// One lightpath: identity (its key, "tenant/id", in the tenant's own id space), turn-taking and persistence. The
/// rules are the lightpath service's use cases (<see cref="CreateLightpath"/>, <see cref="DeleteLightpath"/>,
/// <see cref="RerouteLightpath"/>, <see cref="ReconcileLightpath"/>); the grain gives them its state, the fibre and
/// node grains as ports, and a timer for cleanup retries.
/// </summary>
public sealed partial class LightpathGrain(
    [PersistentState("lightpath", "pce")] IPersistentState<LightpathGrainState> state,
    LightpathServices services,
    IPathComputer pathComputer,
    SiloSpectrumView spectrum,
    IDeviceRenderer renderer,
    FiberGrainReservation reservation,
    NodeGrainInterfaces interfaces,
    ILightpathEventSink events,
    TimeProvider time,
    IOptions<ReservationOptions> options,
    ILogger<LightpathGrain> logger) : Grain, ILightpathGrain, ILightpathStateStore
{
    private LightpathContext? _context;
    private IGrainTimer? _retry;
    private DateTimeOffset? _retryDue;

    private LightpathRecord? Record => state.State.Record;

    LightpathData ILightpathStateStore.Data => state.State;

    private LightpathContext Context => _context ??= CreateContext();

    /// <summary>Writes the state with its history trimmed to the request and the newest events (Pce:Retention:HistoryEntries).</summary>
    async Task ILightpathStateStore.WriteAsync()
    {
        var data = state.State;
        var (record, trimmed) = (data.Record, data.HistoryTrimmed);
        _historyEntries ??= ServiceProvider.GetService<IOptions<LightpathRetentionOptions>>()?.Value.HistoryEntries ?? LightpathRetentionOptions.DefaultHistoryEntries;
        data.TrimHistory(_written ?? [], _historyEntries.Value);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (data.Record, data.HistoryTrimmed) = (record, trimmed);
            throw;
        }

        _written = data.Record?.History;
    }

    private int? _historyEntries;

    /// <summary>The history as this activation last read or wrote it.</summary>
    private ImmutableArray<LightpathEvent>? _written;

    /// <summary>
    /// A lifecycle that a crash interrupted, or a cleanup still owed, is resumed by <see cref="Reconcile"/> in a timer
    /// turn right after activation (not inside it: it calls fibres and nodes, which may be activating and asking this
    /// grain about their holds).
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _written = Record?.History;
        if (ReconcileLightpath.IsPending(state.State))
        {
            ScheduleReconcile(TimeSpan.Zero);
        }

        ResumeRestoration();
        return Task.CompletedTask;
    }

    public async Task<LightpathView> Reconcile()
    {
        if (Record is null)
        {
            return OrderMapping.Missing(this.GetPrimaryKeyString());
        }

        await ReconcileLightpath.ExecuteAsync(Context);
        return AfterOperation();
    }

    public async Task<LightpathView> Create(LightpathOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var key = order.Key.ToString();
        if (key != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"an order for lightpath '{key}' was sent to lightpath grain '{this.GetPrimaryKeyString()}'", nameof(order));
        }

        if (Record is not null)
        {
            return View();
        }

        // The order was checked against the network the API held; only a replacement since then can make it stale.
        var spec = OrderMapping.ToSpec(order);
        if (Unknown(spec.Request) is { } gone)
        {
            await CreateLightpath.RefuseAsync(Context, spec, order.Source, order.Destination,
                new Blocked(BlockReason.InvalidRequest, $"the network no longer has node '{gone}' (it was replaced after the request was checked)"));
            return View();
        }

        await CreateLightpath.ExecuteAsync(Context, new CreateLightpathRequest(spec, order.Source, order.Destination));
        if (Record is { State: LightpathState.Active, Path.Protection: not null })
        {
            await ProtectLightpath.ReadAsync(Context); // where the new protection switches stand
        }

        return AfterOperation();
    }

    public Task<LightpathView> Get() => Task.FromResult(Record is null ? OrderMapping.Missing(this.GetPrimaryKeyString()) : View());

    public Task<LightpathView> Delete() => Delete(force: false);

    public Task<LightpathView> ForceDelete() => Delete(force: true);

    private async Task<LightpathView> Delete(bool force)
    {
        if (Record is null)
        {
            return OrderMapping.Missing(this.GetPrimaryKeyString());
        }

        await ClearStaleLegAsync(deleting: true);
        await DeleteLightpath.ExecuteAsync(Context, new DeleteLightpathRequest(force));
        return AfterOperation();
    }

    public async Task<LightpathView> Resync()
    {
        if (Record is null)
        {
            return OrderMapping.Missing(this.GetPrimaryKeyString());
        }

        _resyncedAt = time.GetUtcNow();
        if (await ReconcileLightpath.ResyncAsync(Context) is { } failure)
        {
            logger.LogWarning("lightpath {Lightpath}: resync to devices failed: {Failure}", this.GetPrimaryKeyString(), failure);
            if (!Context.Data.OwesCleanup)
            {
                // Until the push succeeds the lightpath owes it (ReconcileLightpath's repush), retried on the owed
                // push's short schedule (AfterOperation): a device that refused once must not stay without the channel.
                Context.CleanupFailed($"the live path could not be pushed to its devices again: {failure}");
                await Context.SaveAsync();
            }
        }
        else if (OwesPush)
        {
            // The push that was owed has just gone through: nothing left to retry.
            Context.CleanupDone();
            await Context.SaveAsync();
        }

        return AfterOperation();
    }

    public async Task<RerouteView> Reroute(LightpathOrder? constraints)
    {
        if (Record is null)
        {
            return new RerouteView(OrderMapping.Missing(this.GetPrimaryKeyString()), "InvalidState", "only an Active or Degraded lightpath can be rerouted");
        }

        LightpathSpec? spec = null;
        if (constraints is not null)
        {
            // New constraints for the same service: identity and endpoints stay the lightpath's own.
            var current = Record.Spec;
            spec = current with
            {
                Request = constraints.Request with { Source = current.Request.Source, Destination = current.Request.Destination },
            };
        }

        var outcome = await RerouteLightpath.ExecuteAsync(Context, new RerouteLightpathRequest(spec));
        return new RerouteView(AfterOperation(), outcome.Refusal, outcome.Detail);
    }

    public async Task<RerouteView> Retune(RetuneOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (Record is null)
        {
            return new RerouteView(OrderMapping.Missing(this.GetPrimaryKeyString()), "InvalidState", "only an Active lightpath can be retuned");
        }

        if (order.FromStart < 0 || order.ToStart < 0 || order.SlotCount <= 0)
        {
            return new RerouteView(View(), "InvalidRequest", "slot starts must be non-negative and the width positive");
        }

        var outcome = await RetuneLightpath.ExecuteAsync(Context, new RetuneLightpathRequest(
            new Domain.Spectrum.SlotRange(order.FromStart, order.SlotCount), new Domain.Spectrum.SlotRange(order.ToStart, order.SlotCount), order.Hitless, order.Cause));
        return new RerouteView(AfterOperation(), outcome.Refusal, outcome.Detail);
    }

    public async Task<AttemptOutcome> ResolveAttempt(string attempt)
    {
        if (Record is null)
        {
            // Nothing committed here; only an attempt being placed right now is pending (a key that is not "tenant/id"
            // never had a lightpath).
            return _context?.InFlightAttempt == attempt ? AttemptOutcome.Pending : AttemptOutcome.Aborted;
        }

        switch (Context.StatusOf(attempt))
        {
            case AttemptStatus.Committed:
                return AttemptOutcome.Committed;
            case AttemptStatus.Pending:
                return AttemptOutcome.Pending;
        }

        // Presumed abort: the attempt is not in flight on this activation and never committed, so it never will.
        if (Record is not null && Record.TryAbort(attempt, out var aborted) && !ReferenceEquals(aborted, Record))
        {
            await Save(aborted);
        }

        return AttemptOutcome.Aborted;
    }

    public async Task ReportReceiver(ReceiverTelemetry reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (Record is null)
        {
            return;
        }

        state.State.Telemetry = (state.State.Telemetry ?? LightpathTelemetry.Empty).With(new ReceiverReading(
            new NodeId(reading.Transponder), reading.Interface, reading.SignalPresent, reading.OsnrDb, reading.InputPowerDbm, reading.PreFecBer, reading.At));
        await Assess(reading.At);
    }

    public async Task ReportFiberSignal(string fiber, bool up, string evidence, DateTimeOffset at)
    {
        if (Record is null)
        {
            return;
        }

        if (!up)
        {
            RestorationTrace.Record(RestorationStages.LightpathNotified, at, time.GetUtcNow());
        }

        // An outage of a fibre the path no longer crosses (a late report after a reroute) is not this lightpath's.
        var id = new FiberId(fiber);
        if (up || Record.Path is not { } path || services.Topology.BothWays(path.AllFibers()).Contains(id))
        {
            state.State.Telemetry = (state.State.Telemetry ?? LightpathTelemetry.Empty).WithFiber(id, up, evidence, at);
        }

        await Assess(at);
        await AfterProtectedFiberSignalAsync(fiber, up);
        await ConsiderRestorationAsync();
    }

    // Health (issue 21): the rule is Application.Telemetry.LightpathHealth; the grain keeps the hysteresis track in
    // memory (a restart opens the startup settle window anyway) and a one-shot timer for the moment the rule names,
    // because telemetry streams on change: a condition that holds sends no further reading.
    private HealthTrack _healthTrack = HealthTrack.None;
    private DateTimeOffset? _resyncedAt;
    private LightpathHealthOptions? _healthOptions; // resolved once per activation, not per reading
    private TelemetryIngestion? _ingestion;
    private IGrainTimer? _healthTimer;

    /// <summary>
    /// Applies the health rule to a lit lightpath after a reading (<paramref name="measuredAt"/> is when the device
    /// measured it; the rule's clock is the silo's). Telemetry is first narrowed to the current path.
    /// </summary>
    private Task Assess(DateTimeOffset measuredAt)
    {
        _ = measuredAt;
        return JudgeHealth(HealthTrigger.Reading);
    }

    private async Task JudgeHealth(HealthTrigger trigger)
    {
        _healthTimer?.Dispose();
        _healthTimer = null;
        var record = Record!;
        if (record.Path is { } path)
        {
            var topology = services.Topology;
            var receivers = new List<ReceiverId>(2);
            if (topology.TryGetTransponder(path.Nodes[0], out var a) && state.State.SourceInterface is { } ai)
            {
                receivers.Add(new ReceiverId(a, ai));
            }

            if (topology.TryGetTransponder(path.Nodes[^1], out var z) && state.State.DestinationInterface is { } zi)
            {
                receivers.Add(new ReceiverId(z, zi));
            }

            state.State.Telemetry = (state.State.Telemetry ?? LightpathTelemetry.Empty).ForPath(topology.BothWays(path.AllFibers()), receivers);
        }

        if (record.State is not (LightpathState.Active or LightpathState.Degraded) || record.Path is null)
        {
            _healthTrack = HealthTrack.None;
            return;
        }

        var options = _healthOptions ??= ServiceProvider.GetService<IOptions<LightpathHealthOptions>>()?.Value ?? new LightpathHealthOptions();
        var configured = record.History.LastOrDefault(e => e.To == LightpathState.Active && e.From is LightpathState.Provisioning or LightpathState.Restoring)?.At;
        if (_resyncedAt is { } resynced && (configured is null || resynced > configured))
        {
            // Devices that had lost the configuration (an emulator restart, a replaced line card) were just given it
            // back: they are half-configured until the push completes, like a fresh activation.
            configured = resynced;
        }

        _ingestion ??= ServiceProvider.GetService<TelemetryIngestion>();
        var epochs = new SettleEpochs(configured, _ingestion?.StartedAt);
        var required = services.Snapshot.Equipment.Transceivers.SelectMany(t => t.Modes).FirstOrDefault(m => m.Id == record.Path.Mode)?.RequiredOsnrDb;
        var requirement = new OsnrRequirement(required, record.Spec.Request.Constraints.MinOsnrMarginDb ?? LightpathHealth.DefaultMarginDb);
        var now = time.GetUtcNow();
        var verdict = LightpathHealth.Judge(ForHealth(state.State.Telemetry ?? LightpathTelemetry.Empty), requirement, record.State == LightpathState.Degraded, epochs, _healthTrack, trigger, now, options);
        _healthTrack = verdict.Track;
        switch (verdict.Decision)
        {
            case HealthDecision.Degrade:
                logger.LogWarning("lightpath {Lightpath}: degraded: {Reason}", record.Spec.Id, verdict.Condition.Reason);
                await Save(record.Move(LightpathState.Degraded, now, verdict.Condition.Reason));
                break;
            case HealthDecision.Recover:
                logger.LogInformation("lightpath {Lightpath}: recovered: {Reason}", record.Spec.Id, verdict.Condition.Reason);
                await Save(record.Move(LightpathState.Active, now, "recovered: " + verdict.Condition.Reason));
                break;
        }

        if (verdict.ReassessAt is { } at)
        {
            // A few milliseconds late rather than early: a timer that fires before the window closes only sets another.
            var due = at - now + TimeSpan.FromMilliseconds(5);
            _healthTimer = this.RegisterGrainTimer(
                () => JudgeHealth(HealthTrigger.Timer),
                new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }
    }


    private LightpathContext CreateContext()
    {
        var text = this.GetPrimaryKeyString();
        if (!LightpathKey.TryParse(text, out var key))
        {
            throw new InvalidOperationException($"'{text}' is not a lightpath key (tenant/id): lightpaths live in their tenant's id space");
        }

        var o = options.Value;
        return new LightpathContext(key, this, services, pathComputer, spectrum, reservation, interfaces, new LightpathGrainPaths(GrainFactory), renderer, events, time,
            new LightpathServiceOptions
            {
                MaxCandidates = o.MaxCandidates,
                TargetOutputPowerDbm = o.TargetOutputPowerDbm,
                CleanupRetryInitial = o.CleanupRetryInitial,
                CleanupRetryMax = o.CleanupRetryMax,
                ProtectionHoldOff = RestorationSettings.ProtectionHoldOff,
                ProtectionWaitToRestore = RestorationSettings.ProtectionWaitToRestore,
            });
    }

    /// <summary>
    /// The view after an operation; a cleanup still owed gets its retry scheduled: an owed push of the live path on
    /// its own short schedule (<see cref="PushRetryDelay"/>), anything else on the cleanup back-off.
    /// </summary>
    private LightpathView AfterOperation()
    {
        if (OwesPush)
        {
            ScheduleReconcile(PushRetryDelay(_pushRetries++));
            state.State.CleanupRetryAt = _retryDue; // what the view and the alarm show
            return View();
        }

        _pushRetries = 0;
        if (state.State.CleanupRetryAt is { } due)
        {
            var delay = due - time.GetUtcNow();
            ScheduleReconcile(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }

        return View();
    }

    // An owed push of a live path (a resync or a repush a device refused) leaves a live service without its channel on
    // that device until it succeeds, so it is retried on a short schedule of its own (Pce:Reservation:PushRetryInitial
    // doubling to PushRetryMax, by default 1 s, 2 s, then every 4 s; ±20 % jitter so that lightpaths refused together
    // do not retry together), not on the cleanup back-off meant for deletes, which grows to minutes over the failures
    // the store keeps. The step is this activation's: a restart starts again from the first, and so does a success
    // (found by the chaos harness, issue 26).
    private int _pushRetries;

    /// <summary>True when what the lightpath owes is a push of its live path (what <see cref="ReconcileLightpath"/> would retry as a repush).</summary>
    private bool OwesPush => state.State is { OwesCleanup: true, Retuning: false, StrandedPath: null, Record.State: LightpathState.Active or LightpathState.Degraded };

    private TimeSpan PushRetryDelay(int retries)
    {
        var o = options.Value;
        var delay = TimeSpan.FromTicks((long)Math.Min(o.PushRetryInitial.Ticks * Math.Pow(2, Math.Min(retries, 30)), o.PushRetryMax.Ticks));
        return delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
    }

    private void ScheduleReconcile(TimeSpan delay)
    {
        var due = time.GetUtcNow() + delay;
        if (_retry is not null && _retryDue is { } scheduled && scheduled <= due)
        {
            return;
        }

        _retry?.Dispose();
        _retryDue = due;
        _retry = this.RegisterGrainTimer(async _ =>
        {
            _retry?.Dispose();
            _retry = null;
            _retryDue = null;
            await Reconcile();
        }, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private string? Unknown(PathRequest request)
    {
        var topology = services.Topology;
        return !topology.TryResolveRoadm(request.Source.Value, out _) ? request.Source.Value
            : !topology.TryResolveRoadm(request.Destination.Value, out _) ? request.Destination.Value
            : null;
    }

    private Task Save(LightpathRecord record) => Context.SaveAsync(record);

    private LightpathView View()
    {
        var data = state.State;
        var view = OrderMapping.ToView(data, services.Topology) with { HistoryTrimmed = data.HistoryTrimmed };
        return data.Telemetry is not { } telemetry ? view : view with
        {
            MeasuredOsnrDb = telemetry.MeasuredOsnrDb(),
            MeasuredAt = telemetry.LastMeasuredAt(),
            FibersDown = telemetry.FibersDown.IsDefault ? [] : [.. telemetry.FibersDown.Select(f => f.Fiber.Value)],
        };
    }
}
