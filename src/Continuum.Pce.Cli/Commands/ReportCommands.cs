using System.CommandLine;
using System.Globalization;
using System.Text;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Reports;
using Continuum.Pce.Application.Simulation;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Topology.IO;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands;

/// <summary>`pce report energy|cost|blocking`: Markdown plus SVG charts written to a folder.</summary>
public static class ReportCommands
{
    public static Command Create(CliContext context)
    {
        var report = new Command("report", "Planning reports as Markdown with SVG charts: energy and carbon, techno-economics, blocking");
        report.Subcommands.Add(Planning(context, "energy", "Energy, annual kWh and carbon of the network carrying its demands, by site, tier and lightpath"));
        report.Subcommands.Add(Planning(context, "cost", "CAPEX, energy OPEX and cost per Gb/s and per Gb/s·km of the network carrying its demands"));
        report.Subcommands.Add(Blocking(context));
        return report;
    }

    private static Command Planning(CliContext context, string kind, string description)
    {
        var topology = new Option<FileInfo>("--topology") { Description = "Network file", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the Markdown and SVG files", Required = true };
        var objective = new Option<string>("--objective") { Description = "Routing objective for placing the demands: latency or hops", DefaultValueFactory = _ => "latency" };
        objective.AcceptOnlyFromAmong("latency", "hops", "distance");
        var command = new Command(kind, description + ". Demands: 400G full mesh between core and regional DCs, 100G from every other site to its nearest core DC.") { topology, output, objective };
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var bundle = NetworkFile.Load(p.GetValue(topology)!.FullName);
            if (!bundle.IsSuccess)
            {
                foreach (var e in bundle.Errors)
                {
                    context.Error.WriteLine(e);
                }

                return Task.FromResult(ExitCodes.Refused);
            }

            var network = bundle.Value!.Loaded.Network;
            var equipment = bundle.Value.Equipment;
            var goal = Enum.Parse<Objective>(p.GetValue(objective)!, ignoreCase: true);
            var plan = DemandPlanner.Plan(network, equipment, DemandPlanner.DefaultDemands(network), goal);
            var document = kind == "energy"
                ? PlanningReports.Energy(network.Name, EnergyModel.Evaluate(network, equipment, plan.Lightpaths))
                : PlanningReports.Cost(network.Name, CostModel.Evaluate(network, equipment, plan.Lightpaths));
            var refused = plan.Refused.Length == 0 ? "" :
                $"\n{plan.Refused.Length} demand(s) could not be placed: " + string.Join("; ", plan.Refused.Take(10).Select(r => $"{r.Demand.From}→{r.Demand.To} {r.Demand.RateGbps}G ({r.Reason})")) + "\n";
            var markdown = document.Markdown + $"\nDemands placed: {plan.Lightpaths.Length} lightpaths (objective {goal}).{refused}\n";
            Write(p.GetValue(output)!, document with { Markdown = markdown });
            context.Console.MarkupLine($"wrote {Markup.Escape(Path.Combine(p.GetValue(output)!.FullName, document.Name + ".md"))} and {document.Charts.Count} charts ({plan.Lightpaths.Length} lightpaths placed, {plan.Refused.Length} refused)");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Blocking(CliContext context)
    {
        var topology = new Option<FileInfo>("--topology") { Description = "Network file", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the Markdown and SVG files", Required = true };
        var loads = new Option<double[]>("--loads") { Description = "Offered loads in Erlang", DefaultValueFactory = _ => [150, 200, 250, 300], AllowMultipleArgumentsPerToken = true };
        var policies = new Option<string[]>("--policy") { Description = "Policies to compare", DefaultValueFactory = _ => ["sp-ff", "ksp-ff", "ff-ksp", "kspH-ff", "best"], AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per point", DefaultValueFactory = _ => 5 };
        var command = new Command("blocking", "Blocking against offered load for several policies (DeepRMSA preset), as a table and a chart") { topology, output, loads, policies, seeds };
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var bundle = NetworkFile.Load(p.GetValue(topology)!.FullName);
            if (!bundle.IsSuccess)
            {
                return Task.FromResult(ExitCodes.Refused);
            }

            var chosen = p.GetValue(policies)!.Select(n => SimulationPolicy.TryGet(n, out var x) ? x : throw new UsageException($"unknown policy '{n}'")).ToList();
            var seedList = Enumerable.Range(1, Math.Max(1, p.GetValue(seeds))).ToArray();
            var points = new Dictionary<string, List<(double Load, double Blocking, double Ci)>>();
            foreach (var policy in chosen)
            {
                points[policy.Name] = [];
                foreach (var load in p.GetValue(loads)!)
                {
                    var r = DynamicSimulator.Run(bundle.Value!.Loaded.Network, bundle.Value.Equipment, policy, SimulationSettings.DeepRmsa(load), seedList);
                    points[policy.Name].Add((load, r.MeanServiceBlocking * 100, r.ServiceBlockingCi95 * 100));
                }
            }

            var name = bundle.Value!.Loaded.Network.Name;
            var md = new StringBuilder()
                .AppendLine($"# Blocking: {name}").AppendLine()
                .AppendLine($"DeepRMSA preset (λ = 10, truncated exponential holding, 25–100 Gb/s, 3,000 warm-up and 10,000 measured requests), {seedList.Length} seeds per point; service blocking in %, ± the 95 % confidence half-width.").AppendLine()
                .AppendLine("| policy | " + string.Join(" | ", p.GetValue(loads)!.Select(l => $"{l} E")) + " |")
                .AppendLine("|---|" + string.Concat(p.GetValue(loads)!.Select(_ => "---:|")));
            foreach (var (policy, list) in points)
            {
                md.AppendLine($"| {policy} | " + string.Join(" | ", list.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Blocking:0.00} ± {x.Ci:0.00}"))) + " |");
            }

            md.AppendLine().AppendLine("![blocking against load](blocking-vs-load.svg)");
            var chart = SvgCharts.Lines($"{name}: service blocking against offered load", "offered load (Erlang, nominal)", "service blocking (%)",
                points.Select(kv => new ChartSeries(kv.Key, [.. kv.Value.Select(x => (x.Load, x.Blocking))])), logY: true);
            Write(p.GetValue(output)!, new ReportDocument("blocking", md.ToString(), new Dictionary<string, string> { ["blocking-vs-load.svg"] = chart }));
            context.Console.MarkupLine($"wrote {Markup.Escape(Path.Combine(p.GetValue(output)!.FullName, "blocking.md"))}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void Write(DirectoryInfo folder, ReportDocument document)
    {
        folder.Create();
        File.WriteAllText(Path.Combine(folder.FullName, document.Name + ".md"), document.Markdown);
        foreach (var (file, svg) in document.Charts)
        {
            File.WriteAllText(Path.Combine(folder.FullName, file), svg);
        }
    }
}
