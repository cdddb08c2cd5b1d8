using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Lightpaths.Service;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Spectrum;

namespace Continuum.Pce.Application.Restoration;

/// <summary>
/// One lightpath's restoration as the batch planner sees it: who asks (<paramref name="Owner"/>, the lightpath key), its
/// priority (0 first) and arrival (ties in priority go in arrival order), the search (the lightpath's request with the
/// failed fibres, their shared-risk groups and the unreachable ROADMs excluded) and the path it is on now.
/// </summary>
public sealed record RestorationDemand(string Owner, int Priority, long Arrival, PathRequest Search, PathCandidate CurrentPath)
{
    /// <summary>Fibres of the lightpaths the new path must be diverse from (both directions), resolved by the caller.</summary>
    public IReadOnlyCollection<FiberId>? DiverseFromFibers { get; init; }
}

/// <summary>The demand of a lightpath's restoration, for the batch planner.</summary>
public static class RestorationDemands
{
    /// <summary>
    /// The lightpath's demand for <paramref name="request"/> (its arrival is set by whoever gathers it); null when a batch has nothing to plan for it (not an
    /// unprotected Active or Degraded lightpath on a failed path, or its diversity cannot be resolved): it is then
    /// restored the per-lightpath way, whose refusals say why.
    /// </summary>
    public static async Task<RestorationDemand?> ForAsync(LightpathContext lp, RestoreLightpathRequest request)
    {
        ArgumentNullException.ThrowIfNull(lp);
        ArgumentNullException.ThrowIfNull(request);
        if (lp.Record is not { State: LightpathState.Active or LightpathState.Degraded, Path: { Protection: null } path } record || lp.Data.OwesCleanup ||
            RestoreLightpath.SearchFor(lp, record, path, request) is not { } found)
        {
            return null;
        }

        var diverse = await DiversityFibers.ResolveAsync(lp, found.Search);
        return diverse.Blocked is not null ? null : new RestorationDemand(lp.Owner, record.Spec.RestorationPriority, 0, found.Search.Request, path)
        {
            DiverseFromFibers = diverse.Fibers,
        };
    }
}

/// <summary>How a batch left one demand.</summary>
public enum RestorationPlanKind
{
    /// <summary>A new path was planned and booked in the batch's view: reserve it (the fibres still decide).</summary>
    Planned,

    /// <summary>Nothing is left for it in the batch's view: report it unrestorable now, without a restoration turn.</summary>
    Unrestorable,

    /// <summary>No batch planned it (no planner in this host): restore it the per-lightpath way.</summary>
    Unplanned,
}

/// <summary>The batch's answer for one demand: the path planned, or why there is none.</summary>
public sealed record RestorationPlan(RestorationPlanKind Kind, PathCandidate? Path, Blocked? Blocked)
{
    public static readonly RestorationPlan None = new(RestorationPlanKind.Unplanned, null, null);

    public static RestorationPlan Of(PathCandidate path) => new(RestorationPlanKind.Planned, path, null);

    public static RestorationPlan Refused(Blocked blocked) => new(RestorationPlanKind.Unrestorable, null, blocked);
}

/// <summary>
/// Plans a restoration storm as one batch: the demands in priority order (then arrival), each computed against one
/// snapshot of the spectrum into which every earlier answer of the batch has been booked, so two demands of a batch are
/// never planned onto the same slots of a fibre and a lower priority never takes what a higher one was given. A demand
/// for which the snapshot leaves nothing is unrestorable at once: it costs one computation, not a restoration turn.
/// The plan is advisory like every spectrum view: the fibre grains decide when the paths are reserved.
/// </summary>
public static class RestorationBatchPlanner
{
    /// <summary>
    /// The demands' plans, in the order they were planned (priority, then arrival). <paramref name="planned"/>, when
    /// given, hears each plan as soon as it is made, so the first can start reserving while the rest are planned.
    /// </summary>
    public static IReadOnlyList<(RestorationDemand Demand, RestorationPlan Plan)> Plan(
        IEnumerable<RestorationDemand> demands, BatchSpectrumView view, IPathComputer computer, Action<RestorationDemand, RestorationPlan>? planned = null)
    {
        ArgumentNullException.ThrowIfNull(demands);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(computer);
        var ordered = demands.OrderBy(d => d.Priority).ThenBy(d => d.Arrival).ToList();
        var plans = new List<(RestorationDemand, RestorationPlan)>(ordered.Count);
        foreach (var demand in ordered)
        {
            var computation = computer.Compute(demand.Search, view, 1, demand.DiverseFromFibers);
            var path = computation.IsFound ? computation.Candidates.FirstOrDefault(c => !SamePath(c, demand.CurrentPath)) : null;
            RestorationPlan plan;
            if (path is null)
            {
                plan = RestorationPlan.Refused(computation.Blocked ?? new Blocked(BlockReason.NoPath, "no path other than the current one"));
            }
            else
            {
                view.Book(path.AllFibers(), path.Slots);
                plan = RestorationPlan.Of(path);
            }

            plans.Add((demand, plan));
            planned?.Invoke(demand, plan);
        }

        return plans;
    }

    private static bool SamePath(PathCandidate a, PathCandidate b) => a.Slots == b.Slots && a.Fibers.SequenceEqual(b.Fibers);
}

/// <summary>
/// A private copy of a spectrum view taken once for a batch, into which the batch books its answers. Its versions are
/// drawn from a range no other view uses, so a path computer that alternates between it and the live view re-reads
/// every fibre on each switch instead of applying the other view's change log to it.
/// </summary>
public sealed class BatchSpectrumView : FiberBitmapView, ISpectrumView
{
    private const long Base = 1L << 50;
    private static long s_nextRange;
    private readonly List<int> _log = [];
    private readonly long _first;

    /// <summary>Copies <paramref name="source"/>'s occupancy and state of every fibre of <paramref name="network"/>.</summary>
    public BatchSpectrumView(OpticalNetwork network, ISpectrumView source)
        : base(network)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (var i = 0; i < Ids.Length; i++)
        {
            source.CopyOccupancy(Ids[i], Words[i]);
            Down[i] = !source.IsUp(Ids[i]);
        }

        _first = Base + (Interlocked.Increment(ref s_nextRange) << 32);
    }

    public long Version => _first + _log.Count;

    /// <summary>Marks the slots occupied on the fibres (ids unknown to the network are ignored).</summary>
    public void Book(IEnumerable<FiberId> fibers, SlotRange slots)
    {
        ArgumentNullException.ThrowIfNull(fibers);
        foreach (var fiber in fibers)
        {
            if (!Index.TryGetValue(fiber, out var i))
            {
                continue;
            }

            var words = Words[i];
            for (var s = slots.Start; s < slots.End && (s >> 6) < words.Length; s++)
            {
                words[s >> 6] |= 1UL << (s & 63);
            }

            _log.Add(i);
        }
    }

    /// <summary>True when any of the slots is occupied on the fibre.</summary>
    public bool IsOccupied(FiberId fiber, SlotRange slots)
    {
        if (!Index.TryGetValue(fiber, out var i))
        {
            return false;
        }

        var words = Words[i];
        for (var s = slots.Start; s < slots.End && (s >> 6) < words.Length; s++)
        {
            if ((words[s >> 6] & (1UL << (s & 63))) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryGetChangesSince(long sinceVersion, List<FiberId> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (sinceVersion < _first || sinceVersion > Version)
        {
            return false;
        }

        for (var v = (int)(sinceVersion - _first); v < _log.Count; v++)
        {
            changed.Add(Ids[_log[v]]);
        }

        return true;
    }
}
