using System.Collections.Immutable;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Lightpaths.Service;

/// <summary>What a protection operation did: the record after it, or why it was refused.</summary>
public sealed record ProtectionOutcome(LightpathRecord? Record, string? Refusal, string? Detail)
{
    public bool Done => Refusal is null;
}

/// <summary>
/// 1+1 protection of a lightpath (<see cref="PathCandidate.Protection"/>): one transponder per end behind an optical line
/// protection card whose switch selects the working or the protection leg; both legs carry the same channel (same
/// mode and slots) on SRLG-disjoint (or node-disjoint) paths. The devices switch on loss of light by themselves; the
/// controller reads and records where the switches stand, sets or clears a manual switch, and restores a failed leg
/// on a new disjoint path so that the service is protected again.
/// </summary>
public static class ProtectLightpath
{
    /// <summary>Whether each leg crosses a failed fibre (both directions of each failed fibre count).</summary>
    public static (bool WorkingDown, bool ProtectionDown) LegsDown(PathTopology topology, PathCandidate path, IReadOnlyList<FiberId> down)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(path);
        var failed = topology.BothWays(down);
        var working = topology.BothWays(path.Fibers).Any(failed.Contains);
        var protection = path.Protection is { } leg && topology.BothWays(leg.Fibers).Any(failed.Contains);
        return (working, protection);
    }

    /// <summary>
    /// A manual switch: both ends' switches held on <paramref name="force"/> (or returned to automatic). Refused for a
    /// lightpath that is not 1+1 or not in service, and for a switch onto a leg that is down (it would cut the service).
    /// </summary>
    public static async Task<ProtectionOutcome> SwitchAsync(LightpathContext lp, ProtectionForce force, IReadOnlyList<FiberId> downFibers, ImmutableArray<NodeId> downNodes = default)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(downFibers);
        if (lp.Record is not { Path.Protection: not null } record)
        {
            return new ProtectionOutcome(lp.Record, "NotProtected", "the lightpath is not 1+1 protected");
        }

        if (record.State is not (LightpathState.Active or LightpathState.Degraded))
        {
            return new ProtectionOutcome(record, "InvalidState", $"a {record.State} lightpath cannot be switched: only an Active or Degraded one");
        }

        var (workingDown, protectionDown) = LegsDown(lp.Topology, record.Path!, downFibers, downNodes);
        if ((force == ProtectionForce.Working && workingDown) || (force == ProtectionForce.Protection && protectionDown))
        {
            return new ProtectionOutcome(record, "LegDown", $"the {Leg(force)} leg crosses a fibre reported down or transits an unreachable ROADM: switching onto it would put the service on a failed leg");
        }

        if (lp.Intent(record.Path!) is not { } intent)
        {
            return new ProtectionOutcome(record, "InvalidState", "the lightpath has no transponder interfaces");
        }

        if (await lp.Renderer.SwitchProtectionAsync(intent, force, CancellationToken.None) is RenderResult.Failed failed)
        {
            return new ProtectionOutcome(record, "Render", failed.Failure.ToString());
        }

        lp.Data.ProtectionForce = force;
        var reason = force == ProtectionForce.Auto ? "manual switch cleared: the protection switches select automatically" : $"manual switch: both ends held on the {Leg(force)} leg";
        await lp.SaveAsync(Note(record, reason, lp.Now));
        await ReadAsync(lp);
        return new ProtectionOutcome(lp.Record, null, null);
    }

    /// <summary>
    /// Reads where both ends' switches stand and records a change in the history (a switch the devices made on loss of
    /// light, or a manual one). True when the reading changed what the lightpath knew.
    /// </summary>
    public static async Task<bool> ReadAsync(LightpathContext lp, string? cause = null)
    {
        ArgumentNullException.ThrowIfNull(lp);
        if (lp.Record is not { Path.Protection: not null } record || lp.Intent(record.Path!) is not { } intent)
        {
            return false;
        }

        var reading = await lp.Renderer.ReadProtectionAsync(intent, CancellationToken.None);
        lp.Data.ProtectionReadAt = lp.Now;
        var before = (lp.Data.ActiveAtSource, lp.Data.ActiveAtDestination);
        var after = (reading.AtSource ?? before.ActiveAtSource, reading.AtDestination ?? before.ActiveAtDestination);
        if (after == before)
        {
            return false;
        }

        lp.Data.ActiveAtSource = after.Item1;
        lp.Data.ActiveAtDestination = after.Item2;
        var where = after.Item1 == after.Item2 ? $"both ends on the {Leg(after.Item1)} leg" : $"{Leg(after.Item1)} leg at the source end, {Leg(after.Item2)} leg at the destination end";
        var first = before.ActiveAtSource is null && before.ActiveAtDestination is null && after == (ProtectionLeg.Working, ProtectionLeg.Working);
        await lp.SaveAsync(Note(record, first ? $"protection switches report {where}" : $"protection switched: {where}{(cause is null ? "" : $" ({cause})")}", lp.Now));
        return true;
    }

    /// <summary>
    /// Whether each leg is down: it crosses a failed fibre (both directions count) or transits a ROADM reported
    /// unreachable (<paramref name="downNodes"/>; the ends, which both legs share, do not count: no leg avoids them).
    /// </summary>
    public static (bool WorkingDown, bool ProtectionDown) LegsDown(PathTopology topology, PathCandidate path, IReadOnlyList<FiberId> down, ImmutableArray<NodeId> downNodes)
    {
        var (working, protection) = LegsDown(topology, path, down);
        if (downNodes.IsDefaultOrEmpty)
        {
            return (working, protection);
        }

        working |= !RestoreLightpath.Transited(path, downNodes).IsEmpty;
        protection |= path.Protection is { } leg && !RestoreLightpath.Transited(leg, downNodes).IsEmpty;
        return (working, protection);
    }

    /// <summary>The ROADMs of <paramref name="down"/> that either leg transits (the ends excluded).</summary>
    public static ImmutableArray<NodeId> TransitedByEitherLeg(PathCandidate path, ImmutableArray<NodeId> down)
    {
        ArgumentNullException.ThrowIfNull(path);
        var working = RestoreLightpath.Transited(path, down);
        return path.Protection is { } leg ? [.. working.Union(RestoreLightpath.Transited(leg, down))] : working;
    }

    /// <summary>
    /// Restores a failed leg: a new route for it, disjoint from the surviving leg at the lightpath's diversity level,
    /// avoiding the failed fibres, their risk groups and the unreachable ROADMs, on which the pair's slot range is free
    /// and whose QoT carries the pair's mode; held and committed before the failed leg's claims are released; the failed
    /// leg's media channels removed before the new ones are configured (they share an index; the transponders and the
    /// surviving leg are not touched, so the service stays up on the surviving leg throughout). When both legs are down
    /// the working leg is restored first. A leg down only because a ROADM it transits is unreachable still carries
    /// light (only its management is lost), so the devices have not switched: both ends are switched onto the surviving
    /// leg first (a forced switch released at once: the switches stay there until the devices' own rules move them).
    /// A revertive lightpath remembers the pair it had (<see cref="LightpathData.HomePath"/>) so that the leg can
    /// return to its route once the failure has been repaired for the wait-to-restore time (<see cref="RevertLegsAsync"/>).
    /// </summary>
    public static async Task<RerouteOutcome> RestoreLegAsync(LightpathContext lp, RestoreLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        if (lp.Record is not { State: LightpathState.Active or LightpathState.Degraded, Path: { Protection: { } protectionLeg } path } record)
        {
            return new RerouteOutcome(lp.Record, "InvalidState", "only an Active or Degraded 1+1 lightpath has a leg restored");
        }

        var downNodes = request.DownNodes.IsDefault ? [] : request.DownNodes;
        var (workingDown, protectionDown) = LegsDown(lp.Topology, path, request.DownFibers, downNodes);
        if (!workingDown && !protectionDown)
        {
            return new RerouteOutcome(record, "NotAffected", "neither leg crosses the failed fibres or transits an unreachable ROADM");
        }

        var which = workingDown ? ProtectionLeg.Working : ProtectionLeg.Protection;
        var failedLeg = which == ProtectionLeg.Working ? path with { Protection = null } : protectionLeg;
        var surviving = which == ProtectionLeg.Working ? protectionLeg : path with { Protection = null };
        // A leg down only because a ROADM it transits is unreachable still carries light: the devices have not switched.
        var (fibreDown, _) = LegsDown(lp.Topology, failedLeg, request.DownFibers);
        var lit = !fibreDown && !(workingDown && protectionDown);
        if (lit)
        {
            await SwitchAwayAsync(lp, which, request.Cause);
        }

        if (FindLeg(lp, record, path, surviving, request.DownFibers, downNodes) is not { } newLeg)
        {
            var detail = $"no route disjoint from the {Leg(Other(which))} leg has slots {path.Slots} free with QoT for {path.Mode}";
            lp.Data.RestorationFailure = $"{request.Cause}; {Leg(which)} leg not restorable: {detail}";
            await lp.SaveAsync(lp.Record!);
            return new RerouteOutcome(lp.Record, "Spectrum", detail);
        }

        var home = lp.Data.HomePath;
        if (record.Spec.Restoration == RestorationPolicy.RestoreRevertive && home is null)
        {
            lp.Data.HomePath = path;
        }

        var reason = $"restoration ({request.Cause}): {Leg(which)} leg moved {failedLeg.Hops} → {newLeg.Hops} hops, {failedLeg.LatencyUs:F1} → {newLeg.LatencyUs:F1} µs";
        var outcome = await MoveLegAsync(lp, which, newLeg, reason, hitless: lit, downNodes);
        if (outcome.Refusal is { } refusal)
        {
            lp.Data.HomePath = home;
            lp.Data.RestorationFailure = $"{request.Cause}; {Leg(which)} leg not restorable: {(refusal == "Render" ? "render failed: " : "")}{outcome.Detail}";
            await lp.SaveAsync(lp.Record!);
            return outcome;
        }

        lp.Data.RestorationFailure = null;
        await lp.SaveAsync(lp.Record!);
        return outcome;
    }

    /// <summary>
    /// The return of a restored revertive 1+1 lightpath's legs to the routes they had (<see cref="LightpathData.HomePath"/>),
    /// called once the home routes have been repaired for the wait-to-restore time. Each leg away from home moves back
    /// make-before-break: the home route's slots are held and committed first; both ends' switches are held on the other
    /// leg while the leg's devices change (so the service never runs on the leg being moved), then returned to what they
    /// were; the leg's old claims go last. A leg whose home route is no longer disjoint from the other leg as it is now, or
    /// whose slots are taken there, stays and is tried again later (refused "Busy"). Done (not refused) once both legs are
    /// home; the home is then forgotten.
    /// </summary>
    public static async Task<RerouteOutcome> RevertLegsAsync(LightpathContext lp)
    {
        ArgumentNullException.ThrowIfNull(lp);
        if (lp.Data.HomePath is not { Protection: { } homeProtection } home
            || lp.Record is not { State: LightpathState.Active or LightpathState.Degraded, Path.Protection: not null } record)
        {
            return new RerouteOutcome(lp.Record, "NotRestored", "the lightpath has no home pair to return to");
        }

        if (lp.Data.StaleLeg is not null)
        {
            return new RerouteOutcome(lp.Record, "Busy", "a leg it left is still configured on a ROADM that has not answered yet");
        }

        foreach (var which in new[] { ProtectionLeg.Working, ProtectionLeg.Protection })
        {
            var path = lp.Record!.Path!;
            var current = which == ProtectionLeg.Working ? path with { Protection = null } : path.Protection!;
            var other = which == ProtectionLeg.Working ? path.Protection! : path with { Protection = null };
            var homeLeg = which == ProtectionLeg.Working ? home with { Protection = null } : homeProtection;
            if (RerouteLightpath.SameRoute(current, homeLeg))
            {
                continue;
            }

            if (lp.Data.ProtectionForce == (which == ProtectionLeg.Working ? ProtectionForce.Working : ProtectionForce.Protection))
            {
                return new RerouteOutcome(lp.Record, "Busy", $"a manual switch holds the service on the {Leg(which)} leg");
            }

            var otherFibers = lp.Topology.BothWays(other.Fibers);
            var transit = other.Nodes.Skip(1).Take(other.Nodes.Length - 2).ToHashSet();
            if (homeLeg.Fibers.Any(otherFibers.Contains)
                || (record.Spec.Request.Constraints.DiversityLevel == Disjointness.Node && homeLeg.Nodes.Skip(1).Take(homeLeg.Nodes.Length - 2).Any(transit.Contains)))
            {
                return new RerouteOutcome(lp.Record, "Busy", $"the {Leg(which)} leg's home route is not disjoint from the {Leg(Other(which))} leg as it is now");
            }

            var back = homeLeg with { Slots = path.Slots, Mode = path.Mode, LineRateGbps = path.LineRateGbps, Protection = null };
            var reason = $"revert: {Leg(which)} leg back on its home route after wait-to-restore ({current.Hops} → {back.Hops} hops, {current.LatencyUs:F1} → {back.LatencyUs:F1} µs)";
            var outcome = await MoveLegAsync(lp, which, back, reason, hitless: true);
            if (!outcome.Moved)
            {
                return outcome with { Refusal = outcome.Refusal == "Spectrum" ? "Busy" : outcome.Refusal };
            }
        }

        lp.Data.HomePath = null;
        await lp.SaveAsync(lp.Record!);
        return new RerouteOutcome(lp.Record, null, null);
    }

    /// <summary>
    /// Moves one leg onto <paramref name="newLeg"/> (same slots and mode): held and committed, the old leg's media channels
    /// removed, the new pair configured (everything in place is skipped), the old leg's claims released. With
    /// <paramref name="hitless"/> both ends' switches are held on the other leg while the devices change, then returned.
    /// On a device failure the old leg is put back and the new one's claims released.
    /// </summary>
    private static async Task<RerouteOutcome> MoveLegAsync(LightpathContext lp, ProtectionLeg which, PathCandidate newLeg, string reason, bool hitless, ImmutableArray<NodeId> unreachable = default)
    {
        var record = lp.Record!;
        var oldPath = record.Path!;
        var oldLeg = which == ProtectionLeg.Working ? oldPath with { Protection = null } : oldPath.Protection!;
        var oldAttempt = which == ProtectionLeg.Working ? record.CommittedAttempt! : lp.Data.ProtectionAttempt ?? record.CommittedAttempt!;
        var oldProtectionAttempt = lp.Data.ProtectionAttempt;
        var newPath = which == ProtectionLeg.Working ? newLeg with { Protection = oldPath.Protection } : oldPath with { Protection = newLeg };
        var attempt = LightpathContext.NewAttempt("p", 1);
        var committed = await lp.TryReserveAsync(newLeg, attempt, () =>
        {
            var current = lp.Record!;
            lp.Data.ProtectionAttempt = which == ProtectionLeg.Protection ? attempt : lp.Data.ProtectionAttempt ?? current.CommittedAttempt;
            return Note(current with { Path = newPath, CommittedAttempt = which == ProtectionLeg.Working ? attempt : current.CommittedAttempt }, reason, lp.Now);
        });
        if (!committed)
        {
            return new RerouteOutcome(lp.Record, "Spectrum", $"the slots of the new {Leg(which)} leg were taken by a concurrent request");
        }

        // Make-before-break for the service: the switches held on the other leg (written with the new pair's plan too,
        // which takes the force from the lightpath's data) until the moved leg carries light again.
        var force = lp.Data.ProtectionForce;
        var hold = which == ProtectionLeg.Working ? ProtectionForce.Protection : ProtectionForce.Working;
        if (hitless && force != hold && lp.Intent(oldPath) is { } holdIntent)
        {
            if (await lp.Renderer.SwitchProtectionAsync(holdIntent, hold, CancellationToken.None) is RenderResult.Failed holdFailed)
            {
                await lp.SaveAsync(Note(lp.Record! with { Path = oldPath, CommittedAttempt = record.CommittedAttempt }, $"{Leg(which)} leg not moved: the switches could not be held on the {Leg(Other(which))} leg ({holdFailed.Failure})", lp.Now));
                lp.Data.ProtectionAttempt = oldProtectionAttempt;
                await lp.SaveAsync(lp.Record!);
                await lp.Reservation.ReleaseAsync(lp.Owner, attempt, newLeg.Fibers);
                return new RerouteOutcome(lp.Record, "Render", holdFailed.Failure.ToString());
            }

            lp.Data.ProtectionForce = hold;
        }

        // Devices: the old leg's media channels out, then the plan of the new pair (everything but the new leg's media
        // channels is found in place and skipped).
        string? clearFailure = null;
        var stranded = false;
        if (lp.Intent(oldPath) is { } oldIntent && await lp.Renderer.DeleteProtectionLegAsync(oldIntent, which, CancellationToken.None) is RenderResult.Failed clearFailed)
        {
            clearFailure = clearFailed.Failure.ToString();

            // Refused only by ROADMs known to be unreachable: their channels stay until they answer (StaleLeg).
            stranded = !unreachable.IsDefaultOrEmpty && lp.Data.StaleLeg is null
                && clearFailed.History.Where(h => h.Outcome == RenderStepOutcome.RemoveFailed).All(h => unreachable.Contains(h.Device));
        }

        var result = await lp.Renderer.ProvisionAsync(lp.Intent(newPath)!, CancellationToken.None);
        lp.Data.ProtectionForce = force;
        if (result is RenderResult.Failed failed)
        {
            // Back to the old leg (its claims were never released): the service still runs on the other leg.
            lp.Data.ProtectionAttempt = oldProtectionAttempt;
            await lp.SaveAsync(Note(lp.Record! with { Path = oldPath, CommittedAttempt = record.CommittedAttempt }, $"{Leg(which)} leg move failed on the devices: {failed.Failure}", lp.Now));
            await lp.Reservation.ReleaseAsync(lp.Owner, attempt, newLeg.Fibers);
            if (lp.Intent(oldPath) is { } back)
            {
                await lp.Renderer.ProvisionAsync(back, CancellationToken.None);
            }

            return new RerouteOutcome(lp.Record, "Render", failed.Failure.ToString());
        }

        if (hitless && force != hold && lp.Intent(newPath) is { } releaseIntent)
        {
            await lp.Renderer.SwitchProtectionAsync(releaseIntent, force, CancellationToken.None);
        }

        if (stranded)
        {
            // Its claims stay with the stale channels, so nothing else is lit into them, until the ROADM is cleared.
            lp.Data.StaleLeg = oldLeg;
            lp.Data.StaleLegWhich = which;
            lp.Data.StaleLegAttempt = oldAttempt;
            await lp.SaveAsync(Note(lp.Record!, $"the old {Leg(which)} leg's media channels stay on unreachable ROADMs until they answer: {clearFailure}", lp.Now));
            return new RerouteOutcome(lp.Record, null, null);
        }

        // The old leg's claims go (only its own fibres: the legs share none, so an attempt shared with the other leg
        // releases nothing of it).
        await lp.Reservation.ReleaseAsync(lp.Owner, oldAttempt, oldLeg.Fibers);
        if (clearFailure is not null)
        {
            await lp.SaveAsync(Note(lp.Record!, $"the old {Leg(which)} leg's media channels could not all be removed: {clearFailure}", lp.Now));
        }

        return new RerouteOutcome(lp.Record, null, null);
    }

    /// <summary>
    /// Clears a leg left on ROADMs that were unreachable when the lightpath moved it (<see cref="LightpathData.StaleLeg"/>)
    /// once none of them is still down: its media channels are removed and the live pair pushed again (the stale leg and
    /// the live one share the media-channel index, so a ROADM they share loses the live entry and gets it back), with
    /// both ends' switches held meanwhile on the leg that was not moved, if it is whole; then its claims go. With
    /// <paramref name="deleting"/> (the lightpath is being deleted) the channels are only removed. False when a device
    /// still refuses (it stays owed).
    /// </summary>
    public static async Task<bool> ClearStaleLegAsync(LightpathContext lp, ImmutableArray<NodeId> downNodes, IReadOnlyList<FiberId> downFibers, bool deleting = false)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(downFibers);
        if (lp.Data.StaleLeg is not { } stale || lp.Data.StaleLegWhich is not { } which || lp.Record?.Path is not { Protection: not null } path)
        {
            return true;
        }

        if (!deleting && !RestoreLightpath.Transited(stale, downNodes.IsDefault ? [] : downNodes).IsEmpty)
        {
            return false;
        }

        var stalePair = which == ProtectionLeg.Working ? stale with { Protection = path.Protection } : path with { Protection = stale };
        var force = lp.Data.ProtectionForce;
        var hold = which == ProtectionLeg.Working ? ProtectionForce.Protection : ProtectionForce.Working;
        var (workingDown, protectionDown) = LegsDown(lp.Topology, path, downFibers, downNodes.IsDefault ? [] : downNodes);
        var otherWhole = which == ProtectionLeg.Working ? !protectionDown : !workingDown;
        var holding = !deleting && otherWhole && force != hold && lp.Intent(path) is { } holdIntent
            && await lp.Renderer.SwitchProtectionAsync(holdIntent, hold, CancellationToken.None) is RenderResult.Succeeded;
        if (holding)
        {
            lp.Data.ProtectionForce = hold;
        }

        try
        {
            if (lp.Intent(stalePair) is { } staleIntent && await lp.Renderer.DeleteProtectionLegAsync(staleIntent, which, CancellationToken.None) is RenderResult.Failed failed)
            {
                if (!deleting)
                {
                    await lp.SaveAsync(Note(lp.Record!, $"the stale {Leg(which)} leg could not be cleared yet: {failed.Failure}", lp.Now));
                }

                return false;
            }

            if (!deleting && lp.Intent(path) is { } live)
            {
                await lp.Renderer.ProvisionAsync(live, CancellationToken.None);
            }
        }
        finally
        {
            lp.Data.ProtectionForce = force;
            if (holding && lp.Intent(path) is { } releaseIntent)
            {
                await lp.Renderer.SwitchProtectionAsync(releaseIntent, force, CancellationToken.None);
            }
        }

        if (!deleting)
        {
            await lp.Reservation.ReleaseAsync(lp.Owner, lp.Data.StaleLegAttempt, stale.Fibers);
            lp.Data.StaleLeg = null;
            lp.Data.StaleLegWhich = null;
            lp.Data.StaleLegAttempt = null;
            await lp.SaveAsync(Note(lp.Record!, $"the stale {Leg(which)} leg's media channels removed from its ROADMs, now reachable; its spectrum released", lp.Now));
        }

        return true;
    }

    /// <summary>
    /// Both ends' switches moved off <paramref name="leg"/> by a forced switch onto the other leg, released at once
    /// (the switches keep their position until their own rules move them), unless a manual switch is in force.
    /// </summary>
    private static async Task SwitchAwayAsync(LightpathContext lp, ProtectionLeg leg, string cause)
    {
        if (lp.Data.ProtectionForce != ProtectionForce.Auto || lp.Record?.Path is not { } path || lp.Intent(path) is not { } intent
            || (lp.Data.ActiveAtSource != leg && lp.Data.ActiveAtDestination != leg && (lp.Data.ActiveAtSource is not null || lp.Data.ActiveAtDestination is not null)))
        {
            return;
        }

        var onto = leg == ProtectionLeg.Working ? ProtectionForce.Protection : ProtectionForce.Working;
        if (await lp.Renderer.SwitchProtectionAsync(intent, onto, CancellationToken.None) is RenderResult.Failed)
        {
            return;
        }

        await ReadAsync(lp, $"{cause}: switched off the {Leg(leg)} leg");
        await lp.Renderer.SwitchProtectionAsync(intent, ProtectionForce.Auto, CancellationToken.None);
    }

    /// <summary>The leg's name as the API spells it.</summary>
    public static string Leg(ProtectionLeg? leg) => leg switch
    {
        ProtectionLeg.Working => "working",
        ProtectionLeg.Protection => "protection",
        _ => "unknown",
    };

    private static string Leg(ProtectionForce force) => force == ProtectionForce.Working ? "working" : force == ProtectionForce.Protection ? "protection" : "automatic";

    private static ProtectionLeg Other(ProtectionLeg leg) => leg == ProtectionLeg.Working ? ProtectionLeg.Protection : ProtectionLeg.Working;

    /// <summary>An event in the history that changes no state (a switch, a leg moved).</summary>
    private static LightpathRecord Note(LightpathRecord record, string reason, DateTimeOffset at) =>
        record with { History = record.History.Add(new LightpathEvent(record.State, record.State, at, reason)) };

    private static PathCandidate? FindLeg(LightpathContext lp, LightpathRecord record, PathCandidate path, PathCandidate surviving, ImmutableArray<FiberId> down, ImmutableArray<NodeId> downNodes)
    {
        var topology = lp.Topology;
        var network = lp.Snapshot.Network;
        var failed = topology.BothWays(down);
        var keep = topology.BothWays(surviving.Fibers);
        var level = record.Spec.Request.Constraints.DiversityLevel;
        var srlgs = failed.Concat(level == Disjointness.Srlg ? keep : [])
            .SelectMany(f => network.TryGetFiber(f, out var fiber) ? fiber.Srlgs : [])
            .Distinct();
        var constraints = record.Spec.Request.Constraints;
        var excludeNodes = (constraints.ExcludeNodes.IsDefault ? [] : constraints.ExcludeNodes).AddRange(downNodes.Except(constraints.ExcludeNodes.IsDefault ? [] : constraints.ExcludeNodes));
        if (level == Disjointness.Node)
        {
            excludeNodes = [.. excludeNodes.Union(surviving.Nodes.Skip(1).Take(surviving.Nodes.Length - 2))];
        }

        var request = record.Spec.Request with
        {
            Protection = Protection.None,
            Constraints = constraints with
            {
                ExcludeFibers = [.. (constraints.ExcludeFibers.IsDefault ? [] : constraints.ExcludeFibers).Union(failed).Union(keep)],
                ExcludeSrlgs = [.. (constraints.ExcludeSrlgs.IsDefault ? [] : constraints.ExcludeSrlgs).Union(srlgs)],
                ExcludeNodes = excludeNodes,
            },
        };

        var computation = lp.PathComputer.ComputeAlternatives(request, lp.Spectrum, Math.Max(8, lp.Options.MaxCandidates));
        if (!computation.IsFound)
        {
            return null;
        }

        var required = lp.Snapshot.Equipment.Transceivers.SelectMany(t => t.Modes).FirstOrDefault(m => m.Id == path.Mode)?.RequiredOsnrDb;
        var margin = record.Spec.Request.Constraints.MinOsnrMarginDb ?? 0;
        var words = new ulong[(network.Grid.SlotCount + 63) / 64];
        foreach (var candidate in computation.Candidates)
        {
            if (required is { } osnr && candidate.GsnrDb is { } gsnr && gsnr < osnr + margin)
            {
                continue;
            }

            if (SlotsFree(lp.Spectrum, topology.BothWays(candidate.Fibers), path.Slots, words))
            {
                return candidate with { Slots = path.Slots, Mode = path.Mode, LineRateGbps = path.LineRateGbps, Protection = null };
            }
        }

        return null;
    }

    private static bool SlotsFree(ISpectrumView spectrum, IEnumerable<FiberId> fibers, SlotRange slots, ulong[] words)
    {
        foreach (var fiber in fibers)
        {
            if (!spectrum.IsUp(fiber))
            {
                return false;
            }

            Array.Clear(words);
            spectrum.CopyOccupancy(fiber, words);
            for (var s = slots.Start; s < slots.Start + slots.Count; s++)
            {
                if ((words[s >> 6] & (1UL << (s & 63))) != 0)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
