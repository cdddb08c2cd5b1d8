using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Application.Restoration;
using Continuum.Pce.Application.Telemetry;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace Continuum.Pce.Grains.Lightpaths;

// Automatic restoration (issue 22): the rules are the lightpath service's (RestoreLightpath, RevertLightpath); the
// grain keeps the timers (hold-off, guard, retry back-off, the wait-to-restore watch of a revertive lightpath's home
// path). After the hold-off an unprotected lightpath joins the silo's next restoration batch (RestorationScheduler):
// planned in priority order against one spectrum snapshot, it gets a path and a turn, or is reported unrestorable at
// once; 1+1 legs and reverts take a turn and compute on their own. Timers are memory only: after a restart the fibre
// reports arrive again, a restoration in flight is finished by Reconcile (it is a reroute), and a restored revertive
// lightpath resumes watching its home path from its stored HomePath.
public sealed partial class LightpathGrain
{
    private RestorationOptions? _restorationOptions;
    private RestorationScheduler? _scheduler;
    private IGrainTimer? _restoreTimer;
    private IGrainTimer? _revertTimer;
    private DateTimeOffset? _lastMovedAt;
    private DateTimeOffset? _homeUpSince;
    private int _restoreFailures;

    // ROADMs reported unreachable (node grain → here), with the evidence. Memory only: after a restart the telemetry
    // ingestion finds the device still unreachable and its node grain reports it again.
    private readonly Dictionary<NodeId, string> _nodesDown = [];

    private RestorationOptions RestorationSettings => _restorationOptions ??= ServiceProvider.GetService<IOptions<RestorationOptions>>()?.Value ?? new RestorationOptions();

    private RestorationScheduler? Scheduler => _scheduler ??= ServiceProvider.GetService<RestorationScheduler>();

    /// <summary>The failed fibres of the current path, both directions (empty when the path is whole).</summary>
    private ImmutableArray<FiberOutage> DownOnPath()
    {
        if (Record?.Path is not { } path || state.State.Telemetry is not { } telemetry || telemetry.FibersDown.IsDefaultOrEmpty)
        {
            return [];
        }

        var fibers = services.Topology.BothWays(path.AllFibers()); // both legs of a 1+1 lightpath
        return [.. telemetry.FibersDown.Where(o => fibers.Contains(o.Fiber))];
    }

    /// <summary>The unreachable ROADMs the current path transits (its ends excluded: a service cannot avoid them).</summary>
    private ImmutableArray<NodeId> NodesDownOnPath() =>
        Record?.Path is { } path && _nodesDown.Count > 0 ? RestoreLightpath.Transited(path, [.. _nodesDown.Keys]) : [];

    public async Task ReportNodeReachability(string node, bool reachable, string evidence, DateTimeOffset at)
    {
        if (Record is null)
        {
            return;
        }

        var id = new NodeId(node);
        if (reachable)
        {
            _nodesDown.Remove(id);

            // A path left stranded on the device while it was away can be cleared now, without waiting for the back-off.
            if (state.State.StrandedPath is not null && state.State.OwesCleanup)
            {
                ScheduleReconcile(TimeSpan.Zero);
            }
        }
        else
        {
            _nodesDown[id] = evidence;
        }

        await ConsiderRestorationAsync();
    }

    /// <summary>After a fibre report: start the hold-off when the path has failed, or stand down when it is whole again.</summary>
    private async Task ConsiderRestorationAsync()
    {
        if (Record is not { } record || record.Spec.Restoration == RestorationPolicy.None)
        {
            return;
        }

        if (DownOnPath().IsEmpty && NodesDownOnPath().IsEmpty)
        {
            _restoreTimer?.Dispose();
            _restoreTimer = null;
            _restoreFailures = 0;
            await RestoreLightpath.ClearFailureAsync(Context);
            return;
        }

        if (record.State is LightpathState.Active or LightpathState.Degraded && _restoreTimer is null)
        {
            var now = time.GetUtcNow();
            var due = now + RestorationSettings.HoldOff;
            if (_lastMovedAt is { } moved && moved + RestorationSettings.Guard > due)
            {
                due = moved + RestorationSettings.Guard;
            }

            ScheduleRestoration(due - now);
        }
    }

