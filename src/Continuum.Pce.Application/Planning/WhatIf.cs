using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Identity;
using Continuum.Pce.Domain.Network;
using Continuum.Pce.Domain.Requests;

namespace Continuum.Pce.Application.Planning;

/// <summary>
/// A what-if on a planned network: demands to add and fibres to cut. <see cref="CutReverse"/> also cuts each named
/// fibre's duplex partner (a cable cut takes both directions).
/// </summary>
public sealed record WhatIfRequest
{
    public ImmutableArray<Demand> AddedDemands { get; init; } = [];

    public ImmutableArray<FiberId> CutFibers { get; init; } = [];

    public bool CutReverse { get; init; } = true;

    public Objective Objective { get; init; } = Objective.Latency;
}

/// <summary>The outcome of a what-if: a result, or the reasons the request was refused.</summary>
public abstract record WhatIfOutcome;

/// <summary>The request named unknown fibres or sites, or impossible demands; nothing was computed.</summary>
public sealed record WhatIfRejected(ImmutableArray<string> Errors) : WhatIfOutcome;

/// <summary>A lightpath the cut interrupted and the route it was given instead.</summary>
public sealed record ReroutedLightpath(Demand Demand, PlannedLightpath Before, PlannedLightpath After)
{
    public double LatencyChangeUs => After.LatencyUs - Before.LatencyUs;
}

/// <summary>A lightpath the cut interrupted that no longer finds a route, with what blocked it.</summary>
public sealed record LostLightpath(Demand Demand, PlannedLightpath Before, Blocked Reason);

/// <summary>
/// The network before (base demands planned on the intact network) and after (cut fibres' lightpaths re-placed, then
/// the added demands placed on top), with what moved, what was lost and what could not be added.
/// </summary>
public sealed record WhatIfResult(
    PlanFigures Before,
    PlanFigures After,
    ImmutableArray<FiberId> CutFibers,
    ImmutableArray<ReroutedLightpath> Rerouted,
    ImmutableArray<LostLightpath> Lost,
    ImmutableArray<PlannedLightpath> Added,
    ImmutableArray<(Demand Demand, Blocked Reason)> AddedRefused) : WhatIfOutcome
{
    public double PowerChangeW => After.TotalWatts - Before.TotalWatts;

    public double CapexChange => After.Capex - Before.Capex;

    public double OpexChangePerYear => After.OpexPerYear - Before.OpexPerYear;

    public double TotalCostOfOwnershipChange => After.TotalCostOfOwnership - Before.TotalCostOfOwnership;

    public double MeanLatencyChangeUs => After.MeanLatencyUs - Before.MeanLatencyUs;

    public int CarriedGbpsChange => After.CarriedGbps - Before.CarriedGbps;
}

/// <summary>
/// What-if studies for planners (and, later, the REST server): plan the base demands, then cut fibres and add demands,
/// and report the change in power, cost and latency. Lightpaths on a cut fibre are taken out, then re-placed one by one
/// in their original order around the cut (the others keep their routes and spectrum); those that find no route are
/// lost. Added demands are placed after the re-routing, so existing services keep priority. CAPEX counts installed
/// equipment, so a cut changes it only through transponders; cut fibres go dark and their amplifiers sleep.
/// </summary>
public static class WhatIf
{
    public static WhatIfOutcome Run(
        OpticalNetwork network,
        EquipmentLibrary equipment,
        IReadOnlyList<Demand> baseDemands,
        WhatIfRequest request,
        CostAssumptions? assumptions = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(baseDemands);
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(network, request);
        if (errors.Length > 0)
        {
            return new WhatIfRejected(errors);
        }

        var session = new PlanningSession(network, equipment, request.Objective);
        foreach (var demand in baseDemands)
        {
            for (var c = 0; c < demand.Count; c++)
            {
                session.TryPlace(demand, out _, out _);
            }
        }

        var before = PlanFigures.Of(network, equipment, [.. session.Lightpaths], assumptions);

        var cut = new List<FiberId>();
        foreach (var id in request.CutFibers)
        {
            cut.Add(id);
            if (request.CutReverse && network.Fiber(id).Reverse is { } reverse && network.TryGetFiber(reverse, out _))
            {
                cut.Add(reverse);
            }
        }

        var cutFibers = cut.Distinct().ToImmutableArray();
        var interrupted = session.Cut(cutFibers);
        var demands = interrupted.Select(session.DemandOf).ToList();
        foreach (var lp in interrupted)
        {
            session.Remove(lp);
        }

        var rerouted = ImmutableArray.CreateBuilder<ReroutedLightpath>();
        var lost = ImmutableArray.CreateBuilder<LostLightpath>();
        for (var i = 0; i < interrupted.Length; i++)
        {
            if (session.TryPlace(demands[i], out var after, out var blocked))
            {
                rerouted.Add(new ReroutedLightpath(demands[i], interrupted[i], after!));
            }
            else
            {
                lost.Add(new LostLightpath(demands[i], interrupted[i], blocked!));
            }
        }

        var added = ImmutableArray.CreateBuilder<PlannedLightpath>();
        var refused = ImmutableArray.CreateBuilder<(Demand, Blocked)>();
        foreach (var demand in request.AddedDemands)
        {
            for (var c = 0; c < demand.Count; c++)
            {
                if (session.TryPlace(demand, out var lp, out var blocked))
                {
                    added.Add(lp!);
                }
                else
                {
                    refused.Add((demand, blocked!));
                }
            }
        }

        var afterFigures = PlanFigures.Of(network, equipment, [.. session.Lightpaths], assumptions);
        return new WhatIfResult(before, afterFigures, cutFibers, rerouted.ToImmutable(), lost.ToImmutable(), added.ToImmutable(), refused.ToImmutable());
    }

    /// <summary>Every problem of the request at once: unknown fibres and sites, non-positive rates and counts, equal endpoints.</summary>
    public static ImmutableArray<string> Validate(OpticalNetwork network, WhatIfRequest request)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(request);
        var errors = ImmutableArray.CreateBuilder<string>();
        foreach (var fiber in request.CutFibers.IsDefault ? [] : request.CutFibers)
        {
            if (!network.TryGetFiber(fiber, out _))
            {
                errors.Add($"unknown fibre '{fiber}' (network '{network.Name}' has {network.Fibers.Length} fibres, e.g. '{network.Fibers[0].Id}')");
            }
        }

        var i = 0;
        foreach (var demand in request.AddedDemands.IsDefault ? [] : request.AddedDemands)
        {
            foreach (var (site, field) in new[] { (demand.From, "from"), (demand.To, "to") })
            {
                if (!network.TryGetSite(site, out _))
                {
                    errors.Add($"added demand {i}: unknown site '{site}' in '{field}'");
                }
            }

            if (demand.From == demand.To)
            {
                errors.Add($"added demand {i}: 'from' and 'to' are the same site '{demand.From}'");
            }

            if (demand.RateGbps <= 0)
            {
                errors.Add($"added demand {i}: rateGbps must be positive, got {demand.RateGbps}");
            }

            if (demand.Count <= 0)
            {
                errors.Add($"added demand {i}: count must be positive, got {demand.Count}");
            }

            i++;
        }

        return errors.ToImmutable();
    }
}
