using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Application.Planning;

/// <summary>
/// An incremental plan over one network: lightpaths are placed one at a time with the routing core on the session's own
/// spectrum picture, can be removed again, and fibres can be cut (no later placement uses them). The demand each
/// lightpath serves is kept, so that a what-if can re-place the lightpaths a cut interrupts.
/// </summary>
public sealed class PlanningSession
{
    private readonly RoutingPathComputer _computer;
    private readonly PathTopology _topology;
    private readonly DemandPlanner.PlanningSpectrumView _view;
    private readonly List<PlannedLightpath> _lightpaths = [];
    private readonly Dictionary<string, Demand> _demandOf = new(StringComparer.Ordinal);
    private readonly HashSet<FiberId> _cut = [];
    private PathConstraints _constraints = PathConstraints.None;
    private int _next;

    public PlanningSession(OpticalNetwork network, EquipmentLibrary equipment, Objective objective = Objective.Latency)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(equipment);
        Network = network;
        Equipment = equipment;
        Objective = objective;
        var catalog = new InMemoryNetworkCatalog();
        catalog.Publish(new NetworkSnapshot(network, equipment, 1));
        _computer = new RoutingPathComputer(catalog);
        _topology = new PathTopology(network);
        _view = new DemandPlanner.PlanningSpectrumView(network.Grid.SlotCount);
    }

    public OpticalNetwork Network { get; }

    public EquipmentLibrary Equipment { get; }

    public Objective Objective { get; }

    /// <summary>The lightpaths in place, in the order they were placed.</summary>
    public IReadOnlyList<PlannedLightpath> Lightpaths => _lightpaths;

    public IReadOnlyCollection<FiberId> CutFibers => _cut;

    /// <summary>The demand a lightpath of this session serves.</summary>
    public Demand DemandOf(PlannedLightpath lightpath)
    {
        ArgumentNullException.ThrowIfNull(lightpath);
        return _demandOf[lightpath.Id];
    }

    /// <summary>Places one lightpath of the demand (its count is ignored), or says what blocked it.</summary>
    public bool TryPlace(Demand demand, out PlannedLightpath? lightpath, out Blocked? blocked)
    {
        ArgumentNullException.ThrowIfNull(demand);
        lightpath = null;
        if (!_topology.TryResolveRoadm(demand.From.Value, out var from) || !_topology.TryResolveRoadm(demand.To.Value, out var to) ||
            !_topology.TryGetTransponder(from, out var fromTrx) || !_topology.TryGetTransponder(to, out var toTrx))
        {
            blocked = new Blocked(BlockReason.InvalidRequest, $"no ROADM with a transponder at {demand.From} or {demand.To}");
            return false;
        }

        var result = _computer.Compute(new PathRequest(from, to, demand.RateGbps, _constraints, Objective), _view, 1);
        if (!result.IsFound)
        {
            blocked = result.Blocked!;
            return false;
        }

        var path = result.Candidates[0];
        _view.Occupy(path.Fibers, path.Slots);
        lightpath = new PlannedLightpath($"plan-{++_next}", fromTrx, toTrx, path.Fibers, path.Mode, path.Slots, path.LatencyUs);
        _lightpaths.Add(lightpath);
        _demandOf[lightpath.Id] = demand with { Count = 1 };
        blocked = null;
        return true;
    }

    /// <summary>
    /// Places a 1+1 demand: a working and an SRLG-disjoint protection leg on one slot range (the engine's pair
    /// computation), both legs' spectrum taken. The working leg is in the plan; the protection leg is returned beside it.
    /// </summary>
    public bool TryPlaceProtected(Demand demand, out PlannedLightpath? working, out PathCandidate? protection, out Blocked? blocked)
    {
        ArgumentNullException.ThrowIfNull(demand);
        working = null;
        protection = null;
        if (!_topology.TryResolveRoadm(demand.From.Value, out var from) || !_topology.TryResolveRoadm(demand.To.Value, out var to) ||
            !_topology.TryGetTransponder(from, out var fromTrx) || !_topology.TryGetTransponder(to, out var toTrx))
        {
            blocked = new Blocked(BlockReason.InvalidRequest, $"no ROADM with a transponder at {demand.From} or {demand.To}");
            return false;
        }

        var request = new PathRequest(from, to, demand.RateGbps, _constraints with { DiversityLevel = Disjointness.Srlg }, Objective, Protection.OnePlusOne);
        var result = _computer.Compute(request, _view, 1);
        if (!result.IsFound || result.Candidates[0].Protection is not { } leg)
        {
            blocked = result.Blocked ?? new Blocked(BlockReason.Diversity, "no disjoint pair");
            return false;
        }

        var path = result.Candidates[0];
        _view.Occupy(path.Fibers, path.Slots);
        _view.Occupy(leg.Fibers, leg.Slots);
        working = new PlannedLightpath($"plan-{++_next}", fromTrx, toTrx, path.Fibers, path.Mode, path.Slots, path.LatencyUs);
        _lightpaths.Add(working);
        _demandOf[working.Id] = demand with { Count = 1 };
        protection = leg;
        blocked = null;
        return true;
    }

    /// <summary>Takes a lightpath of this session out of the plan and frees its spectrum.</summary>
    public void Remove(PlannedLightpath lightpath)
    {
        ArgumentNullException.ThrowIfNull(lightpath);
        if (_lightpaths.Remove(lightpath))
        {
            _view.Release(lightpath.Fibers, lightpath.Slots);
            _demandOf.Remove(lightpath.Id);
        }
    }

    /// <summary>
    /// Cuts fibres: later placements avoid them. Returns the lightpaths in place that cross one (they stay in the plan
    /// until removed: the caller decides whether to re-place them).
    /// </summary>
    public ImmutableArray<PlannedLightpath> Cut(IEnumerable<FiberId> fibers)
    {
        ArgumentNullException.ThrowIfNull(fibers);
        foreach (var fiber in fibers)
        {
            if (_cut.Add(fiber))
            {
                _view.Cut(fiber);
            }
        }

        _constraints = PathConstraints.None with { ExcludeFibers = [.. _cut.OrderBy(f => f.Value, StringComparer.Ordinal)] };
        return [.. _lightpaths.Where(lp => lp.Fibers.Any(_cut.Contains))];
    }
}
