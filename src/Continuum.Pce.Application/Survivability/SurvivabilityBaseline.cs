using System.Collections.Immutable;
using Continuum.Pce.Application.Lightpaths;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Application.Survivability;

/// <summary>The lightpaths placed for an offline analysis, and the entries (one lightpath each) that could not be placed.</summary>
public sealed record PlacedLightpaths(ImmutableArray<SurvivabilityLightpath> Lightpaths, ImmutableArray<(LightpathDemand Entry, Blocked Reason)> Refused);

/// <summary>
/// The offline starting point of an analysis: the lightpath file's demands placed one lightpath at a time, in file
/// order, on the intact network with the planner's <see cref="PlanningSession"/> (the engine's path computation and
/// QoT, as <see cref="WhatIf"/> does), each lightpath keeping its entry's tenant and priority. Ids are
/// <c>lp-1</c>, <c>lp-2</c>, ... in placement order.
/// </summary>
public static class SurvivabilityBaseline
{
    public static PlacedLightpaths Place(OpticalNetwork network, EquipmentLibrary equipment, IEnumerable<LightpathDemand> entries, Objective objective = Objective.Latency)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(entries);
        var session = new PlanningSession(network, equipment, objective);
        var placed = ImmutableArray.CreateBuilder<SurvivabilityLightpath>();
        var refused = ImmutableArray.CreateBuilder<(LightpathDemand, Blocked)>();
        foreach (var entry in entries)
        {
            for (var c = 0; c < entry.Demand.Count; c++)
            {
                PathCandidate? leg = null;
                if (!(entry.Protected ? session.TryPlaceProtected(entry.Demand, out var lp, out leg, out var blocked) : session.TryPlace(entry.Demand, out lp, out blocked)))
                {
                    refused.Add((entry, blocked!));
                    continue;
                }

                var nodes = ImmutableArray.CreateBuilder<NodeId>(lp!.Fibers.Length + 1);
                nodes.Add(network.Fiber(lp.Fibers[0]).Source);
                foreach (var f in lp.Fibers)
                {
                    nodes.Add(network.Fiber(f).Destination);
                }

                placed.Add(new SurvivabilityLightpath(
                    $"lp-{placed.Count + 1}", entry.Tenant, entry.Priority, nodes[0], nodes[^1], entry.Demand.RateGbps, nodes.MoveToImmutable(), lp.Fibers, lp.Slots, lp.LatencyUs)
                {
                    ProtectionNodes = leg?.Nodes ?? [],
                    ProtectionFibers = leg?.Fibers ?? [],
                    ProtectionLatencyUs = leg?.LatencyUs ?? 0,
                });
            }
        }

        return new PlacedLightpaths(placed.ToImmutable(), refused.ToImmutable());
    }
}
