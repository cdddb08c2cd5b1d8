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
    public static async Task<ProtectionOutcome> SwitchAsync(LightpathContext lp, ProtectionForce force, IReadOnlyList<FiberId> downFibers)
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

        var (workingDown, protectionDown) = LegsDown(lp.Topology, record.Path!, downFibers);
        if ((force == ProtectionForce.Working && workingDown) || (force == ProtectionForce.Protection && protectionDown))
        {
            return new ProtectionOutcome(record, "LegDown", $"the {Leg(force)} leg crosses a fibre reported down: switching onto it would cut the service");
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
    /// Restores a failed leg: a new route for it, disjoint from the surviving leg at the lightpath's diversity level,
    /// avoiding the failed fibres and their risk groups, on which the pair's slot range is free and whose QoT carries
    /// the pair's mode; held and committed before the failed leg's claims are released; the failed leg's media channels
    /// removed before the new ones are configured (they share an index; the transponders and the surviving leg are not
    /// touched, so the service stays up on the surviving leg throughout). When both legs are down the working leg is
    /// restored first.
    /// </summary>
    public static async Task<RerouteOutcome> RestoreLegAsync(LightpathContext lp, RestoreLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        if (lp.Record is not { State: LightpathState.Active or LightpathState.Degraded, Path: { Protection: { } protectionLeg } path } record)
        {
            return new RerouteOutcome(lp.Record, "InvalidState", "only an Active or Degraded 1+1 lightpath has a leg restored");
        }

        var (workingDown, protectionDown) = LegsDown(lp.Topology, path, request.DownFibers);
        if (!workingDown && !protectionDown)
        {
            return new RerouteOutcome(record, "NotAffected", "neither leg crosses the failed fibres");
        }

        var which = workingDown ? ProtectionLeg.Working : ProtectionLeg.Protection;
        var failedLeg = which == ProtectionLeg.Working ? path with { Protection = null } : protectionLeg;
        var surviving = which == ProtectionLeg.Working ? protectionLeg : path with { Protection = null };
        if (FindLeg(lp, record, path, surviving, request.DownFibers) is not { } newLeg)
        {
            var detail = $"no route disjoint from the {Leg(Other(which))} leg has slots {path.Slots} free with QoT for {path.Mode}";
            lp.Data.RestorationFailure = $"{request.Cause}; {Leg(which)} leg not restorable: {detail}";
            await lp.SaveAsync(record);
            return new RerouteOutcome(record, "Spectrum", detail);
        }

        var oldPath = path;
        var oldAttempt = which == ProtectionLeg.Working ? record.CommittedAttempt! : lp.Data.ProtectionAttempt ?? record.CommittedAttempt!;
        var newPath = which == ProtectionLeg.Working ? newLeg with { Protection = protectionLeg } : path with { Protection = newLeg };
        var attempt = LightpathContext.NewAttempt("p", 1);
        var reason = $"restoration ({request.Cause}): {Leg(which)} leg moved {failedLeg.Hops} → {newLeg.Hops} hops, {failedLeg.LatencyUs:F1} → {newLeg.LatencyUs:F1} µs";
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

        // Devices: the failed leg's media channels out, then the plan of the new pair (everything but the new leg's
        // media channels is found in place and skipped).
        if (lp.Intent(oldPath) is { } oldIntent && await lp.Renderer.DeleteProtectionLegAsync(oldIntent, which, CancellationToken.None) is RenderResult.Failed clearFailed)
        {
            lp.Data.RestorationFailure = $"{request.Cause}; the failed {Leg(which)} leg's devices could not be cleared: {clearFailed.Failure}";
        }

        if (await lp.Renderer.ProvisionAsync(lp.Intent(newPath)!, CancellationToken.None) is RenderResult.Failed failed)
        {
            // Back to the failed leg (its claims were never released): the service still runs on the surviving leg.
            lp.Data.ProtectionAttempt = which == ProtectionLeg.Protection ? oldAttempt : lp.Data.ProtectionAttempt;
            await lp.SaveAsync(Note(lp.Record! with { Path = oldPath, CommittedAttempt = record.CommittedAttempt }, $"{Leg(which)} leg restoration failed on the devices: {failed.Failure}", lp.Now));
            await lp.Reservation.ReleaseAsync(lp.Owner, attempt, newLeg.Fibers);
            if (lp.Intent(oldPath) is { } back)
            {
                await lp.Renderer.ProvisionAsync(back, CancellationToken.None);
            }

            lp.Data.RestorationFailure = $"{request.Cause}; {Leg(which)} leg not restorable: render failed: {failed.Failure}";
            await lp.SaveAsync(lp.Record!);
            return new RerouteOutcome(lp.Record, "Render", failed.Failure.ToString());
        }

        // The failed leg's claims go (only its own fibres: the legs share none, so an attempt shared with the surviving
        // leg releases nothing of it).
        await lp.Reservation.ReleaseAsync(lp.Owner, oldAttempt, failedLeg.Fibers);
        lp.Data.RestorationFailure = null;
        await lp.SaveAsync(lp.Record!);
        return new RerouteOutcome(lp.Record, null, null);
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

    private static PathCandidate? FindLeg(LightpathContext lp, LightpathRecord record, PathCandidate path, PathCandidate surviving, ImmutableArray<FiberId> down)
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
        var excludeNodes = constraints.ExcludeNodes.IsDefault ? [] : constraints.ExcludeNodes;
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
