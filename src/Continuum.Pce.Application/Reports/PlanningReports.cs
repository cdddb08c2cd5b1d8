using Continuum.Pce.Application.Planning;
using static Continuum.Pce.Application.Reports.MarkdownWriter;

namespace Continuum.Pce.Application.Reports;

/// <summary>Energy, carbon and cost reports as Markdown with SVG charts.</summary>
public static class PlanningReports
{
    public static ReportDocument Energy(string networkName, EnergyReport report, EnergyAssumptions? assumptions = null)
    {
        assumptions ??= EnergyAssumptions.Default;
        var bySite = report.Sites.OrderByDescending(s => s.Watts).ToList();
        var byTier = report.Sites.GroupBy(s => s.Tier).Select(g => (Tier: g.Key.ToString(), Watts: g.Sum(s => s.Watts), Co2: g.Sum(s => s.KgCo2PerYear)))
            .OrderByDescending(t => t.Watts).ToList();
        var byKind = report.Equipment.GroupBy(e => e.Kind).Select(g => (Kind: g.Key, Watts: g.Sum(e => e.Watts))).OrderBy(k => k.Kind, StringComparer.Ordinal).ToList();

        var charts = new Dictionary<string, string>
        {
            ["energy-by-site.svg"] = SvgCharts.Bars($"{networkName}: power by site", "W", byKindTitles(report), SiteStacks(report, bySite)),
            ["carbon-by-tier.svg"] = SvgCharts.Bars($"{networkName}: carbon by site tier", "kg CO2e per year", ["carbon"],
                [.. byTier.OrderBy(t => t.Co2).Select(t => new BarGroup(t.Tier, [t.Co2]))]),
        };

        var md = new MarkdownWriter()
            .Heading(1, $"Energy and carbon: {networkName}")
            .Paragraph($"Network power **{Num(report.TotalWatts)} W**, **{Num(report.KwhPerYear, 0)} kWh per year**, " +
                       $"**{Num(report.TonnesCo2PerYear, 2)} t CO2e per year**, energy cost **{Num(report.EnergyCostPerYear, 0)} per year**. " +
                       $"Carried {report.CarriedGbps} Gb/s on {report.Lightpaths.Length} lightpaths: " +
                       (report.CarriedGbps > 0 ? $"{Num(report.WattsPerGbps, 3)} W per Gb/s." : "nothing carried."))
            .Paragraph($"Model: transponder interfaces in use at their mode's power; amplifiers of lit fibres at full power, of dark fibres at " +
                       $"{Num(assumptions.DarkAmplifierPowerFraction * 100, 0)} %; every ROADM at its base power plus power per degree; " +
                       $"{Num(assumptions.HoursPerYear, 0)} hours per year; carbon and cost at the grid intensity and electricity price of the site where the equipment stands.")
            .Heading(2, "By kind of equipment")
            .Table(["kind", "W"], byKind.Select(k => (IReadOnlyList<string>)[k.Kind, Num(k.Watts)]))
            .Heading(2, "By site tier")
            .Table(["tier", "W", "kg CO2e / year"], byTier.Select(t => (IReadOnlyList<string>)[t.Tier, Num(t.Watts), Num(t.Co2, 0)]))
            .Image("carbon by tier", "carbon-by-tier.svg")
            .Heading(2, "By site")
            .Table(["site", "tier", "country", "W", "kWh / year", "kg CO2e / year", "energy cost / year"],
                bySite.Select(s => (IReadOnlyList<string>)[s.Name, s.Tier.ToString(), s.Country, Num(s.Watts), Num(s.KwhPerYear, 0), Num(s.KgCo2PerYear, 0), Num(s.EnergyCostPerYear, 0)]))
            .Image("power by site", "energy-by-site.svg");
        if (report.Lightpaths.Length > 0)
        {
            md.Heading(2, "By lightpath")
                .Table(["lightpath", "Gb/s", "transponders W", "amplifier share W", "ROADM share W", "total W", "W per Gb/s"],
                    report.Lightpaths.Select(l => (IReadOnlyList<string>)[l.Id, l.LineRateGbps.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Num(l.TransponderWatts), Num(l.AmplifierShareWatts), Num(l.RoadmShareWatts), Num(l.TotalWatts), Num(l.WattsPerGbps, 3)]));
        }

        return new ReportDocument("energy", md.ToString(), charts);

        static IReadOnlyList<string> byKindTitles(EnergyReport r) => [.. r.Equipment.Select(e => e.Kind).Distinct().Order(StringComparer.Ordinal)];
    }

