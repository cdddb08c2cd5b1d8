using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Application.Lightpaths;

/// <summary>A lightpath service request: who asks, between which nodes, at what rate, under which constraints.</summary>
public sealed record LightpathSpec(LightpathId Id, TenantId Tenant, PathRequest Request)
{
    /// <summary>What happens when a fibre or node on the path fails.</summary>
    public RestorationPolicy Restoration { get; init; } = RestorationPolicy.None;

    /// <summary>Restoration order in a storm: 0 first, 7 last.</summary>
    public int RestorationPriority { get; init; } = Domain.Lightpaths.RestorationPriority.Default;
}

/// <summary>
/// The state of one lightpath as a value, with the lifecycle rules as pure transitions. The lightpath grain stores
/// it; every rule it applies is here and unit-tested without a cluster.
/// </summary>
/// <param name="CommittedAttempt">The reservation attempt that committed (the commit point of the hold/confirm protocol).</param>
/// <param name="AbortedAttempts">Attempts declared aborted, so that a late commit of one of them is refused (presumed abort).</param>
public sealed record LightpathRecord(
    LightpathSpec Spec,
    LightpathState State,
    ImmutableArray<LightpathEvent> History,
    PathCandidate? Path = null,
    string? CommittedAttempt = null,
    ImmutableArray<string> AbortedAttempts = default,
    Blocked? Blocked = null,
    string? FailureReason = null)
{
    public static LightpathRecord Requested(LightpathSpec spec, DateTimeOffset at) =>
        new(spec, LightpathState.Requested, [new LightpathEvent(LightpathState.Requested, LightpathState.Requested, at, "requested")], AbortedAttempts: []);

    public bool IsFinal => LightpathLifecycle.IsFinal(State);

    /// <summary>Moves to <paramref name="to"/>, recording the event; refuses transitions the lifecycle forbids.</summary>
    public bool TryMove(LightpathState to, DateTimeOffset at, string? reason, out LightpathRecord next)
    {
        next = this;
        if (!LightpathLifecycle.CanMove(State, to))
        {
            return false;
        }

        next = this with { State = to, History = History.Add(new LightpathEvent(State, to, at, reason)) };
        return true;
    }

    public LightpathRecord Move(LightpathState to, DateTimeOffset at, string? reason = null) =>
        TryMove(to, at, reason, out var next) ? next : throw new InvalidOperationException($"lightpath {Spec.Id}: {State} -> {to} is not a legal transition");

    /// <summary>Records an event that changes no state (a defragmentation retune): From and To are the current state.</summary>
    public LightpathRecord Note(DateTimeOffset at, string reason) =>
        this with { History = History.Add(new LightpathEvent(State, State, at, reason)) };

    /// <summary>Records the computed path (Requested → Computed).</summary>
    public LightpathRecord Computed(PathCandidate path, DateTimeOffset at) =>
        Move(LightpathState.Computed, at, $"{path.Hops} hops, {path.LatencyUs:F1} µs, slots {path.Slots}") with { Path = path };

    /// <summary>The commit point: the attempt's holds all succeeded; refused when that attempt was already declared aborted.</summary>
    public bool TryCommit(string attempt, PathCandidate path, DateTimeOffset at, out LightpathRecord next)
    {
        next = this;
        if (AbortedAttempts.Contains(attempt) || CommittedAttempt is not null)
        {
            return false;
        }

        var computed = State == LightpathState.Requested ? Computed(path, at) : this with { Path = path };
        if (!computed.TryMove(LightpathState.Reserved, at, $"spectrum held on {path.AllFibers().Length} fibres (attempt {attempt})", out next))
        {
            return false;
        }

        next = next with { CommittedAttempt = attempt };
        return true;
    }

    /// <summary>
    /// The commit point of a reroute: while Restoring, a new attempt's holds all succeeded, so the lightpath now owns
    /// <paramref name="path"/> under <paramref name="attempt"/> (the old attempt's claims are released afterwards).
    /// </summary>
    public bool TryCommitReroute(string attempt, PathCandidate path, out LightpathRecord next)
    {
        next = this;
        if (State != LightpathState.Restoring || AbortedAttempts.Contains(attempt) || CommittedAttempt == attempt)
        {
            return false;
        }

        next = this with { Path = path, CommittedAttempt = attempt };
        return true;
    }

    /// <summary>Declares an attempt aborted (presumed abort); false when that attempt had committed.</summary>
    public bool TryAbort(string attempt, out LightpathRecord next)
    {
        next = this;
        if (CommittedAttempt == attempt)
        {
            return false;
        }

        if (!AbortedAttempts.Contains(attempt))
        {
            next = this with { AbortedAttempts = AbortedAttempts.Add(attempt) };
        }

        return true;
    }

    public LightpathRecord Block(Blocked blocked, DateTimeOffset at) =>
        Move(LightpathState.Failed, at, blocked.ToString()) with { Blocked = blocked, FailureReason = blocked.ToString() };

    public LightpathRecord Fail(string reason, DateTimeOffset at) =>
        Move(LightpathState.Failed, at, reason) with { FailureReason = reason };
}
