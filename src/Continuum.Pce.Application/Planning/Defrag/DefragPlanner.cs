using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Planning.Defrag;

/// <summary>One lightpath of a live-network snapshot: its fibres, its slots and whether its transponder retunes hitlessly.</summary>
public sealed record SnapshotLightpath(string Id, ImmutableArray<FiberId> Path, SlotRange Slots, bool HitlessRetune);

/// <summary>Slots of one fibre held by something the plan must not move (a lightpath out of scope or not Active, a hold in flight).</summary>
public sealed record FixedClaim(FiberId Fiber, SlotRange Slots, string Holder);

/// <summary>
/// A live network's spectrum as the planner sees it: the grid's slot count, the lightpaths it may move and the claims
/// it must leave where they are.
/// </summary>
public sealed record NetworkSnapshot(int SlotCount, ImmutableArray<SnapshotLightpath> Lightpaths)
{
    public ImmutableArray<FixedClaim> Fixed { get; init; } = [];
}

/// <summary>How a step moves its lightpath without taking it down.</summary>
public enum DefragStepKind
{
    /// <summary>The transponder slides the carrier to the new slots while carrying traffic (every slot passed over is free).</summary>
    HitlessRetune,

    /// <summary>Make before break: set up the new slots (free and disjoint from the old ones), switch traffic, then release the old ones.</summary>
    MakeBeforeBreak,
}

/// <summary>One step of a plan: the lightpath, where it is, where it goes and how.</summary>
public sealed record DefragStep(int Order, string Lightpath, SlotRange From, SlotRange To, DefragStepKind Kind);

/// <summary>A dry run's verdict on one step: null <paramref name="Problem"/> when the step would go through now.</summary>
public sealed record DefragStepCheck(int Order, string Lightpath, string? Problem)
{
    public bool Passes => Problem is null;
}

/// <summary>An ordered plan and what it achieves: the highest occupied slot over all fibres before and after.</summary>
public sealed record DefragPlan(ImmutableArray<DefragStep> Steps, int HighestSlotBefore, int HighestSlotAfter)
{
    /// <summary>Mean external fragmentation of the occupied fibres before the plan (<see cref="DefragPlanner.Fragmentation"/>).</summary>
    public double FragmentationBefore { get; init; }

    public double FragmentationAfter { get; init; }
}

/// <summary>
/// Plans spectrum defragmentation of a live network as an ordered list of re-tunes on each lightpath's own path, each
/// of which keeps every service up, executed one after another: a lightpath whose transponder retunes hitlessly may
/// slide down over slots that are free on all its fibres; any other moves make-before-break, to slots that are free and
/// do not overlap its current ones. Lightpaths are taken lowest start first and each goes to the lowest start that its
/// kind of move allows, so the spectrum packs towards slot 0; passes repeat until nothing moves (each move lowers a
/// start, so this ends). Pure: the snapshot in, the plan out; re-routing and execution are not its business.
/// </summary>
public static class DefragPlanner
{
    public static DefragPlan Plan(NetworkSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var fibres = Occupancy(snapshot, out var where);
        var before = Highest(fibres);
        var fragmentationBefore = Fragmentation(fibres.Values);
        var steps = ImmutableArray.CreateBuilder<DefragStep>();
        var moved = true;
        while (moved)
        {
            moved = false;
            foreach (var lp in snapshot.Lightpaths.OrderBy(l => where[l.Id].Start).ThenBy(l => l.Id, StringComparer.Ordinal))
            {
                var from = where[lp.Id];
                if (!TryLower(lp, from, fibres, out var to, out var kind))
                {
                    continue;
                }

                Mark(lp.Path, from, fibres, false);
                Mark(lp.Path, to, fibres, true);
                where[lp.Id] = to;
                steps.Add(new DefragStep(steps.Count + 1, lp.Id, from, to, kind));
                moved = true;
            }
        }

        return new DefragPlan(steps.ToImmutable(), before, Highest(fibres))
        {
            FragmentationBefore = fragmentationBefore,
            FragmentationAfter = Fragmentation(fibres.Values),
        };
    }

