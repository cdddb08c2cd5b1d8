using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Planning.Defrag;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Spectrum;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Lightpaths;
using NetworkSnapshot = Continuum.Pce.Application.Planning.Defrag.NetworkSnapshot;

namespace Continuum.Pce.Api.Operations;

/// <summary>
/// Live spectrum defragmentation (issue 28): a plan is computed from a snapshot of the network (the Active lightpaths
/// in scope and every fibre's claims, <see cref="LiveSnapshot"/>, then <see cref="DefragPlanner"/>), kept as a job,
/// checked (dry run), applied one step at a time through the lightpath grains' retune, and aborted between steps.
/// Jobs live in memory in the serving silo: a restart forgets them (each lightpath's own retune is durable and is
/// finished or undone by the lightpath on its next activation, so nothing is left half-moved). One apply runs at a
/// time per server.
/// </summary>
public sealed class DefragOperations(IGrainFactory grains, INetworkCatalog catalog, LightpathDirectory directory, ILogger<DefragOperations> logger)
{
    /// <summary>Plans kept in memory; beyond it the oldest not running is forgotten (a flood of plans cannot grow the heap).</summary>
    public const int MaxPlans = 64;

    private readonly ConcurrentDictionary<string, DefragJob> _jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _applying = new(1, 1);

