using System.Collections.Immutable;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Planning.Defrag;

/// <summary>One lightpath of a live-network snapshot: its fibres, its slots and whether its transponder retunes hitlessly.</summary>
public sealed record SnapshotLightpath(string Id, ImmutableArray<FiberId> Path, SlotRange Slots, bool HitlessRetune);

/// <summary>A live network's spectrum as the planner sees it: the grid's slot count and the lightpaths holding slots.</summary>
public sealed record NetworkSnapshot(int SlotCount, ImmutableArray<SnapshotLightpath> Lightpaths);

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

/// <summary>An ordered plan and what it achieves: the highest occupied slot over all fibres before and after.</summary>
public sealed record DefragPlan(ImmutableArray<DefragStep> Steps, int HighestSlotBefore, int HighestSlotAfter);

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
        var fibres = new Dictionary<FiberId, bool[]>();
        var where = new Dictionary<string, SlotRange>(StringComparer.Ordinal);
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

        var before = Highest(fibres);
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

        return new DefragPlan(steps.ToImmutable(), before, Highest(fibres));
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
