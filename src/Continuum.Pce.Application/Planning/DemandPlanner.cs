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
/// Places a set of demands one lightpath at a time with the routing core (latency-first by default; energy-aware with
/// <see cref="Objective.Energy"/>), keeping its own spectrum picture: the planning counterpart of provisioning, for
/// energy and cost studies. <see cref="PlanningSession"/> is the incremental form that what-ifs build on.
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
        var session = new PlanningSession(network, equipment, objective);
        var refused = ImmutableArray.CreateBuilder<(Demand, Blocked)>();
        foreach (var demand in demands)
        {
            for (var c = 0; c < demand.Count; c++)
            {
                if (!session.TryPlace(demand, out _, out var blocked))
                {
                    refused.Add((demand, blocked!));
                }
            }
        }

        return new DemandPlan([.. session.Lightpaths], refused.ToImmutable());
    }

    /// <summary>A spectrum picture kept by the planner itself, with fibres that can be cut.</summary>
    internal sealed class PlanningSpectrumView(int slotCount) : ISpectrumView
    {
        private readonly Dictionary<FiberId, ulong[]> _masks = [];
        private readonly HashSet<FiberId> _down = [];

        public long Version { get; private set; }

        public void Cut(FiberId fiber)
        {
            _down.Add(fiber);
            Version++;
        }

        public void Release(ImmutableArray<FiberId> fibers, Domain.Spectrum.SlotRange slots)
        {
            foreach (var fiber in fibers)
            {
                if (_masks.TryGetValue(fiber, out var words))
                {
                    for (var s = slots.Start; s < slots.End; s++)
                    {
                        words[s >> 6] &= ~(1UL << (s & 63));
                    }
                }
            }

            Version++;
        }

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

        public bool IsUp(FiberId fiber) => !_down.Contains(fiber);
    }
}
