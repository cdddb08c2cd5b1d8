using System.Collections.Immutable;
using Continuum.Pce.Domain.Equipment;
using Continuum.Pce.Domain.Network;

namespace Continuum.Pce.Application.Planning;

/// <summary>Assumptions of the techno-economic model.</summary>
public sealed record CostAssumptions
{
    public static CostAssumptions Default { get; } = new();

    /// <summary>Years over which CAPEX is written off and OPEX accumulated for the total cost of ownership.</summary>
    public int Years { get; init; } = 5;

    public EnergyAssumptions Energy { get; init; } = EnergyAssumptions.Default;
}

/// <summary>One CAPEX line: what, how many, unit cost.</summary>
public sealed record CapexItem(string Category, string Item, int Quantity, double UnitCost)
{
    public double Total => Quantity * UnitCost;
}

/// <summary>The techno-economic account of a network carrying a set of lightpaths.</summary>
public sealed record CostReport(
    string Currency,
    int Years,
    double Capex,
    double OpexPerYear,
    int CarriedGbps,
    double CarriedGbpsKm,
    ImmutableArray<CapexItem> CapexItems,
    EnergyReport Energy)
{
    public double TotalCostOfOwnership => Capex + Years * OpexPerYear;

    /// <summary>Total cost of ownership over <see cref="Years"/> per carried Gb/s.</summary>
    public double CostPerGbps => CarriedGbps == 0 ? double.PositiveInfinity : TotalCostOfOwnership / CarriedGbps;

    /// <summary>Total cost of ownership per carried Gb/s·km (rate × path length summed over lightpaths).</summary>
    public double CostPerGbpsKm => CarriedGbpsKm == 0 ? double.PositiveInfinity : TotalCostOfOwnership / CarriedGbpsKm;
}

/// <summary>
/// CAPEX from the equipment library's cost fields: transponder interfaces in use (two per lightpath, at the mode's
/// cost), every amplifier of the line system, every ROADM (base cost plus cost per degree). OPEX: the energy
/// model's electricity cost at each site's price. What-if studies call it again on a changed network or demand set.
/// </summary>
public static class CostModel
{
    public static CostReport Evaluate(
        OpticalNetwork network,
        EquipmentLibrary equipment,
        IReadOnlyList<PlannedLightpath> lightpaths,
        CostAssumptions? assumptions = null)
    {
        assumptions ??= CostAssumptions.Default;
        var energy = EnergyModel.Evaluate(network, equipment, lightpaths, assumptions.Energy);
        var items = new List<CapexItem>();

        var gbpsKm = 0.0;
        foreach (var group in lightpaths.Select(lp => (lp, mode: EnergyModel.ModeOf(network, equipment, lp)))
                     .GroupBy(x => x.mode.Id)
                     .OrderBy(g => g.Key.Value, StringComparer.Ordinal))
        {
            var mode = group.First().mode;
            items.Add(new CapexItem("transponders", $"interface {mode.Id}", 2 * group.Count(), mode.Cost));
            foreach (var (lp, _) in group)
            {
                gbpsKm += mode.LineRateGbps * lp.Fibers.Sum(f => network.Fiber(f).LengthKm);
            }
        }

        foreach (var group in network.Fibers.SelectMany(f => f.Spans).Where(s => s.Amplifier is not null)
                     .GroupBy(s => s.Amplifier!.Type).OrderBy(g => g.Key.Value, StringComparer.Ordinal))
        {
            items.Add(new CapexItem("amplifiers", group.Key.Value, group.Count(), equipment.Amplifier(group.Key).Cost));
        }

        foreach (var group in network.Roadms.GroupBy(r => r.Type).OrderBy(g => g.Key.Value, StringComparer.Ordinal))
        {
            var type = equipment.RoadmType(group.Key);
            items.Add(new CapexItem("roadms", $"{type.Id} chassis", group.Count(), type.BaseCost));
            items.Add(new CapexItem("roadms", $"{type.Id} degrees", group.Sum(r => r.Degrees), type.CostPerDegree));
        }

        return new CostReport(
            equipment.Currency,
            assumptions.Years,
            items.Sum(i => i.Total),
            energy.EnergyCostPerYear,
            energy.CarriedGbps,
            gbpsKm,
            [.. items],
            energy);
    }
}