    private void ScheduleRestoration(TimeSpan delay)
    {
        _restoreTimer?.Dispose();
        _restoreTimer = this.RegisterGrainTimer(
            RestoreAsync,
            new GrainTimerCreationOptions(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private async Task RestoreAsync()
    {
        _restoreTimer?.Dispose();
        _restoreTimer = null;
        var down = DownOnPath();
        var nodes = NodesDownOnPath();
        if (Record is not { State: LightpathState.Active or LightpathState.Degraded } record || (down.IsEmpty && nodes.IsEmpty) || record.Spec.Restoration == RestorationPolicy.None)
        {
            return;
        }

        // The hops from here on are measured from the earliest loss-of-light stamp of the path (RestorationTrace).
        using var activity = RestorationTrace.ActivitySource.StartActivity("pce.lightpath.restore");
        activity?.SetTag("lightpath", this.GetPrimaryKeyString());
        using var measured = down.IsEmpty ? null : RestorationTrace.Begin(down.Min(o => o.At));
        RestorationTrace.Mark(RestorationStages.HoldOffFired, time.GetUtcNow());

        if (state.State.OwesCleanup && record.Path?.Protection is null)
        {
            // The devices still carry an earlier path of this lightpath (a cleanup refused or a device away): no reroute
            // can start until it is cleared. Wait for the cleanup's retry, then try again (not counted as a failure).
            DeferUntilCleanedUp();
            AfterOperation();
            return;
        }

        if (Scheduler is { } scheduler && record.Path?.Protection is null)
        {
            await RestoreInBatchAsync(scheduler, record.Spec.RestorationPriority);
            AfterOperation();
            return;
        }

        using (await EnterTurnAsync(record.Spec.RestorationPriority))
        {
            RestorationTrace.Mark(RestorationStages.Turn, time.GetUtcNow());
            await RestoreInTurnAsync(planned: null);
        }

        AfterOperation();
    }

    /// <summary>
    /// A restoration that a cleanup still owed holds up is tried again just after the cleanup's next retry is due (the
    /// retry itself is scheduled by <see cref="AfterOperation"/>), and so on until the cleanup is done.
    /// </summary>
    private void DeferUntilCleanedUp()
    {
        var now = time.GetUtcNow();
        var due = state.State.CleanupRetryAt is { } retry && retry > now ? retry - now : TimeSpan.Zero;
        var delay = due + RestorationSettings.HoldOff;
        logger.LogInformation("lightpath {Lightpath}: restoration waits for the devices' cleanup of an earlier path; again in {Delay}", this.GetPrimaryKeyString(), delay);
        ScheduleRestoration(delay);
    }

    /// <summary>
    /// An unprotected lightpath's restoration joins the silo's next batch: planned in priority order against one
    /// snapshot of the spectrum, it either gets a path and a turn to reserve and configure it, or hears at once that
    /// nothing is left (reported unrestorable and retried later, without taking a turn).
    /// </summary>
    private async Task RestoreInBatchAsync(RestorationScheduler scheduler, int priority)
    {
        // A report missed across a restart must not move (or fail) the lightpath: the fibre grains are asked first.
        await ForgetRepairedAsync();
        var down = DownOnPath();
        var nodes = NodesDownOnPath();
        if (down.IsEmpty && nodes.IsEmpty)
        {
            return;
        }

        var request = new RestoreLightpathRequest([.. down.Select(o => o.Fiber)], Cause(down, nodes)) { DownNodes = nodes };
        var demand = await RestorationDemands.ForAsync(Context, request);
        var ticket = demand is null ? new RestorationTicket(RestorationPlan.None, null) : await scheduler.PlanAsync(demand);
        try
        {
            switch (ticket.Plan.Kind)
            {
                case RestorationPlanKind.Unrestorable:
                    RestorationTrace.Mark(RestorationStages.Unrestorable, time.GetUtcNow());
                    AfterRestoreAttempt(await RestoreLightpath.ReportUnrestorableAsync(Context, request, ticket.Plan.Blocked!), request.Cause);
                    break;
                case RestorationPlanKind.Planned:
                    RestorationTrace.Mark(RestorationStages.Planned, time.GetUtcNow());
                    using (await ticket.Turn!)
                    {
                        RestorationTrace.Mark(RestorationStages.Turn, time.GetUtcNow());
                        await RestoreInTurnAsync(ticket.Plan.Path);
                    }

                    break;
                default:
                    using (await EnterTurnAsync(priority))
                    {
                        RestorationTrace.Mark(RestorationStages.Turn, time.GetUtcNow());
                        await RestoreInTurnAsync(planned: null);
                    }

                    break;
            }
        }
        finally
        {
            if (ticket.Plan.Kind == RestorationPlanKind.Planned)
            {
                scheduler.Settle(Context.Owner);
            }
        }
    }

    /// <summary>The restoration proper, in a turn: the failure re-checked, then the reroute (the planned path first, if any).</summary>
    private async Task RestoreInTurnAsync(PathCandidate? planned)
    {
        // The failure may have cleared, or a manual operation moved the lightpath, while it waited for its turn.
        await ForgetRepairedAsync();
        var down = DownOnPath();
        var nodes = NodesDownOnPath();
        if ((down.IsEmpty && nodes.IsEmpty) || Record is not { State: LightpathState.Active or LightpathState.Degraded })
        {
            return;
        }

        var cause = Cause(down, nodes);
        var outcome = await RestoreLightpath.ExecuteAsync(Context, new RestoreLightpathRequest([.. down.Select(o => o.Fiber)], cause) { DownNodes = nodes, Planned = planned });
        AfterRestoreAttempt(outcome, cause);
    }

    private void AfterRestoreAttempt(RerouteOutcome outcome, string cause)
    {
        if (outcome.Moved)
        {
            RestorationTrace.Mark(RestorationStages.Active, time.GetUtcNow());
            logger.LogInformation("lightpath {Lightpath}: restored around {Cause}", this.GetPrimaryKeyString(), cause);
            _lastMovedAt = time.GetUtcNow();
            _restoreFailures = 0;
            StartRevertWatch();
            ScheduleProtectionReread();
        }
        else if (outcome.Refusal == "InvalidState" && state.State.OwesCleanup)
        {
            // Refused because an earlier path's device cleanup is still owed: not a failure, retried once it is done.
            DeferUntilCleanedUp();
        }
        else if (outcome.Refusal is not ("NotAffected" or "InvalidState"))
        {
            var retry = RestorationSettings.RetryDelay(++_restoreFailures);
            logger.LogWarning("lightpath {Lightpath}: not restorable ({Detail}); retry in {Retry}", this.GetPrimaryKeyString(), outcome.Detail, retry);
            ScheduleRestoration(retry);
        }
    }

    private async Task CheckPathOnActivationAsync()
    {
        _restoreTimer?.Dispose();
        _restoreTimer = null;
        if (Record?.Path is not { } path)
        {
            return;
        }

        var network = services.Snapshot.Network;
        var pairs = path.Fibers.Select(f => (Fiber: f, Pair: network.TryGetFiber(f, out var x) ? x.PairKey() : f)).DistinctBy(p => p.Pair).ToList();
        var up = await Task.WhenAll(pairs.Select(p => GrainFactory.GetGrain<IFiberGrain>(p.Pair.Value).IsPairUp()));
        var now = time.GetUtcNow();
        for (var i = 0; i < pairs.Count; i++)
        {
            if (!up[i] && !DownOnPath().Any(o => o.Fiber == pairs[i].Fiber))
            {
                state.State.Telemetry = (state.State.Telemetry ?? LightpathTelemetry.Empty).WithFiber(pairs[i].Fiber, false, "down at its fibre grain when the lightpath was activated", now);
            }
        }

        await ConsiderRestorationAsync();
    }

    /// <summary>
    /// Drops outages of the stored telemetry that the fibre grains no longer hold (a report missed across a restart):
    /// a lightpath is never moved off a fibre its own grain says is up.
    /// </summary>
    private async Task ForgetRepairedAsync()
    {
        var down = DownOnPath();
        if (down.IsEmpty)
        {
            return;
        }

        var network = services.Snapshot.Network;
        var pairs = down.Select(o => network.TryGetFiber(o.Fiber, out var f) ? f.PairKey() : o.Fiber).Distinct().ToList();
        var up = await Task.WhenAll(pairs.Select(p => GrainFactory.GetGrain<IFiberGrain>(p.Value).IsPairUp()));
        var repaired = pairs.Where((_, i) => up[i]).ToHashSet();
        foreach (var outage in down.Where(o => repaired.Contains(network.TryGetFiber(o.Fiber, out var f) ? f.PairKey() : o.Fiber)))
        {
            state.State.Telemetry = state.State.Telemetry!.WithFiber(outage.Fiber, true, "up at its fibre grain", time.GetUtcNow());
        }
    }

    private string Cause(ImmutableArray<FiberOutage> down, ImmutableArray<NodeId> nodes) =>
        string.Join(", ", down.Select(o => $"fibre {o.Fiber.Value} down ({o.Evidence})")
            .Concat(nodes.Select(n => _nodesDown.TryGetValue(n, out var evidence) ? evidence : $"node {n.Value} unreachable")));

    private async Task<IDisposable> EnterTurnAsync(int priority) =>
        Scheduler is { } scheduler ? await scheduler.EnterAsync(priority) : NoTurn.Instance;

    /// <summary>A revertive lightpath away from home checks its home path until it has been up for wait-to-restore.</summary>
    private void StartRevertWatch()
    {
        if (state.State.HomePath is null || Record?.Spec.Restoration != RestorationPolicy.RestoreRevertive || _revertTimer is not null)
        {
            return;
        }

        _homeUpSince = null;
        var every = RestorationSettings.RevertCheckInterval;
        _revertTimer = this.RegisterGrainTimer(CheckHomeAsync, new GrainTimerCreationOptions(every, every) { Interleave = false, KeepAlive = true });
    }

    private void StopRevertWatch()
    {
        _revertTimer?.Dispose();
        _revertTimer = null;
        _homeUpSince = null;
    }

    private async Task CheckHomeAsync()
    {
        if (state.State.HomePath is not { } home || Record is not { } record || record.Spec.Restoration != RestorationPolicy.RestoreRevertive)
        {
            StopRevertWatch();
            return;
        }

        if (record.State is not (LightpathState.Active or LightpathState.Degraded))
        {
            return;
        }

        // One cheap question per fibre pair of the home path (a pair grain answers for both directions), asked together;
        // a ROADM of the home path still unreachable keeps the lightpath away too.
        var pairs = home.Fibers.Select(f => services.Snapshot.Network.TryGetFiber(f, out var fiber) ? fiber.PairKey() : f).Distinct();
        var answers = await Task.WhenAll(pairs.Select(p => GrainFactory.GetGrain<IFiberGrain>(p.Value).IsPairUp()));
        var up = answers.All(a => a) && RestoreLightpath.Transited(home, [.. _nodesDown.Keys]).IsEmpty;

        var now = time.GetUtcNow();
        if (!up)
        {
            _homeUpSince = null;
            return;
        }

        _homeUpSince ??= now;
        if (now - _homeUpSince < RestorationSettings.WaitToRestore || (_lastMovedAt is { } moved && now - moved < RestorationSettings.Guard))
        {
            return;
        }

        using (await EnterTurnAsync(record.Spec.RestorationPriority))
        {
            var outcome = await RevertLightpath.ExecuteAsync(Context);
            if (outcome.Moved)
            {
                logger.LogInformation("lightpath {Lightpath}: reverted to its home path", this.GetPrimaryKeyString());
                _lastMovedAt = time.GetUtcNow();
                StopRevertWatch();
            }
            else
            {
                // The home route is busy (its spectrum taken meanwhile) or failed again: keep watching.
                _homeUpSince = null;
            }
        }

        AfterOperation();
    }

    /// <summary>On activation: resume what a restart interrupted (a pending restoration retry, a revert watch).</summary>
    private void ResumeRestoration()
    {
        if (Record?.Spec.Restoration is null or RestorationPolicy.None)
        {
            return;
        }

        if (state.State.RestorationFailure is not null)
        {
            ScheduleRestoration(RestorationSettings.HoldOff);
        }
        else if (Record.State is LightpathState.Active or LightpathState.Degraded)
        {
            // A restoration that a crash interrupted before it began (waiting for its hold-off or its turn) is not
            // reported again: for the fibre and node grains nothing changed, and the outage was in this grain's memory
            // only. The path's fibres are asked once, in a timer turn (never inside activation).
            _restoreTimer = this.RegisterGrainTimer(
                CheckPathOnActivationAsync,
                new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }

        StartRevertWatch();
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }
}
