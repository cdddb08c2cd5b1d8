using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Application.Planning;

/// <summary>The headline figures of a set of lightpaths on a network: energy, cost and latency.</summary>
public sealed record PlanFigures(int Lightpaths, EnergyReport Energy, CostReport Cost, double MeanLatencyUs, int LitFibres, int LitAmplifiers)
{
    public double TotalWatts => Energy.TotalWatts;

    public double Capex => Cost.Capex;

    public double OpexPerYear => Cost.OpexPerYear;

    public double TotalCostOfOwnership => Cost.TotalCostOfOwnership;

    public int CarriedGbps => Energy.CarriedGbps;

    public static PlanFigures Of(OpticalNetwork network, EquipmentLibrary equipment, IReadOnlyList<PlannedLightpath> lightpaths, CostAssumptions? assumptions = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(lightpaths);
        var cost = CostModel.Evaluate(network, equipment, lightpaths, assumptions);
        var lit = lightpaths.SelectMany(l => l.Fibers).ToHashSet();
        var amplifiers = network.Fibers.Where(f => lit.Contains(f.Id)).Sum(f => f.Spans.Count(s => s.Amplifier is not null));
        var latency = lightpaths.Count == 0 ? 0 : lightpaths.Average(l => l.LatencyUs);
        return new PlanFigures(lightpaths.Count, cost.Energy, cost, latency, lit.Count, amplifiers);
    }
}

/// <summary>One objective's plan of a demand set and its figures.</summary>
/// <param name="WattsDegreesAsleep">Network power when ROADM degrees of dark links sleep too (<see cref="EnergyAssumptions.DarkDegreePowerFraction"/> = 0).</param>
public sealed record ObjectiveRun(Domain.Requests.Objective Objective, int Demanded, DemandPlan Plan, PlanFigures Figures, double WattsDegreesAsleep)
{
    public int Refused => Plan.Refused.Length;

    /// <summary>Refused lightpaths over demanded lightpaths.</summary>
    public double Blocking => Demanded == 0 ? 0 : (double)Refused / Demanded;
}

/// <summary>Several objectives' plans of the same demand set on the same network (equal load).</summary>
public sealed record ObjectiveComparisonResult(ImmutableArray<ObjectiveRun> Runs)
{
    public ObjectiveRun Of(Domain.Requests.Objective objective) => Runs.First(r => r.Objective == objective);

    /// <summary>How much less power <paramref name="candidate"/> draws than <paramref name="baseline"/>, in % of the baseline.</summary>
    public double PowerSavingPercent(Domain.Requests.Objective baseline, Domain.Requests.Objective candidate) =>
        100 * (Of(baseline).Figures.TotalWatts - Of(candidate).Figures.TotalWatts) / Of(baseline).Figures.TotalWatts;
}

/// <summary>Plans one demand set under several routing objectives, each from an empty network, and compares them.</summary>
public static class ObjectiveComparison
{
    public static ObjectiveComparisonResult Compare(
        OpticalNetwork network,
        EquipmentLibrary equipment,
        IReadOnlyList<Demand> demands,
        IEnumerable<Domain.Requests.Objective>? objectives = null,
        CostAssumptions? assumptions = null)
    {
        ArgumentNullException.ThrowIfNull(demands);
        assumptions ??= CostAssumptions.Default;
        var asleep = assumptions.Energy with { DarkDegreePowerFraction = 0 };
        var demanded = demands.Sum(d => d.Count);
        var runs = ImmutableArray.CreateBuilder<ObjectiveRun>();
        foreach (var objective in objectives ?? [Domain.Requests.Objective.Latency, Domain.Requests.Objective.Energy])
        {
            var plan = DemandPlanner.Plan(network, equipment, demands, objective);
            var figures = PlanFigures.Of(network, equipment, plan.Lightpaths, assumptions);
            var degreesAsleep = EnergyModel.Evaluate(network, equipment, plan.Lightpaths, asleep).TotalWatts;
            runs.Add(new ObjectiveRun(objective, demanded, plan, figures, degreesAsleep));
        }

        return new ObjectiveComparisonResult(runs.ToImmutable());
    }
}