    public async Task<Outcome<DefragPlanDto>> PlanAsync(CreateDefragPlanDto body, Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var scope = Scope(body, caller);
        if (scope.Error is { } refused)
        {
            return refused;
        }

        var started = Stopwatch.GetTimestamp();
        var read = await ReadAsync(scope.Value!, cancellationToken);
        if (read.Error is { } unread)
        {
            return unread;
        }

        DefragPlan plan;
        try
        {
            plan = DefragPlanner.Plan(read.Value!);
        }
        catch (ArgumentException e)
        {
            return ApiError.Conflict($"the spectrum changed while it was read ({e.Message}); compute the plan again");
        }

        var job = new DefragJob(
            "dfp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), caller.SeesAllTenants ? null : caller.Tenant, scope.Value!, plan,
            read.Value!.Lightpaths.Length, read.Value.Fixed.Length, DateTimeOffset.UtcNow, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        _jobs[job.Id] = job;
        foreach (var old in _jobs.Values.Where(j => j.State != DefragJobState.Running).OrderBy(j => j.CreatedAt).Take(Math.Max(0, _jobs.Count - MaxPlans)).ToList())
        {
            _jobs.TryRemove(old.Id, out _);
        }

        return Outcome<DefragPlanDto>.Created(job.ToDto(), $"/api/v1/defrag/plans/{job.Id}");
    }

    public Outcome<DefragPlanDto> Get(string id, Caller caller) => Find(id, caller) is { } job ? job.ToDto() : ApiError.NotFound("defragmentation plan", id);

    /// <summary>
    /// Applies a plan in the background (202 with the plan; follow it with GET), or with <paramref name="dryRun"/> checks
    /// every step against the spectrum as it is now and changes nothing (200 with the verdicts).
    /// </summary>
    public async Task<(Outcome<DefragPlanDto> Plan, Outcome<DefragDryRunDto>? DryRun)> ApplyAsync(string id, bool dryRun, Caller caller, CancellationToken cancellationToken = default)
    {
        if (Find(id, caller) is not { } job)
        {
            return (ApiError.NotFound("defragmentation plan", id), null);
        }

        if (dryRun)
        {
            var read = await ReadAsync(job.Scope, cancellationToken);
            if (read.Error is { } unread)
            {
                return (unread, null);
            }

            ImmutableArrayCheck checks;
            try
            {
                checks = new(DefragPlanner.Check(job.Plan, read.Value!));
            }
            catch (ArgumentException e)
            {
                return (ApiError.Conflict($"the spectrum changed while it was read ({e.Message}); try again"), null);
            }

            var steps = checks.Value.Select(c => new DefragCheckDto(c.Order, IdOf(c.Lightpath), TenantOf(c.Lightpath), c.Passes, c.Problem)).ToList();
            return (job.ToDto(), new DefragDryRunDto(job.Id, steps.All(s => s.Ok), steps.Count(s => !s.Ok), steps));
        }

        if (!job.TryStart())
        {
            return (ApiError.Conflict($"plan '{id}' is {job.State}: a plan is applied once; compute a new one"), null);
        }

        if (!await _applying.WaitAsync(0, cancellationToken))
        {
            job.Unstart();
            return (ApiError.Conflict("another defragmentation plan is being applied; wait for it or abort it"), null);
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(job);
            }
            finally
            {
                _applying.Release();
            }
        }, CancellationToken.None);
        return (Outcome<DefragPlanDto>.Accepted(job.ToDto()), null);
    }

    /// <summary>Asks a running apply to stop after the step in progress (that step finishes or is undone whole).</summary>
    public Outcome<DefragPlanDto> Abort(string id, Caller caller)
    {
        if (Find(id, caller) is not { } job)
        {
            return ApiError.NotFound("defragmentation plan", id);
        }

        job.RequestAbort();
        return job.ToDto();
    }

    private async Task RunAsync(DefragJob job)
    {
        foreach (var step in job.Plan.Steps)
        {
            if (job.AbortRequested)
            {
                job.Finish(DefragJobState.Aborted, null);
                return;
            }

            job.Begin(step.Order);
            RerouteView outcome;
            try
            {
                outcome = await grains.Lightpath(TenantOf(step.Lightpath), IdOf(step.Lightpath)).Retune(new RetuneOrder(
                    step.From.Start, step.From.Count, step.To.Start, step.Kind == DefragStepKind.HitlessRetune, $"plan {job.Id} step {step.Order}"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "defragmentation plan {Plan}: step {Step} threw", job.Id, step.Order);
                job.StepFailed(step.Order, e.Message);
                job.Finish(DefragJobState.Failed, $"step {step.Order} ({step.Lightpath}): {e.Message}");
                return;
            }

            if (outcome.Outcome is { } refusal)
            {
                var reason = $"{refusal}: {outcome.Detail}";
                job.StepFailed(step.Order, reason);
                job.Finish(DefragJobState.Failed, $"step {step.Order} ({step.Lightpath}): {reason}");
                return;
            }

            job.StepDone(step.Order);
        }

        job.Finish(DefragJobState.Completed, null);
    }

    /// <summary>The live snapshot of a scope: Active lightpaths as stored, and every fibre's claims as its grain holds them.</summary>
    private async Task<Outcome<NetworkSnapshot>> ReadAsync(DefragScope scope, CancellationToken cancellationToken)
    {
        if (catalog.Current is not { } current)
        {
            return ApiError.NoTopology();
        }

        var network = current.Network;
        var topology = new PathTopology(network, current.Equipment);
        var lightpaths = new List<LiveLightpath>();
        await foreach (var v in directory.AllAsync(null, LightpathState.Active, cancellationToken))
        {
            var slots = v is { SlotStart: { } start, SlotCount: { } count } && count > 0 ? new SlotRange(start, count) : (SlotRange?)null;
            var hitless = v.Nodes.Length > 0 && topology.RetunesHitlessly(new NodeId(v.Nodes[0]), new NodeId(v.Nodes[^1]));
            // A stored view lists the A→Z fibres of the path (its 1+1 leg too); the claims cover both directions.
            var reserved = topology.BothWays([.. v.ReservedFibers.Select(f => new FiberId(f))]);
            lightpaths.Add(new LiveLightpath(LightpathGrains.KeyOf(v.Tenant, v.Id), v.Tenant, v.State, reserved, slots,
                hitless, Protected: v.Protection is not null, OwesCleanup: v.CleanupFailure is not null));
        }

        var spectra = await Task.WhenAll(network.Fibers.Select(f => grains.GetGrain<IFiberGrain>(f.Id.Value).GetSpectrum()));
        var claims = spectra.SelectMany(s => s.Claims.Select(c => new LiveClaim(new FiberId(s.Fiber), c.Lightpath, new SlotRange(c.SlotStart, c.SlotCount))));
        var guarded = network.Fibers.Where(f => f.GuardBandSlots > 0).Select(f => f.Id).ToHashSet();
        return LiveSnapshot.Build(network.Grid.SlotCount, lightpaths, claims, scope, guarded);
    }

    private Outcome<DefragScope> Scope(CreateDefragPlanDto body, Caller caller)
    {
        FiberId? fiber = null;
        if (body.Fiber is not null)
        {
            if (catalog.Current is not { } current)
            {
                return ApiError.NoTopology();
            }

            if (!current.Network.TryGetFiber(new FiberId(body.Fiber), out _))
            {
                return ApiError.Invalid("fiber", $"fibre '{body.Fiber}' is not in the network");
            }

            fiber = new FiberId(body.Fiber);
        }

        if (!caller.SeesAllTenants)
        {
            // An operator rearranges only their own tenant's lightpaths; everyone else's stay where they are.
            var own = Tenants.For(body.Tenant, caller);
            return own.Error is { } refused ? refused : new DefragScope(own.Value, fiber);
        }

        if (body.Tenant is not null && !Ids.IsValid(body.Tenant))
        {
            return ApiError.Invalid("tenant", Ids.Rule);
        }

        return new DefragScope(body.Tenant, fiber);
    }

    /// <summary>A plan the caller may see: an admin sees every plan, an operator or viewer only their tenant's.</summary>
    private DefragJob? Find(string id, Caller caller) =>
        _jobs.TryGetValue(id, out var job) && (caller.SeesAllTenants || job.OwnerTenant == caller.Tenant) ? job : null;

    internal static string TenantOf(string key) => key[..key.IndexOf('/', StringComparison.Ordinal)];

    internal static string IdOf(string key) => key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];

    private readonly record struct ImmutableArrayCheck(System.Collections.Immutable.ImmutableArray<DefragStepCheck> Value);
}

