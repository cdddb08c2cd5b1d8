using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Ports;
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
/// Stored state of a lightpath grain. Version 2 added <see cref="Telemetry"/> (the latest receiver figures and the
/// fibres reported down, written with the next state write); a version-1 payload reads as one without telemetry.
/// </summary>
[StateSchema(2)]
public sealed class LightpathGrainState
{
    public LightpathRecord? Record { get; set; }

    public string Source { get; set; } = "";

    public string Destination { get; set; } = "";

    public int? SourceInterface { get; set; }

    public int? DestinationInterface { get; set; }

    /// <summary>While a reroute is in flight: the attempt and path the lightpath had before it (null otherwise).</summary>
    public string? PreviousAttempt { get; set; }

    public PathCandidate? PreviousPath { get; set; }

    public LightpathTelemetry? Telemetry { get; set; }
}

/// <summary>
/// One lightpath. It coordinates the hold/confirm reservation across its fibres: hold on every fibre of a candidate
/// (each hold durable at the fibre), then the commit point — its own state persisted as Reserved naming the attempt —
/// then confirms. A lost race releases the holds and tries the next candidate. A crash before the commit point leaves
/// holds that the fibres later resolve with <see cref="ResolveAttempt"/>: no commit record means abort.
/// </summary>
public sealed class LightpathGrain(
    [PersistentState("lightpath", "pce")] IPersistentState<LightpathGrainState> state,
    LightpathServices services,
    IPathComputer pathComputer,
    SiloSpectrumView spectrum,
    IDeviceRenderer renderer,
    TimeProvider time,
    IOptions<ReservationOptions> options,
    ILogger<LightpathGrain> logger) : Grain, ILightpathGrain
{
    private string? _inFlightAttempt;

    private LightpathRecord? Record => state.State.Record;

    /// <summary>
    /// A lifecycle that a crash interrupted is resumed by <see cref="Reconcile"/> in a timer turn right after activation
    /// (not inside it: it calls fibres and nodes, which may be activating and asking this grain about their holds).
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Record?.State is LightpathState.Reserved or LightpathState.Provisioning or LightpathState.Deleting or LightpathState.Restoring ||
            (Record?.State is LightpathState.Failed && Record.Path is not null))
        {
            this.RegisterGrainTimer(_ => Reconcile(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    public async Task<LightpathView> Reconcile()
    {
        switch (Record?.State)
        {
            case LightpathState.Reserved:
            case LightpathState.Provisioning:
                logger.LogInformation("lightpath {Lightpath}: resuming provisioning after restart", Record.Spec.Id);
                return await Provision(Record);
            case LightpathState.Deleting:
                return await Delete();
            case LightpathState.Restoring:
                return await ResumeReroute();
            case LightpathState.Failed when Record.Path is not null:
                // A failure decided after the commit point: make sure nothing is still held (idempotent).
                await ReleaseResources();
                return View();
            case null:
                return OrderMapping.Missing(this.GetPrimaryKeyString());
            default:
                return View();
        }
    }

    public async Task<LightpathView> Create(LightpathOrder order)
    {
        if (Record is not null)
        {
            return View();
        }

        var topology = services.Topology;
        if (!topology.TryResolveRoadm(order.Source, out var source) || !topology.TryResolveRoadm(order.Destination, out var destination))
        {
            var unknown = topology.TryResolveRoadm(order.Source, out _) ? order.Destination : order.Source;
            return await Refuse(order, new Blocked(BlockReason.InvalidRequest, $"unknown endpoint '{unknown}' (expected a site, ROADM or transponder id)"));
        }

        if (!OrderMapping.TryToSpec(order, source, destination, out var spec, out var invalid))
        {
            return await Refuse(order, invalid!);
        }

        state.State.Source = order.Source;
        state.State.Destination = order.Destination;
        var record = LightpathRecord.Requested(spec, time.GetUtcNow());
        var computation = pathComputer.Compute(spec.Request, spectrum, options.Value.MaxCandidates);
        if (!computation.IsFound)
        {
            return await Persist(record.Block(computation.Blocked ?? new Blocked(BlockReason.NoPath, "no candidate"), time.GetUtcNow()), order);
        }

        // Candidates are tried in turn; a refused hold teaches this silo's spectrum view what another request took, so
        // when every candidate was taken the computation runs once more on the corrected view before giving up.
        var attemptNumber = 0;
        var tried = 0;
        for (var round = 0; round < 2; round++)
        {
            if (round > 0)
            {
                computation = pathComputer.Compute(spec.Request, spectrum, options.Value.MaxCandidates);
                if (!computation.IsFound)
                {
                    break;
                }
            }

            foreach (var candidate in computation.Candidates)
            {
                tried++;
                var attempt = $"{++attemptNumber}-{Guid.NewGuid():N}"[..12];

                // The commit point: one write records Reserved and the start of provisioning. Provisioning is resumable
                // (interfaces are re-allocated idempotently and the render plan converges), so nothing is lost by not
                // persisting the two states apart.
                if (await TryReserve(spec.Id.Value, candidate, attempt, () => record.TryCommit(attempt, candidate, time.GetUtcNow(), out var committed)
                        ? committed.Move(LightpathState.Provisioning, time.GetUtcNow(), "rendering to devices")
                        : null))
                {
                    return await Provision(Record!);
                }
            }
        }

        return await Persist(
            record.Block(new Blocked(BlockReason.Spectrum, $"all {tried} candidates were taken by concurrent requests"), time.GetUtcNow()),
            order);
    }

    public Task<LightpathView> Get() => Task.FromResult(Record is null ? OrderMapping.Missing(this.GetPrimaryKeyString()) : View());

    public async Task<LightpathView> Delete()
    {
        if (Record is null)
        {
            return OrderMapping.Missing(this.GetPrimaryKeyString());
        }

        if (Record.State is LightpathState.Deleted || (Record.State is LightpathState.Failed && Record.Path is null))
        {
            return View();
        }

        if (Record.State is not LightpathState.Deleting && Record.State is not LightpathState.Failed)
        {
            await Save(Record.Move(LightpathState.Deleting, time.GetUtcNow(), "delete requested"));
        }

        if (Record.Path is { } path && state.State.SourceInterface is { } si && state.State.DestinationInterface is { } di)
        {
            var intent = Intent(path, si, di);
            var result = await renderer.DeleteAsync(intent, CancellationToken.None);
            if (result is RenderResult.Failed failed)
            {
                logger.LogWarning("lightpath {Lightpath}: device cleanup failed: {Failure}", Record.Spec.Id, failed.Failure);
            }
        }

        await ReleaseResources();
        if (Record.State == LightpathState.Deleting)
        {
            await Save(Record.Move(LightpathState.Deleted, time.GetUtcNow(), "spectrum and interfaces released"));
        }

        return View();
    }

    public async Task<LightpathView> Resync()
    {
        if (Record is { State: LightpathState.Active or LightpathState.Degraded, Path: { } path } &&
            state.State.SourceInterface is { } si && state.State.DestinationInterface is { } di)
        {
            if (await renderer.ProvisionAsync(Intent(path, si, di), CancellationToken.None) is RenderResult.Failed failed)
            {
                logger.LogWarning("lightpath {Lightpath}: resync to devices failed: {Failure}", Record.Spec.Id, failed.Failure);
            }
        }

        return Record is null ? OrderMapping.Missing(this.GetPrimaryKeyString()) : View();
    }

    public async Task<RerouteView> Reroute(LightpathOrder? constraints)
    {
        if (Record is not { State: LightpathState.Active or LightpathState.Degraded, Path: { } oldPath } record ||
            state.State.SourceInterface is not { } si || state.State.DestinationInterface is not { } di)
        {
            return new RerouteView(Record is null ? OrderMapping.Missing(this.GetPrimaryKeyString()) : View(), "InvalidState", "only an Active or Degraded lightpath can be rerouted");
        }

        var spec = record.Spec;
        if (constraints is not null)
        {
            var topology = services.Topology;
            if (!OrderMapping.TryToSpec(constraints with { Id = spec.Id.Value, Tenant = spec.Tenant.Value }, spec.Request.Source, spec.Request.Destination, out var newSpec, out var invalid))
            {
                return new RerouteView(View(), invalid!.Reason.ToString(), invalid.Detail);
            }

            spec = newSpec;
        }

        var computation = pathComputer.Compute(spec.Request, spectrum, options.Value.MaxCandidates);
        var candidates = computation.IsFound ? computation.Candidates.Where(c => !SamePath(c, oldPath)).ToList() : [];
        if (candidates.Count == 0)
        {
            var blocked = computation.Blocked ?? new Blocked(BlockReason.NoPath, "no path other than the current one");
            return new RerouteView(View(), blocked.Reason.ToString(), blocked.Detail);
        }

        var oldAttempt = record.CommittedAttempt!;
        state.State.PreviousAttempt = oldAttempt;
        state.State.PreviousPath = oldPath;
        await Save(record.Move(LightpathState.Restoring, time.GetUtcNow(), "reroute requested") with { Spec = spec });
        var attemptNumber = 0;
        PathCandidate? newPath = null;
        foreach (var candidate in candidates)
        {
            var attempt = $"r{++attemptNumber}-{Guid.NewGuid():N}"[..12];
            if (await TryReserve(spec.Id.Value, candidate, attempt, () => Record!.TryCommitReroute(attempt, candidate, out var committed) ? committed : null))
            {
                newPath = candidate;
                break;
            }
        }

        if (newPath is null)
        {
            ClearReroute();
            await Save((Record! with { Spec = record.Spec }).Move(LightpathState.Active, time.GetUtcNow(), "reroute abandoned: every new candidate was taken"));
            return new RerouteView(View(), BlockReason.Spectrum.ToString(), $"all {candidates.Count} new candidates were taken by concurrent requests");
        }

        return await FinishReroute(oldPath, oldAttempt, newPath, si, di);
    }

    private async Task<RerouteView> FinishReroute(PathCandidate oldPath, string oldAttempt, PathCandidate newPath, int si, int di)
    {
        var id = Record!.Spec.Id.Value;

        // Devices old-out, new-in: both plans address the same media-channel index, so they cannot coexist on a shared ROADM.
        await renderer.DeleteAsync(Intent(oldPath, si, di), CancellationToken.None);
        var result = await renderer.ProvisionAsync(Intent(newPath, si, di), CancellationToken.None);
        if (result is RenderResult.Failed failed)
        {
            await renderer.DeleteAsync(Intent(newPath, si, di), CancellationToken.None);
            var newAttempt = Record.CommittedAttempt!;
            var restored = await renderer.ProvisionAsync(Intent(oldPath, si, di), CancellationToken.None);
            ClearReroute();
            if (restored is RenderResult.Failed lost)
            {
                await Save(Record with { Path = oldPath, CommittedAttempt = oldAttempt });
                await FailAndRelease($"reroute failed ({failed.Failure}) and the old path could not be restored ({lost.Failure})");
                return new RerouteView(View(), "Render", failed.Failure.ToString());
            }

            await Save((Record with { Path = oldPath, CommittedAttempt = oldAttempt }).Move(LightpathState.Active, time.GetUtcNow(), $"reroute failed, old path kept: {failed.Failure}"));
            await Task.WhenAll(services.Topology.Pairs(newPath.Fibers).Select(f => services.Fiber(f).Release(id, newAttempt)));
            return new RerouteView(View(), "Render", failed.Failure.ToString());
        }

        await Task.WhenAll(services.Topology.Pairs(oldPath.Fibers).Select(f => services.Fiber(f).Release(id, oldAttempt)));
        ClearReroute();
        await Save(Record.Move(LightpathState.Active, time.GetUtcNow(),
            $"rerouted: {oldPath.Hops} → {newPath.Hops} hops, {oldPath.LatencyUs:F1} → {newPath.LatencyUs:F1} µs, slots {newPath.Slots}"));
        return new RerouteView(View(), null, null);
    }

    /// <summary>After a crash during a reroute: finish it if the new path had committed, else go back to the old path.</summary>
    private async Task<LightpathView> ResumeReroute()
    {
        if (state.State.PreviousPath is { } oldPath && state.State.PreviousAttempt is { } oldAttempt &&
            state.State.SourceInterface is { } si && state.State.DestinationInterface is { } di)
        {
            if (Record!.CommittedAttempt != oldAttempt && Record.Path is { } newPath)
            {
                return (await FinishReroute(oldPath, oldAttempt, newPath, si, di)).Lightpath;
            }

            ClearReroute();
            await renderer.ProvisionAsync(Intent(oldPath, si, di), CancellationToken.None);
            await Save(Record.Move(LightpathState.Active, time.GetUtcNow(), "reroute interrupted by a restart; old path kept"));
        }

        return View();
    }

    private void ClearReroute()
    {
        state.State.PreviousAttempt = null;
        state.State.PreviousPath = null;
    }

    private static bool SamePath(PathCandidate a, PathCandidate b) => a.Slots == b.Slots && a.Fibers.SequenceEqual(b.Fibers);

    /// <summary>
    /// The hold/confirm protocol for one attempt: holds on every fibre the candidate lights (both directions, one call
    /// per duplex pair, in parallel; all or none), then the commit point — <paramref name="commit"/> names the record to persist, or null to
    /// give the attempt up — then the confirms. While it runs, fibres asking about the attempt hear Pending.
    /// </summary>
    private async Task<bool> TryReserve(string id, PathCandidate candidate, string attempt, Func<LightpathRecord?> commit)
    {
        _inFlightAttempt = attempt;
        List<IFiberGrain> held;
        try
        {
            // One hold per duplex pair covers both fibres (the pair's grain keeps both ledgers).
            var fibers = services.Topology.Pairs(candidate.Fibers).Select(f => services.Fiber(f)).ToArray();
            var request = new HoldRequest(id, attempt, candidate.Slots.Start, candidate.Slots.Count);
            var replies = await Task.WhenAll(fibers.Select(f => f.Hold(request)));
            held = new List<IFiberGrain>(fibers.Length);
            var refused = false;
            for (var i = 0; i < replies.Length; i++)
            {
                if (replies[i].Granted)
                {
                    held.Add(fibers[i]);
                }
                else
                {
                    refused = true;
                    spectrum.Update(new FiberId(replies[i].Fiber), replies[i].Occupancy.AsSpan(), replies[i].Refusal != "FiberDown");
                }
            }

            if (refused || commit() is not { } committed)
            {
                await Task.WhenAll(held.Select(h => h.Release(id, attempt)));
                return false;
            }

            await Save(committed);
        }
        finally
        {
            _inFlightAttempt = null;
        }

        foreach (var fiber in held)
        {
            _ = fiber.Confirm(id, attempt);
        }

        return true;
    }

    public async Task<AttemptOutcome> ResolveAttempt(string attempt)
    {
        if (Record?.State is LightpathState.Failed or LightpathState.Deleted)
        {
            // A failed or deleted lightpath holds nothing, whatever it once committed.
            return AttemptOutcome.Aborted;
        }

        if (Record?.CommittedAttempt == attempt)
        {
            return AttemptOutcome.Committed;
        }

        if (_inFlightAttempt == attempt)
        {
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

        // An outage of a fibre the path no longer crosses (a late report after a reroute) is not this lightpath's.
        var id = new FiberId(fiber);
        if (up || Record.Path is not { } path || services.Topology.BothWays(path.Fibers).Contains(id))
        {
            state.State.Telemetry = (state.State.Telemetry ?? LightpathTelemetry.Empty).WithFiber(id, up, evidence, at);
        }

        await Assess(at);
    }

    // Health (issue 21): the rule is Application.Telemetry.LightpathHealth; the grain keeps the hysteresis track in
    // memory (a restart opens the startup settle window anyway) and a one-shot timer for the moment the rule names,
    // because telemetry streams on change: a condition that holds sends no further reading.
    private HealthTrack _healthTrack = HealthTrack.None;
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

            state.State.Telemetry = (state.State.Telemetry ?? LightpathTelemetry.Empty).ForPath(topology.BothWays(path.Fibers), receivers);
        }

        if (record.State is not (LightpathState.Active or LightpathState.Degraded) || record.Path is null)
        {
            _healthTrack = HealthTrack.None;
            return;
        }

        var options = ServiceProvider.GetService<IOptions<LightpathHealthOptions>>()?.Value ?? new LightpathHealthOptions();
        var configured = record.History.LastOrDefault(e => e.To == LightpathState.Active && e.From is LightpathState.Provisioning or LightpathState.Restoring)?.At;
        var epochs = new SettleEpochs(configured, ServiceProvider.GetService<TelemetryIngestion>()?.StartedAt);
        var required = services.Snapshot.Equipment.Transceivers.SelectMany(t => t.Modes).FirstOrDefault(m => m.Id == record.Path.Mode)?.RequiredOsnrDb;
        var requirement = new OsnrRequirement(required, record.Spec.Request.Constraints.MinOsnrMarginDb ?? LightpathHealth.DefaultMarginDb);
        var now = time.GetUtcNow();
        var verdict = LightpathHealth.Judge(state.State.Telemetry ?? LightpathTelemetry.Empty, requirement, record.State == LightpathState.Degraded, epochs, _healthTrack, trigger, now, options);
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

    private async Task<LightpathView> Provision(LightpathRecord reserved)
    {
        var path = reserved.Path!;
        var nodes = services.Topology;
        var now = time.GetUtcNow();
        if (!nodes.TryGetTransponder(path.Nodes[0], out var srcTrx) || !nodes.TryGetTransponder(path.Nodes[^1], out var dstTrx))
        {
            return await BlockAndRelease(new Blocked(BlockReason.Equipment, "no transponder is attached to an end ROADM"));
        }

        var id = reserved.Spec.Id.Value;
        var interfaces = await Task.WhenAll(
            services.Node(srcTrx).AllocateInterface(id),
            services.Node(dstTrx).AllocateInterface(id));
        var (si, di) = (interfaces[0], interfaces[1]);
        if (si is null || di is null)
        {
            return await BlockAndRelease(new Blocked(BlockReason.Equipment, $"no free transponder interface at {(si is null ? srcTrx : dstTrx)}"));
        }

        state.State.SourceInterface = si;
        state.State.DestinationInterface = di;
        if (reserved.State == LightpathState.Reserved)
        {
            await Save(reserved.Move(LightpathState.Provisioning, now, "rendering to devices"));
        }

        var result = await renderer.ProvisionAsync(Intent(path, si.Value, di.Value), CancellationToken.None);
        if (result is RenderResult.Failed failed)
        {
            return await FailAndRelease($"render failed: {failed.Failure}");
        }

        await Save(Record!.Move(LightpathState.Active, time.GetUtcNow(), "devices configured"));
        return View();
    }

    private LightpathRenderIntent Intent(PathCandidate path, int sourceInterface, int destinationInterface)
    {
        var nodes = services.Topology;
        nodes.TryGetTransponder(path.Nodes[0], out var srcTrx);
        nodes.TryGetTransponder(path.Nodes[^1], out var dstTrx);
        return nodes.RenderIntent(Record!.Spec.Id, path, new TransponderEnd(srcTrx, sourceInterface), new TransponderEnd(dstTrx, destinationInterface), options.Value.TargetOutputPowerDbm);
    }

    // The decision is persisted before anything is released: a crash in between leaves a Failed lightpath whose
    // resources Reconcile releases, never a live-looking lightpath whose spectrum is already gone.
    private async Task<LightpathView> FailAndRelease(string reason)
    {
        await Save(Record!.Fail(reason, time.GetUtcNow()));
        await ReleaseResources();
        return View();
    }

    private async Task<LightpathView> BlockAndRelease(Blocked blocked)
    {
        await Save(Record!.Block(blocked, time.GetUtcNow()));
        await ReleaseResources();
        return View();
    }

    private async Task ReleaseResources()
    {
        var record = Record!;
        var id = record.Spec.Id.Value;
        if (record.Path is { } path)
        {
            var fibers = services.Topology.Pairs(path.Fibers);
            var nodes = services.Topology;
            var releases = new List<Task>(fibers.Length + 2);
            foreach (var f in fibers)
            {
                releases.Add(services.Fiber(f).Release(id, null));
            }

            if (nodes.TryGetTransponder(path.Nodes[0], out var s))
            {
                releases.Add(services.Node(s).ReleaseInterface(id));
            }

            if (nodes.TryGetTransponder(path.Nodes[^1], out var d))
            {
                releases.Add(services.Node(d).ReleaseInterface(id));
            }

            await Task.WhenAll(releases);
        }
    }

    private async Task<LightpathView> Refuse(LightpathOrder order, Blocked blocked)
    {
        var placeholder = new LightpathSpec(new LightpathId(order.Id), new TenantId(order.Tenant),
            new PathRequest(new NodeId(order.Source), new NodeId(order.Destination), order.BitRateGbps, PathConstraints.None));
        return await Persist(LightpathRecord.Requested(placeholder, time.GetUtcNow()).Block(blocked, time.GetUtcNow()), order);
    }

    private async Task<LightpathView> Persist(LightpathRecord record, LightpathOrder order)
    {
        state.State.Source = order.Source;
        state.State.Destination = order.Destination;
        await Save(record);
        return View();
    }

    private async Task Save(LightpathRecord record)
    {
        var previous = state.State.Record;
        state.State.Record = record;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Record = previous;
            throw;
        }
    }

    private LightpathView View()
    {
        var view = OrderMapping.ToView(Record!, state.State.Source, state.State.Destination, services.Topology);
        return state.State.Telemetry is not { } telemetry ? view : view with
        {
            MeasuredOsnrDb = telemetry.MeasuredOsnrDb(),
            MeasuredAt = telemetry.LastMeasuredAt(),
            FibersDown = telemetry.FibersDown.IsDefault ? [] : [.. telemetry.FibersDown.Select(f => f.Fiber.Value)],
        };
    }
}
