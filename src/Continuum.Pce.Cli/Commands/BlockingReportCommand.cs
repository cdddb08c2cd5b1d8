using System.CommandLine;
using System.Globalization;
using System.Text;
using Continuum.Pce.Application.Reports;
using Continuum.Pce.Application.Simulation;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands;

/// <summary>
/// `pce report blocking`: blocking against offered load for several policies, as Markdown and an SVG chart; with a
/// defragmentation setting, every policy runs with and without it and the report gives the extra load carried at equal
/// blocking and the moves it costs.
/// </summary>
public static class BlockingReportCommand
{
    private static readonly string[] DefaultPolicies = ["sp-ff", "ksp-ff", "ff-ksp", "kspH-ff", "best"];

    public static Command Create(CliContext context)
    {
        var options = new SimulationOptions();
        options.Load.Aliases.Add("--loads");
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the Markdown and SVG files", Required = true };
        var command = new Command("blocking", "Blocking against offered load for several policies (DeepRMSA setting unless a preset or settings say otherwise), with and without defragmentation when --defrag is given, as a table and a chart");
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var plan = options.BuildPlan(p);
            if (p.GetValue(options.Preset) is null && p.GetValue(options.Settings) is null)
            {
                plan = plan with
                {
                    Loads = p.GetValue(options.Load) is { Length: > 0 } ? plan.Loads : [150, 200, 250, 300],
                    Policies = p.GetValue(options.Policy) is { Length: > 0 } ? plan.Policies : [.. DefaultPolicies],
                    Seeds = p.GetValue(options.Seeds) is not null ? plan.Seeds : [.. Enumerable.Range(1, 5)],
                };
            }

            var (network, equipment, errors) = options.LoadTopology(p);
            if (network is null)
            {
                foreach (var e in errors)
                {
                    context.Error.WriteLine(e);
                }

                return Task.FromResult(ExitCodes.Refused);
            }

            if (plan.Preset is { } preset && !p.GetValue(options.AnyTopology) && preset.Topology.Mismatch(network) is { } mismatch)
            {
                context.Error.WriteLine($"--preset {preset.Name}: {mismatch}; pass that file (or --any-topology)");
                return Task.FromResult(ExitCodes.Refused);
            }

            var defrag = plan.Settings.Defrag;
            var variants = defrag.Enabled ? new[] { DefragSettings.None, defrag } : [DefragSettings.None];
            var curves = new List<(string Name, string Policy, bool Defrag, List<(double Load, double Blocking, double Ci, double Moves)> Points)>();
            foreach (var policy in plan.ResolvePolicies())
            {
                foreach (var variant in variants)
                {
                    var points = new List<(double, double, double, double)>();
                    foreach (var load in plan.Loads.Order())
                    {
                        var r = DynamicSimulator.Run(network, equipment!, policy, plan.Settings with { LoadErlang = load, Defrag = variant }, plan.Seeds);
                        points.Add((load, r.MeanServiceBlocking, r.ServiceBlockingCi95, r.MeanMovesPerThousand));
                    }

                    curves.Add((variant.Enabled ? $"{policy.Name} + defrag" : policy.Name, policy.Name, variant.Enabled, points));
                }
            }

            var name = network.Name;
            var s = plan.Settings;
            var grid = s.GridFor(network.Grid);
            var loads = plan.Loads.Order().ToArray();
            var rates = s.BitRatesGbps.IsDefaultOrEmpty ? $"{s.MinBitRateGbps}–{s.MaxBitRateGbps}" : string.Join("/", s.BitRatesGbps);
            var fibres = s.Fibres == FibreModel.SharedByBothDirections ? "one fibre shared by both directions" : "one fibre per direction";
            var presetText = plan.Preset is { } pr ? $"Preset `{pr.Name}`: " : "";
            var defragText = defrag.Enabled ? $" Defragmentation: {defrag.Label} (moves per 1,000 measured requests in brackets)." : "";
            var header = string.Create(CultureInfo.InvariantCulture, $"{presetText}{grid.SlotCount} × {grid.SlotWidthMhz / 1000.0:0.###} GHz, λ = {s.ArrivalRate}, {s.Holding} holding, {rates} Gb/s, guard {s.GuardSlots}, {fibres}, {s.WarmupRequests:N0} warm-up and {s.MeasuredRequests:N0} measured requests, {plan.Seeds.Length} seeds per point; service blocking in %, ± the 95 % confidence half-width.{defragText}");
            var md = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# Blocking: {name}").AppendLine()
                .AppendLine(header)
                .AppendLine()
                .AppendLine("| policy | " + string.Join(" | ", loads.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l} E"))) + " |")
                .AppendLine("|---|" + string.Concat(loads.Select(_ => "---:|")));
            foreach (var c in curves)
            {
                md.AppendLine($"| {c.Name} | " + string.Join(" | ", c.Points.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Blocking * 100:0.00} ± {x.Ci * 100:0.00}{(c.Defrag ? $" [{x.Moves:0}]" : "")}"))) + " |");
            }

            if (defrag.Enabled)
            {
                md.AppendLine().AppendLine("## Extra load at equal blocking").AppendLine()
                    .AppendLine("For each load of a policy without defragmentation, the load at which the same policy with defragmentation blocks as much (interpolated in log blocking between sweep points; – when outside the sweep).").AppendLine()
                    .AppendLine("| policy | load without (E) | blocking | load with defrag (E) | extra load |")
                    .AppendLine("|---|---:|---:|---:|---:|");
                foreach (var policy in curves.Where(c => !c.Defrag))
                {
                    var with = curves.Single(c => c.Defrag && c.Policy == policy.Policy);
                    foreach (var (load, blocking, at, gain) in EqualBlocking.Gains([.. policy.Points.Select(x => (x.Load, x.Blocking))], [.. with.Points.Select(x => (x.Load, x.Blocking))]))
                    {
                        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {policy.Policy} | {load} | {blocking * 100:0.00} % | {(at is { } a ? a.ToString("0", CultureInfo.InvariantCulture) : "–")} | {(gain is { } g ? $"{g * 100:+0;-0} %" : "–")} |"));
                    }
                }
            }

            md.AppendLine().AppendLine("![blocking against load](blocking-vs-load.svg)");
            var chart = SvgCharts.Lines($"{name}: service blocking against offered load", "offered load (Erlang, nominal)", "service blocking (%)",
                curves.Select(c => new ChartSeries(c.Name, [.. c.Points.Where(x => x.Blocking > 0).Select(x => (x.Load, x.Blocking * 100))])), logY: true);
            var folder = p.GetValue(output)!;
            folder.Create();
            File.WriteAllText(Path.Combine(folder.FullName, "blocking.md"), md.ToString());
            File.WriteAllText(Path.Combine(folder.FullName, "blocking-vs-load.svg"), chart);
            context.Console.MarkupLine($"wrote {Markup.Escape(Path.Combine(folder.FullName, "blocking.md"))}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