public enum DefragJobState
{
    Planned,
    Running,
    Completed,
    Failed,
    Aborted,
}

/// <summary>One plan and its execution state (in memory; guarded by a lock: the runner and readers on other threads).</summary>
internal sealed class DefragJob(string id, string? ownerTenant, DefragScope scope, DefragPlan plan, int movable, int fixedClaims, DateTimeOffset createdAt, double planMs)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (string Status, string? Error)> _steps = plan.Steps.ToDictionary(s => s.Order, _ => ("pending", (string?)null));
    private int? _current;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _finishedAt;
    private string? _failure;

    public string Id { get; } = id;

    public string? OwnerTenant { get; } = ownerTenant;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DefragScope Scope { get; } = scope;

    public DefragPlan Plan { get; } = plan;

    public DefragJobState State { get; private set; }

    public bool AbortRequested { get; private set; }

    public bool TryStart()
    {
        lock (_lock)
        {
            if (State != DefragJobState.Planned)
            {
                return false;
            }

            State = DefragJobState.Running;
            _startedAt = DateTimeOffset.UtcNow;
            return true;
        }
    }

    public void Unstart()
    {
        lock (_lock)
        {
            State = DefragJobState.Planned;
            _startedAt = null;
        }
    }

    public void RequestAbort()
    {
        lock (_lock)
        {
            if (State is DefragJobState.Running or DefragJobState.Planned)
            {
                AbortRequested = true;
            }

            if (State == DefragJobState.Planned)
            {
                Skip();
                State = DefragJobState.Aborted;
                _finishedAt = DateTimeOffset.UtcNow;
            }
        }
    }

    public void Begin(int order)
    {
        lock (_lock)
        {
            _current = order;
            _steps[order] = ("running", null);
        }
    }

    public void StepDone(int order)
    {
        lock (_lock)
        {
            _steps[order] = ("done", null);
            _current = null;
        }
    }

    public void StepFailed(int order, string error)
    {
        lock (_lock)
        {
            _steps[order] = ("failed", error);
            _current = null;
        }
    }

    public void Finish(DefragJobState state, string? failure)
    {
        lock (_lock)
        {
            Skip();
            State = state;
            _failure = failure;
            _current = null;
            _finishedAt = DateTimeOffset.UtcNow;
        }
    }

    public DefragPlanDto ToDto()
    {
        lock (_lock)
        {
            var steps = Plan.Steps.Select(s => new DefragStepDto(s.Order, DefragOperations.IdOf(s.Lightpath), DefragOperations.TenantOf(s.Lightpath), s.From.Start, s.To.Start, s.From.Count,
                s.Kind == DefragStepKind.HitlessRetune ? "hitless" : "make-before-break", _steps[s.Order].Status, _steps[s.Order].Error)).ToList();
            var done = steps.Count(s => s.Status == "done");
            var elapsed = _startedAt is { } started ? ((_finishedAt ?? DateTimeOffset.UtcNow) - started).TotalSeconds : 0;
            var progress = new DefragProgressDto(done, steps.Count(s => s.Status is "pending" or "running"), steps.Count(s => s.Status == "failed"), steps.Count(s => s.Status == "skipped"),
                _current, AbortRequested, _startedAt, _finishedAt, elapsed > 0 && done > 0 ? done / elapsed : null);
            return new DefragPlanDto(Id, State.ToString().ToLowerInvariant(), Scope.Tenant, Scope.Fiber?.Value, CreatedAt, movable, fixedClaims,
                Plan.HighestSlotBefore, Plan.HighestSlotAfter, Math.Round(Plan.FragmentationBefore, 4), Math.Round(Plan.FragmentationAfter, 4), Math.Round(planMs, 2), steps, progress, _failure);
        }
    }

    /// <summary>Steps not run are marked skipped once the plan stops.</summary>
    private void Skip()
    {
        foreach (var order in _steps.Where(kv => kv.Value.Status == "pending").Select(kv => kv.Key).ToList())
        {
            _steps[order] = ("skipped", null);
        }
    }
}