    /// <summary>
    /// Mean external fragmentation over the fibres with any slot held: per fibre 1 − (largest free block / free slots),
    /// 0 for a fibre whose free slots form one block (or that has none), towards 1 when the free slots are scattered.
    /// </summary>
    public static double Fragmentation(IEnumerable<bool[]> fibres)
    {
        ArgumentNullException.ThrowIfNull(fibres);
        double sum = 0;
        var count = 0;
        foreach (var used in fibres)
        {
            int free = 0, largest = 0, run = 0;
            var any = false;
            foreach (var u in used)
            {
                any |= u;
                run = u ? 0 : run + 1;
                free += u ? 0 : 1;
                largest = Math.Max(largest, run);
            }

            if (!any)
            {
                continue;
            }

            sum += free == 0 ? 0 : 1 - ((double)largest / free);
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }


    /// <summary>Every fibre's held slots (fixed claims and lightpaths), and where each lightpath sits; throws on a double booking.</summary>
    private static Dictionary<FiberId, bool[]> Occupancy(NetworkSnapshot snapshot, out Dictionary<string, SlotRange> where)
    {
        var fibres = new Dictionary<FiberId, bool[]>();
        where = new Dictionary<string, SlotRange>(StringComparer.Ordinal);
        foreach (var claim in snapshot.Fixed)
        {
            if (claim.Slots.End > snapshot.SlotCount)
            {
                throw new ArgumentException($"{claim.Holder} on fibre {claim.Fiber}: outside the grid", nameof(snapshot));
            }

            // Fixed claims may overlap each other (a hold in flight over its own lightpath's slots), never a movable lightpath.
            var used = Fibre(fibres, claim.Fiber, snapshot.SlotCount);
            for (var s = claim.Slots.Start; s < claim.Slots.End; s++)
            {
                used[s] = true;
            }
        }

        foreach (var lp in snapshot.Lightpaths)
        {
            if (lp.Slots.End > snapshot.SlotCount || !where.TryAdd(lp.Id, lp.Slots))
            {
                throw new ArgumentException($"lightpath {lp.Id}: outside the grid or listed twice", nameof(snapshot));
            }

            foreach (var f in lp.Path)
            {
                var used = Fibre(fibres, f, snapshot.SlotCount);
                for (var s = lp.Slots.Start; s < lp.Slots.End; s++)
                {
                    if (used[s])
                    {
                        throw new ArgumentException($"lightpath {lp.Id}: slot {s} of fibre {f} is already held", nameof(snapshot));
                    }

                    used[s] = true;
                }
            }
        }

        return fibres;
    }

    /// <summary>
    /// A dry run: replays <paramref name="plan"/> on the network as it is now (<paramref name="current"/>), step by step,
    /// without changing anything. A step passes when its lightpath is still movable and still on the step's old slots
    /// and its move is still possible (hitless: every slot swept is free; make before break: the target is free); a step
    /// that fails is left out of the replay, so each later step is judged on the spectrum it would really find.
    /// </summary>
    public static ImmutableArray<DefragStepCheck> Check(DefragPlan plan, NetworkSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(current);
        var fibres = Occupancy(current, out var where);
        var paths = current.Lightpaths.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var checks = ImmutableArray.CreateBuilder<DefragStepCheck>(plan.Steps.Length);
        foreach (var step in plan.Steps)
        {
            string? problem = null;
            if (!paths.TryGetValue(step.Lightpath, out var lp))
            {
                problem = "the lightpath is no longer an Active, movable lightpath";
            }
            else if (where[lp.Id] != step.From)
            {
                problem = $"the lightpath is on slots {where[lp.Id]}, not {step.From}";
            }
            else if (step.Kind == DefragStepKind.HitlessRetune && !lp.HitlessRetune)
            {
                problem = "its transponders do not retune hitlessly";
            }
            else
            {
                var (start, end) = step.Kind == DefragStepKind.HitlessRetune
                    ? (Math.Min(step.To.Start, step.From.Start), Math.Max(step.To.End, step.From.End))
                    : (step.To.Start, step.To.End);
                Mark(lp.Path, step.From, fibres, false);
                var free = step.To.End <= current.SlotCount && Free(lp.Path, start, end, fibres)
                    && (step.Kind == DefragStepKind.HitlessRetune || !step.To.Overlaps(step.From));
                Mark(lp.Path, step.From, fibres, true);
                if (!free)
                {
                    problem = $"slots {step.To} (or the slots the move passes over) are no longer free on every fibre of its path";
                }
            }

            if (problem is null)
            {
                Mark(lp!.Path, step.From, fibres, false);
                Mark(lp.Path, step.To, fibres, true);
                where[lp.Id] = step.To;
            }

            checks.Add(new DefragStepCheck(step.Order, step.Lightpath, problem));
        }

        return checks.MoveToImmutable();
    }

    /// <summary>The lowest start below the current one this lightpath can move to without going down.</summary>
    private static bool TryLower(SnapshotLightpath lp, SlotRange from, Dictionary<FiberId, bool[]> fibres, out SlotRange to, out DefragStepKind kind)
    {
        for (var start = 0; start < from.Start; start++)
        {
            var target = new SlotRange(start, from.Count);
            // Hitless: the carrier passes over every slot from the target's start to the old start.
            if (lp.HitlessRetune && Free(lp.Path, start, from.Start, fibres))
            {
                to = target;
                kind = DefragStepKind.HitlessRetune;
                return true;
            }

            // Make before break: the target must be free while the old slots are still held.
            if (target.End <= from.Start && Free(lp.Path, start, target.End, fibres))
            {
                to = target;
                kind = DefragStepKind.MakeBeforeBreak;
                return true;
            }
        }

        to = from;
        kind = default;
        return false;
    }

    private static bool Free(ImmutableArray<FiberId> path, int start, int end, Dictionary<FiberId, bool[]> fibres)
    {
        foreach (var f in path)
        {
            var used = fibres[f];
            for (var s = start; s < end; s++)
            {
                if (used[s])
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void Mark(ImmutableArray<FiberId> path, SlotRange range, Dictionary<FiberId, bool[]> fibres, bool value)
    {
        foreach (var f in path)
        {
            for (var s = range.Start; s < range.End; s++)
            {
                fibres[f][s] = value;
            }
        }
    }

    private static bool[] Fibre(Dictionary<FiberId, bool[]> fibres, FiberId id, int slots)
    {
        if (!fibres.TryGetValue(id, out var used))
        {
            used = new bool[slots];
            fibres.Add(id, used);
        }

        return used;
    }

    private static int Highest(Dictionary<FiberId, bool[]> fibres) =>
        fibres.Values.Select(u => Array.LastIndexOf(u, true)).DefaultIfEmpty(-1).Max();
}