    public static ReportDocument Cost(string networkName, CostReport report)
    {
        var byCategory = report.CapexItems.GroupBy(i => i.Category).Select(g => (Category: g.Key, Total: g.Sum(i => i.Total))).OrderByDescending(c => c.Total).ToList();
        var bySite = report.Energy.Sites.OrderByDescending(s => s.EnergyCostPerYear).ToList();
        var charts = new Dictionary<string, string>
        {
            ["capex-by-category.svg"] = SvgCharts.Bars($"{networkName}: CAPEX by category ({report.Currency})", report.Currency, ["CAPEX"],
                [.. byCategory.OrderBy(c => c.Total).Select(c => new BarGroup(c.Category, [c.Total]))]),
            ["opex-by-tier.svg"] = SvgCharts.Bars($"{networkName}: energy OPEX by site tier ({report.Currency} per year)", report.Currency, ["OPEX"],
                [.. bySite.GroupBy(s => s.Tier).Select(g => new BarGroup(g.Key.ToString(), [g.Sum(s => s.EnergyCostPerYear)])).OrderBy(b => b.Values[0])]),
        };

        var c = report.Currency;
        var md = new MarkdownWriter()
            .Heading(1, $"Techno-economics: {networkName}")
            .Paragraph($"CAPEX **{Num(report.Capex, 0)} {c}**, energy OPEX **{Num(report.OpexPerYear, 0)} {c} per year**, " +
                       $"{report.Years}-year total cost of ownership **{Num(report.TotalCostOfOwnership, 0)} {c}**. " +
                       (report.CarriedGbps > 0
                           ? $"Carried {report.CarriedGbps} Gb/s: **{Num(report.CostPerGbps, 2)} {c} per Gb/s**, {Num(report.CostPerGbpsKm, 4)} {c} per Gb/s·km."
                           : "Nothing carried."))
            .Heading(2, "CAPEX")
            .Table(["category", "item", "quantity", "unit cost", "total"],
                report.CapexItems.Select(i => (IReadOnlyList<string>)[i.Category, i.Item, i.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), Num(i.UnitCost, 0), Num(i.Total, 0)]))
            .Image("CAPEX by category", "capex-by-category.svg")
            .Heading(2, "Energy OPEX by site")
            .Table(["site", "tier", "country", "kWh / year", "cost / year"],
                bySite.Select(s => (IReadOnlyList<string>)[s.Name, s.Tier.ToString(), s.Country, Num(s.KwhPerYear, 0), Num(s.EnergyCostPerYear, 0)]))
            .Image("OPEX by tier", "opex-by-tier.svg");
        return new ReportDocument("cost", md.ToString(), charts);
    }

    /// <summary>Markdown section comparing routing objectives at equal load (the same demand set, each from an empty network).</summary>
    public static string ObjectiveComparison(ObjectiveComparisonResult comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var baseline = comparison.Runs[0];
        var md = new MarkdownWriter()
            .Heading(2, "Routing objectives at equal load")
            .Paragraph($"The same {baseline.Demanded} demanded lightpaths placed from an empty network under each objective. " +
                       "Energy-aware routing takes the K = 5 candidates by latency and picks the one that adds the least network power: " +
                       "its two transponder interfaces at the chosen mode's power, plus the amplifiers of every dark fibre it would light " +
                       "and the ROADM degrees it would wake; lit fibres cost nothing, ties go to the faster path. " +
                       "Network power as in the model above (every ROADM degree powered); the last column lets degrees of dark links sleep too.")
            .Table(["objective", "placed", "refused", "blocking", "network W", "vs first", "lit fibres", "lit amplifiers", "transponders W", "mean latency µs", "W, dark degrees asleep"],
                comparison.Runs.Select(r => (IReadOnlyList<string>)[
                    r.Objective.ToString(),
                    r.Figures.Lightpaths.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    r.Refused.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Num(r.Blocking * 100, 2) + " %",
                    Num(r.Figures.TotalWatts),
                    r == baseline ? "" : Num(-comparison.PowerSavingPercent(baseline.Objective, r.Objective), 1) + " %",
                    r.Figures.LitFibres.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    r.Figures.LitAmplifiers.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Num(r.Figures.Energy.Equipment.Where(e => e.Kind == "transponder").Sum(e => e.Watts)),
                    Num(r.Figures.MeanLatencyUs),
                    Num(r.WattsDegreesAsleep)]));
        return md.ToString();
    }

    /// <summary>Markdown section of a what-if: before and after, what was re-routed, lost or could not be added.</summary>
    public static string WhatIf(WhatIfResult result, string currency)
    {
        ArgumentNullException.ThrowIfNull(result);
        static IReadOnlyList<string> Row(string what, double before, double after, int decimals) =>
            [what, Num(before, decimals), Num(after, decimals), (after >= before ? "+" : "") + Num(after - before, decimals)];
        var md = new MarkdownWriter()
            .Heading(2, "What-if")
            .Paragraph((result.CutFibers.Length > 0 ? $"Cut: {string.Join(", ", result.CutFibers.Select(f => $"`{f}`"))}. " : "") +
                       $"Lightpaths interrupted: {result.Rerouted.Length + result.Lost.Length}, re-routed {result.Rerouted.Length}, **lost {result.Lost.Length}**. " +
                       $"Added demands: {result.Added.Length} lightpaths placed, {result.AddedRefused.Length} refused.")
            .Table(["figure", "before", "after", "change"],
            [
                Row("lightpaths", result.Before.Lightpaths, result.After.Lightpaths, 0),
                Row("carried Gb/s", result.Before.CarriedGbps, result.After.CarriedGbps, 0),
                Row("network power W", result.Before.TotalWatts, result.After.TotalWatts, 1),
                Row($"CAPEX {currency}", result.Before.Capex, result.After.Capex, 0),
                Row($"energy OPEX {currency} / year", result.Before.OpexPerYear, result.After.OpexPerYear, 0),
                Row($"TCO {currency}", result.Before.TotalCostOfOwnership, result.After.TotalCostOfOwnership, 0),
                Row("mean latency µs", result.Before.MeanLatencyUs, result.After.MeanLatencyUs, 1),
                Row("lit fibres", result.Before.LitFibres, result.After.LitFibres, 0),
            ]);
        if (result.Rerouted.Length > 0)
        {
            md.Heading(3, "Re-routed")
                .Table(["demand", "before (fibres)", "after (fibres)", "latency change µs"],
                    result.Rerouted.Select(r => (IReadOnlyList<string>)[Describe(r.Demand), string.Join(" ", r.Before.Fibers), string.Join(" ", r.After.Fibers), Num(r.LatencyChangeUs, 1)]));
        }

        if (result.Lost.Length > 0)
        {
            md.Heading(3, "Lost: no route after the cut")
                .Table(["demand", "was on", "reason"],
                    result.Lost.Select(l => (IReadOnlyList<string>)[Describe(l.Demand), string.Join(" ", l.Before.Fibers), l.Reason.ToString()]));
        }

        if (result.AddedRefused.Length > 0)
        {
            md.Heading(3, "Added demands refused")
                .Table(["demand", "reason"], result.AddedRefused.Select(r => (IReadOnlyList<string>)[Describe(r.Demand), r.Reason.ToString()]));
        }

        return md.ToString();

        static string Describe(Demand d) => $"{d.From}→{d.To} {d.RateGbps}G";
    }

    /// <summary>Stacked watts per site by kind of equipment; amplifier huts are summed into one bar; largest on top.</summary>
    private static IReadOnlyList<BarGroup> SiteStacks(EnergyReport report, List<SiteEnergy> sites)
    {
        var kinds = report.Equipment.Select(e => e.Kind).Distinct().Order(StringComparer.Ordinal).ToList();
        var watts = report.Equipment.GroupBy(e => (e.Site, e.Kind)).ToDictionary(g => g.Key, g => g.Sum(e => e.Watts));
        var huts = sites.Where(s => s.Tier == Domain.Sites.SiteTier.AmplifierHut).ToList();
        var groups = sites.Where(s => s.Tier != Domain.Sites.SiteTier.AmplifierHut)
            .Select(s => new BarGroup(s.Name, [.. kinds.Select(k => watts.GetValueOrDefault((s.Site, k)))]))
            .ToList();
        if (huts.Count > 0)
        {
            groups.Add(new BarGroup($"{huts.Count} amplifier huts (together)", [.. kinds.Select(k => huts.Sum(h => watts.GetValueOrDefault((h.Site, k))))]));
        }

        return [.. groups.OrderBy(g => g.Values.Sum())];
    }
}
