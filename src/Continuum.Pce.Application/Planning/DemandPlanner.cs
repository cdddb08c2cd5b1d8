using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Paths;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Domain.Sites;

namespace Continuum.Pce.Application.Planning;

/// <summary>A demand between two sites: <paramref name="Count"/> lightpaths of <paramref name="RateGbps"/>.</summary>
public sealed record Demand(SiteId From, SiteId To, int RateGbps, int Count = 1);

/// <summary>The outcome of planning a demand set: the lightpaths placed and the demands (or parts) refused, with why.</summary>
public sealed record DemandPlan(ImmutableArray<PlannedLightpath> Lightpaths, ImmutableArray<(Demand Demand, Blocked Reason)> Refused);

/// <summary>
/// Places a set of demands one lightpath at a time with the routing core (latency-first by default), keeping its own
/// spectrum picture: the planning counterpart of provisioning, for energy and cost studies and what-ifs.
/// </summary>
public static class DemandPlanner
{
    /// <summary>
    /// A default demand set for a multi-site network: a full mesh of 400G between core and regional data centres, and
    /// one 100G from every colo, edge, enterprise and industrial site to its nearest core data centre.
    /// </summary>
    public static ImmutableArray<Demand> DefaultDemands(OpticalNetwork network)
    {
        var withRoadm = network.Roadms.Select(r => r.Site).ToHashSet();
        var sites = network.Sites.Where(s => withRoadm.Contains(s.Id)).ToList();
        var dcs = sites.Where(s => s.Tier is SiteTier.CoreDc or SiteTier.RegionalDc).ToList();
        var core = sites.Where(s => s.Tier == SiteTier.CoreDc).ToList();
        var demands = ImmutableArray.CreateBuilder<Demand>();
        for (var i = 0; i < dcs.Count; i++)
        {
            for (var j = i + 1; j < dcs.Count; j++)
            {
                demands.Add(new Demand(dcs[i].Id, dcs[j].Id, 400));
            }
        }

        foreach (var site in sites.Where(s => s.Tier is not (SiteTier.CoreDc or SiteTier.RegionalDc or SiteTier.AmplifierHut)))
        {
            var nearest = core.MinBy(c => c.Location.GreatCircleKm(site.Location));
            if (nearest is not null)
            {
                demands.Add(new Demand(site.Id, nearest.Id, 100));
            }
        }

        return demands.ToImmutable();
    }

    public static DemandPlan Plan(OpticalNetwork network, EquipmentLibrary equipment, IEnumerable<Demand> demands, Objective objective = Objective.Latency)
    {
        var catalog = new InMemoryNetworkCatalog();
        catalog.Publish(new NetworkSnapshot(network, equipment, 1));
        var computer = new RoutingPathComputer(catalog);
        var topology = new PathTopology(network);
        var view = new PlanningSpectrumView(network.Grid.SlotCount);
        var lightpaths = ImmutableArray.CreateBuilder<PlannedLightpath>();
        var refused = ImmutableArray.CreateBuilder<(Demand, Blocked)>();
        var n = 0;
        foreach (var demand in demands)
        {
            for (var c = 0; c < demand.Count; c++)
            {
                if (!topology.TryResolveRoadm(demand.From.Value, out var from) || !topology.TryResolveRoadm(demand.To.Value, out var to) ||
                    !topology.TryGetTransponder(from, out var fromTrx) || !topology.TryGetTransponder(to, out var toTrx))
                {
                    refused.Add((demand, new Blocked(BlockReason.InvalidRequest, $"no ROADM with a transponder at {demand.From} or {demand.To}")));
                    continue;
                }

                var result = computer.Compute(new PathRequest(from, to, demand.RateGbps, PathConstraints.None, objective), view, 1);
                if (!result.IsFound)
                {
                    refused.Add((demand, result.Blocked!));
                    continue;
                }

                var path = result.Candidates[0];
                view.Occupy(path.Fibers, path.Slots);
                lightpaths.Add(new PlannedLightpath($"plan-{++n}", fromTrx, toTrx, path.Fibers, path.Mode, path.Slots));
            }
        }

        return new DemandPlan(lightpaths.ToImmutable(), refused.ToImmutable());
    }

    /// <summary>A spectrum picture kept by the planner itself.</summary>
    private sealed class PlanningSpectrumView(int slotCount) : ISpectrumView
    {
        private readonly Dictionary<FiberId, ulong[]> _masks = [];

        public long Version { get; private set; }

        public void Occupy(ImmutableArray<FiberId> fibers, Domain.Spectrum.SlotRange slots)
        {
            foreach (var fiber in fibers)
            {
                if (!_masks.TryGetValue(fiber, out var words))
                {
                    words = new ulong[(slotCount + 63) / 64];
                    _masks[fiber] = words;
                }

                for (var s = slots.Start; s < slots.End; s++)
                {
                    words[s >> 6] |= 1UL << (s & 63);
                }
            }

            Version++;
        }

        public void CopyOccupancy(FiberId fiber, Span<ulong> words)
        {
            words.Clear();
            if (_masks.TryGetValue(fiber, out var mask))
            {
                mask.AsSpan(0, Math.Min(mask.Length, words.Length)).CopyTo(words);
            }
        }

        public bool IsUp(FiberId fiber) => true;
    }
}
