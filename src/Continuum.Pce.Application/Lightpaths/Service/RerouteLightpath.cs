using System.Collections.Immutable;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Restoration;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>A reroute, validated: new constraints (null keeps the lightpath's own) and the reason recorded in the history.</summary>
public sealed record RerouteLightpathRequest(LightpathSpec? NewSpec = null, string Reason = "reroute requested")
{
    /// <summary>
    /// Search with <see cref="NewSpec"/> but keep the lightpath's own spec (restoration adds the failed fibres as
    /// exclusions for this one search only).
    /// </summary>
    public bool SearchOnly { get; init; }

    /// <summary>Only candidates this accepts are tried (a revert takes the home path only); null accepts any.</summary>
    public Func<PathCandidate, bool>? Accept { get; init; }

    /// <summary>
    /// Devices known to be unreachable (a restoration around a failed ROADM). Clearing the old path cannot reach them:
    /// when they are the only devices that refused, the reroute goes on and the old path is left stranded on them (its
    /// claims kept, cleanup owed) to be cleared when they answer again, instead of the reroute being abandoned.
    /// </summary>
    public ImmutableHashSet<NodeId> Unreachable { get; init; } = [];

    /// <summary>
    /// Candidates planned already (a restoration batch's answer), tried before any computation; when the fibres refuse
    /// them all (a race lost since the plan), the reroute computes and tries its own candidates as usual.
    /// </summary>
    public ImmutableArray<PathCandidate> Planned { get; init; }
}

/// <summary>The lightpath after a reroute, and why it stayed where it was (null when it moved).</summary>
public sealed record RerouteOutcome(LightpathRecord? Record, string? Refusal, string? Detail)
{
    public bool Moved => Refusal is null;
}

/// <summary>
/// Reroute: spectrum make-before-break (the new slots are held and committed before the old ones are released), devices
/// old-out then new-in (both plans use the same media-channel index, so they cannot coexist on a shared ROADM), and
/// the old path's claims released only once its devices are clear. When the new path cannot be configured the old
/// one is restored; a path the devices could not be cleared of keeps its claims until a cleanup succeeds.
/// </summary>
public static class RerouteLightpath
{
    public static async Task<RerouteOutcome> ExecuteAsync(LightpathContext lp, RerouteLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        if (lp.Record is not { State: LightpathState.Active or LightpathState.Degraded, Path: { } oldPath } record ||
            lp.Data.SourceInterface is null || lp.Data.DestinationInterface is null)
        {
            return new RerouteOutcome(lp.Record, "InvalidState", "only an Active or Degraded lightpath can be rerouted");
        }

        if (lp.Data.OwesCleanup)
        {
            return new RerouteOutcome(record, "InvalidState", $"the devices still carry an earlier path of this lightpath ({lp.Data.CleanupFailure}); retry once it is cleared");
        }

        var spec = request.NewSpec is { } newSpec ? newSpec with { Id = record.Spec.Id, Tenant = record.Spec.Tenant } : record.Spec;
        var diverse = await DiversityFibers.ResolveAsync(lp, spec);
        if (diverse.Blocked is { } unknown)
        {
            return new RerouteOutcome(record, unknown.Reason.ToString(), unknown.Detail);
        }

        var search = spec.Request; // the spec may be put back below (SearchOnly); a fallback search keeps the exclusions
        var planned = request.Planned.IsDefaultOrEmpty ? [] : request.Planned.Where(c => !SamePath(c, oldPath) && (request.Accept?.Invoke(c) ?? true)).ToList();
        var computation = planned.Count > 0 ? PathComputation.Found([.. planned]) : lp.PathComputer.Compute(spec.Request, lp.Spectrum, lp.Options.MaxCandidates, diverse.Fibers);
        var candidates = computation.IsFound ? computation.Candidates.Where(c => !SamePath(c, oldPath) && (request.Accept?.Invoke(c) ?? true)).ToList() : [];
        if (candidates.Count == 0)
        {
            var blocked = computation.Blocked ?? new Blocked(BlockReason.NoPath, "no path other than the current one");
            return new RerouteOutcome(record, blocked.Reason.ToString(), blocked.Detail);
        }

        var oldAttempt = record.CommittedAttempt!;
        lp.Data.PreviousAttempt = oldAttempt;
        lp.Data.PreviousPath = oldPath;
        if (request.SearchOnly)
        {
            spec = record.Spec;
        }

        await lp.SaveAsync(record.Move(LightpathState.Restoring, lp.Now, request.Reason) with { Spec = spec });
        RestorationTrace.Mark(RestorationStages.Restoring, lp.Now);
        var attemptNumber = 0;
        PathCandidate? newPath = null;
        foreach (var candidate in candidates)
        {
            var attempt = LightpathContext.NewAttempt("r", ++attemptNumber);
            if (await lp.TryReserveAsync(candidate, attempt, () => lp.Record!.TryCommitReroute(attempt, candidate, out var committed) ? committed : null))
            {
                newPath = candidate;
                break;
            }
        }

        if (newPath is null && planned.Count > 0)
        {
            // The plan lost a race at the fibres: the usual search against the live view, then its candidates in turn.
            var again = lp.PathComputer.Compute(search, lp.Spectrum, lp.Options.MaxCandidates, diverse.Fibers);
            var more = again.IsFound ? again.Candidates.Where(c => !SamePath(c, oldPath) && (request.Accept?.Invoke(c) ?? true) && !planned.Any(p => SamePath(p, c))).ToList() : [];
            candidates.AddRange(more);
            foreach (var candidate in more)
            {
                var attempt = LightpathContext.NewAttempt("r", ++attemptNumber);
                if (await lp.TryReserveAsync(candidate, attempt, () => lp.Record!.TryCommitReroute(attempt, candidate, out var committed) ? committed : null))
                {
                    newPath = candidate;
                    break;
                }
            }
        }

        if (newPath is null)
        {
            ClearReroute(lp);
            await lp.SaveAsync((lp.Record! with { Spec = record.Spec }).Move(LightpathState.Active, lp.Now, "reroute abandoned: every new candidate was taken"));
            return new RerouteOutcome(lp.Record, BlockReason.Spectrum.ToString(), $"all {candidates.Count} new candidates were taken by concurrent requests");
        }

        RestorationTrace.Mark(RestorationStages.Reserved, lp.Now);
        return await FinishAsync(lp, oldPath, oldAttempt, newPath, request.Unreachable);
    }

    /// <summary>After a crash during a reroute: finish it if the new path had committed, else go back to the old path.</summary>
    public static async Task<RerouteOutcome> ResumeAsync(LightpathContext lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        if (lp.Record is { State: LightpathState.Restoring } record && lp.Data.PreviousPath is { } oldPath && lp.Data.PreviousAttempt is { } oldAttempt)
        {
            if (record.CommittedAttempt != oldAttempt && record.Path is { } newPath)
            {
                return await FinishAsync(lp, oldPath, oldAttempt, newPath, []);
            }

            ClearReroute(lp);
            if (lp.Intent(oldPath) is { } intent)
            {
                await lp.Renderer.ProvisionAsync(intent, CancellationToken.None);
            }

            await lp.SaveAsync(record.Move(LightpathState.Active, lp.Now, "reroute interrupted by a restart; old path kept"));
        }

        return new RerouteOutcome(lp.Record, null, null);
    }

    private static async Task<RerouteOutcome> FinishAsync(LightpathContext lp, PathCandidate oldPath, string oldAttempt, PathCandidate newPath, ImmutableHashSet<NodeId> unreachable)
    {
        var newAttempt = lp.Record!.CommittedAttempt!;

        // Old out first. Until the old path's devices are clear its claims stay: a device that refuses keeps the old path,
        // unless every device that refused is one known to be unreachable: the old path is then stranded on them.
        var cleared = await lp.ClearDevicesResultAsync(oldPath);
        string? stranded = null;
        if (cleared is RenderResult.Failed unreached && !unreachable.IsEmpty && OnlyUnreachableRefused(unreached, unreachable))
        {
            stranded = unreached.Failure.ToString();
            cleared = null;
        }

        if (cleared is RenderResult.Failed { Failure: var oldRefusal })
        {
            var oldFailure = oldRefusal.ToString();
            // Put back what the partial removal took; the new path was never configured, so its claims can go.
            // The decision (back on the old path and its attempt) is recorded before the new claims go: in between, a
            // fibre checking the old attempt's claims (stale hold, restart) must hear Committed, not Aborted (the chaos
            // harness found an Active lightpath whose old claims were released in that window).
            var putBack = await lp.Renderer.ProvisionAsync(lp.Intent(oldPath)!, CancellationToken.None);
            ClearReroute(lp);
            if (putBack is RenderResult.Failed lostOld)
            {
                await KeepOldPathOwingPushAsync(lp, oldPath, oldAttempt, $"reroute abandoned ({oldFailure}); the old path could not be put back on its devices yet ({lostOld.Failure})");
            }
            else
            {
                await lp.SaveAsync((lp.Record with { Path = oldPath, CommittedAttempt = oldAttempt })
                    .Move(LightpathState.Active, lp.Now, $"reroute abandoned: the old path's devices could not be cleared ({oldFailure})"));
            }

            await lp.Reservation.ReleaseAsync(lp.Owner, newAttempt, newPath.AllFibers());
            return new RerouteOutcome(lp.Record, "Render", oldFailure);
        }

        var result = await lp.Renderer.ProvisionAsync(lp.Intent(newPath)!, CancellationToken.None);
        if (result is RenderResult.Failed failed)
        {
            // Cleared whatever the rollback said: it undoes only the steps this run applied.
            var newFailure = await lp.ClearDevicesAsync(newPath);
            var restored = await lp.Renderer.ProvisionAsync(lp.Intent(oldPath)!, CancellationToken.None);
            ClearReroute(lp);
            if (newFailure is not null)
            {
                lp.Data.StrandedPath = newPath;
                lp.Data.StrandedAttempt = newAttempt;
                lp.CleanupFailed($"the new path of a failed reroute could not be cleared: {newFailure}");
            }

            if (restored is RenderResult.Failed lost)
            {
                await KeepOldPathOwingPushAsync(lp, oldPath, oldAttempt, $"reroute failed ({failed.Failure}); the old path could not be put back on its devices yet ({lost.Failure})");
                if (newFailure is null)
                {
                    await lp.Reservation.ReleaseAsync(lp.Owner, newAttempt, newPath.AllFibers());
                }

                return new RerouteOutcome(lp.Record, "Render", failed.Failure.ToString());
            }

            await lp.SaveAsync((lp.Record with { Path = oldPath, CommittedAttempt = oldAttempt })
                .Move(LightpathState.Active, lp.Now, $"reroute failed, old path kept: {failed.Failure}"));
            if (newFailure is null)
            {
                await lp.Reservation.ReleaseAsync(lp.Owner, newAttempt, newPath.AllFibers());
            }

            return new RerouteOutcome(lp.Record, "Render", failed.Failure.ToString());
        }

        RestorationTrace.Mark(RestorationStages.Configured, lp.Now);
        ClearReroute(lp);
        if (stranded is not null)
        {
            // The unreachable devices still carry the old channel: its claims stay until they answer and are cleared.
            lp.Data.StrandedPath = oldPath;
            lp.Data.StrandedAttempt = oldAttempt;
            lp.CleanupFailed($"the old path's configuration is still on unreachable devices: {stranded}");
        }
        else
        {
            // The old path's devices are clear: its claims can go.
            await lp.Reservation.ReleaseAsync(lp.Owner, oldAttempt, oldPath.AllFibers());
        }

        await lp.SaveAsync(lp.Record.Move(LightpathState.Active, lp.Now,
            $"rerouted: {oldPath.Hops} → {newPath.Hops} hops, {oldPath.LatencyUs:F1} → {newPath.LatencyUs:F1} µs, slots {newPath.Slots}"));
        return new RerouteOutcome(lp.Record, null, null);
    }

    /// <summary>
    /// A reroute was given up and the old path could not be put back on its devices (they refuse or are down): the
    /// service stays what it was — on its old path, with that path's claims — and owes a push of it, retried with the
    /// cleanup back-off until the devices carry it again (a device outage does not turn a live service into a Failed one,
    /// and its spectrum is neither lost nor left behind). The decision is written before the new path's claims go.
    /// </summary>
    private static async Task KeepOldPathOwingPushAsync(LightpathContext lp, PathCandidate oldPath, string oldAttempt, string reason)
    {
        lp.CleanupFailed($"the live path could not be pushed to its devices again: {reason}");
        await lp.SaveAsync((lp.Record! with { Path = oldPath, CommittedAttempt = oldAttempt }).Move(LightpathState.Active, lp.Now, reason));
    }

    private static bool OnlyUnreachableRefused(RenderResult.Failed failed, ImmutableHashSet<NodeId> unreachable) =>
        failed.History.Where(h => h.Outcome == RenderStepOutcome.RemoveFailed).All(h => unreachable.Contains(h.Device));

    private static void ClearReroute(LightpathContext lp)
    {
        lp.Data.PreviousAttempt = null;
        lp.Data.PreviousPath = null;
    }

    /// <summary>The same fibres in the same order (the slots may differ).</summary>
    public static bool SameRoute(PathCandidate a, PathCandidate b) => a.Fibers.SequenceEqual(b.Fibers);

    private static bool SamePath(PathCandidate a, PathCandidate b) => a.Slots == b.Slots && a.Fibers.SequenceEqual(b.Fibers);
}
