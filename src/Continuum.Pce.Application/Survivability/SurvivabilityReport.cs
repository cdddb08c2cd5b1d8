using System.Globalization;
using Continuum.Pce.Application.Reports;
using static Continuum.Pce.Application.Reports.MarkdownWriter;

namespace Continuum.Pce.Application.Survivability;

/// <summary>The survivability report as Markdown with SVG charts, like the energy and cost reports.</summary>
public static class SurvivabilityReport
{
    public const string FailuresChart = "survivability-failures.svg";
    public const string TenantsChart = "survivability-tenants.svg";

    /// <summary>Failures listed in the Markdown table (worst first); the JSON and the chart data keep every one.</summary>
    public const int MaxTableRows = 60;

    public static ReportDocument Document(SurvivabilityResult result, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var name = result.Network;
        var worst = Worst(result).ToList();
        var chartRows = worst.Where(f => f.HitCount > 0).Take(25).Reverse().ToList();
        var tenants = result.Tenants;
        var charts = new Dictionary<string, string>
        {
            [FailuresChart] = SvgCharts.Bars($"{name}: lightpaths hit by the worst single failures", "lightpaths", ["restored", "lost"],
                [.. chartRows.Select(f => new BarGroup(f.Failure.ToString(), [f.RestoredCount, f.LostCount]))]),
            [TenantsChart] = SvgCharts.Bars($"{name}: worst single-failure loss per tenant (Gb/s)", "Gb/s", ["carried", "lost in its worst failure"],
                [.. tenants.Reverse().Select(t => new BarGroup(t.Tenant, [t.CarriedGbps, t.WorstLostGbps]))]),
        };

        var hits = result.Failures.Sum(f => f.HitCount);
        var restored = result.Failures.Sum(f => f.RestoredCount);
        var extra = result.Failures.SelectMany(f => f.Hit).Where(h => h.Restored).Select(h => h.ExtraLatencyUs).ToList();
        var md = new MarkdownWriter()
            .Heading(1, $"Survivability: {name}")
            .Paragraph($"{result.Lightpaths.Length} lightpaths carrying {result.Lightpaths.Sum(l => l.RateGbps)} Gb/s, " +
                       $"{result.Failures.Length} single failures analysed ({Count(result, FailureKind.Fiber)} fibre pairs, {Count(result, FailureKind.Srlg)} SRLGs, {Count(result, FailureKind.Node)} ROADMs). " +
                       $"Over all failures {hits} lightpath hits, **{restored} restorable** ({Percent(restored, hits)}), {hits - restored} not; " +
                       $"**{result.FailuresWithLoss} failures lose capacity**, and {result.LightpathsAtRisk} lightpaths are lost by at least one single failure other than of their own end ROADM." +
                       (extra.Count > 0 ? $" Restoration adds {Num(extra.Average())} µs of latency on average (at most {Num(extra.Max())} µs)." : "") +
                       (Switched(result) is > 0 and var switched ? $" Of the restorable hits, {switched} are 1+1 lightpaths that keep one leg: their protection switches carry them, nothing is re-routed." : ""))
            .Paragraph("Method: for each failure (a duplex fibre pair, every fibre of an SRLG, or a ROADM with all its fibres) the lightpaths it hits " +
                       "release their spectrum; each is then re-routed in priority order (0 first, 7 last, ties by id) with the engine's own path " +
                       "computation and QoT check, avoiding the failed fibres and their SRLGs (or the failed ROADM), on one spectrum state shared by " +
                       "the failure's restorations, so they compete for slots and never double-book. A lightpath that adds or drops at a failed " +
                       "ROADM cannot be restored. Every failure starts again from the same occupancy." + (note is null ? "" : " " + note))
            .Heading(2, "Capacity at risk per tenant")
            .Table(["tenant", "lightpaths", "Gb/s carried", "worst failure", "Gb/s lost in it", "failures that cost it"],
                tenants.Select(t => (IReadOnlyList<string>)[t.Tenant, Int(t.Lightpaths), Int(t.CarriedGbps), t.WorstFailure?.ToString() ?? "none", Int(t.WorstLostGbps), Int(t.FailuresWithLoss)]))
            .Image("worst loss per tenant", TenantsChart)
            .Heading(2, "Failures, worst first")
            .Paragraph(worst.Count > MaxTableRows
                ? $"The {MaxTableRows} failures that lose most (Gb/s, then lightpaths hit) of {worst.Count}; {worst.Count(f => f.HitCount == 0)} failures hit nothing."
                : $"Every failure, most Gb/s lost first; {worst.Count(f => f.HitCount == 0)} hit nothing.")
            .Table(["failure", "hit", "restored", "lost", "Gb/s lost", "lost Gb/s by tenant", "mean extra µs", "max extra µs", "min margin dB"],
                worst.Take(MaxTableRows).Select(f => (IReadOnlyList<string>)[
                    f.Failure.ToString(), Int(f.HitCount), Int(f.RestoredCount), Int(f.LostCount), Int(f.LostGbps),
                    f.LostGbpsByTenant.Count == 0 ? "" : string.Join(", ", f.LostGbpsByTenant.Select(kv => $"{kv.Key} {kv.Value}")),
                    Opt(f.MeanExtraLatencyUs), Opt(f.MaxExtraLatencyUs), Opt(f.MinMarginDb, 2)]))
            .Image("lightpaths hit by the worst failures", FailuresChart);

        var lost = result.Failures.SelectMany(f => f.Hit.Where(h => !h.Restored).Select(h => (f.Failure, h))).ToList();
        if (lost.Count > 0)
        {
            md.Heading(2, "Why restoration fails")
                .Table(["reason", "lightpath hits"], lost.GroupBy(x => x.h.Reason!.Reason).OrderByDescending(g => g.Count())
                    .Select(g => (IReadOnlyList<string>)[g.Key.ToString(), Int(g.Count())]))
                .Heading(2, "Lightpaths at risk")
                .Table(["lightpath", "tenant", "priority", "Gb/s", "lost by", "first reason"],
                    lost.GroupBy(x => x.h.Lightpath.Id, StringComparer.Ordinal).OrderByDescending(g => g.First().h.Lightpath.RateGbps).ThenByDescending(g => g.Count())
                        .ThenBy(g => g.Key, StringComparer.Ordinal).Take(MaxTableRows)
                        .Select(g => (IReadOnlyList<string>)[g.Key, g.First().h.Lightpath.Tenant, Int(g.First().h.Lightpath.Priority), Int(g.First().h.Lightpath.RateGbps),
                            string.Join(", ", g.Take(4).Select(x => x.Failure.ToString())) + (g.Count() > 4 ? $" and {g.Count() - 4} more" : ""), g.First().h.Reason!.ToString()]));
        }

        return new ReportDocument("survivability", md.ToString(), charts);
    }

    /// <summary>Failures ordered by Gb/s lost, then lightpaths lost, then lightpaths hit, then kind and id.</summary>
    public static IEnumerable<FailureImpact> Worst(SurvivabilityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Failures.OrderByDescending(f => f.LostGbps).ThenByDescending(f => f.LostCount).ThenByDescending(f => f.HitCount)
            .ThenBy(f => f.Failure.Kind).ThenBy(f => f.Failure.Id, StringComparer.Ordinal);
    }

    private static int Switched(SurvivabilityResult result) => result.Failures.Sum(f => f.Hit.Count(h => h.Switched));

    private static int Count(SurvivabilityResult r, FailureKind kind) => r.Failures.Count(f => f.Failure.Kind == kind);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Opt(double? value, int decimals = 1) => value is { } v ? Num(v, decimals) : "";
}
