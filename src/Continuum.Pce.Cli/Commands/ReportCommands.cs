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
        var report = new Command("report", "Planning reports as Markdown with SVG charts: energy and carbon, techno-economics, blocking, survivability");
        report.Subcommands.Add(Planning(context, "energy", "Energy, annual kWh and carbon of the network carrying its demands, by site, tier and lightpath"));
        report.Subcommands.Add(Planning(context, "cost", "CAPEX, energy OPEX and cost per Gb/s and per Gb/s·km of the network carrying its demands"));
        report.Subcommands.Add(BlockingReportCommand.Create(context));
        report.Subcommands.Add(SurvivabilityCommand.Create(context));
        return report;
    }

    private static Command Planning(CliContext context, string kind, string description)
    {
        var topology = new Option<FileInfo>("--topology") { Description = "Network file", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the Markdown and SVG files", Required = true };
        var objective = new Option<string>("--objective") { Description = "Routing objective for placing the demands: latency (default), energy, hops or distance", DefaultValueFactory = _ => "latency" };
        objective.AcceptOnlyFromAmong("latency", "energy", "hops", "distance");
        var scale = new Option<int>("--scale") { Description = "Multiply the count of every default demand (equal-load studies at higher load)", DefaultValueFactory = _ => 1 };
        var compare = new Option<bool>("--compare-objectives") { Description = "Also plan the same demands latency-first and energy-aware and compare power, blocking and latency" };
        var addDemands = new Option<FileInfo>("--add-demands") { Description = "What-if: a JSON list of {from, to, rateGbps, count} demands to add to the plan" };
        var cutFibers = new Option<string[]>("--cut-fiber") { Description = "What-if: fibre id to cut (its duplex partner is cut too); repeatable", AllowMultipleArgumentsPerToken = true };
        var command = new Command(kind, description + ". Demands: 400G full mesh between core and regional DCs, 100G from every other site to its nearest core DC.")
        {
            topology, output, objective, scale, compare, addDemands, cutFibers,
        };
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
            var multiple = p.GetValue(scale);
            if (multiple < 1)
            {
                throw new UsageException($"--scale must be at least 1, got {multiple}");
            }

            var whatIf = ReadWhatIf(p.GetValue(addDemands), p.GetValue(cutFibers) ?? [], goal);
            if (whatIf is not null && WhatIf.Validate(network, whatIf) is { Length: > 0 } problems)
            {
                throw new UsageException("what-if: " + string.Join(Environment.NewLine + "what-if: ", problems));
            }

            var demands = DemandPlanner.DefaultDemands(network).Select(d => d with { Count = d.Count * multiple }).ToList();
            var plan = DemandPlanner.Plan(network, equipment, demands, goal);
            var document = kind == "energy"
                ? PlanningReports.Energy(network.Name, EnergyModel.Evaluate(network, equipment, plan.Lightpaths))
                : PlanningReports.Cost(network.Name, CostModel.Evaluate(network, equipment, plan.Lightpaths));
            var refused = plan.Refused.Length == 0 ? "" :
                $"\n{plan.Refused.Length} demand(s) could not be placed: " + string.Join("; ", plan.Refused.Take(10).Select(r => $"{r.Demand.From}→{r.Demand.To} {r.Demand.RateGbps}G ({r.Reason})")) + "\n";
            var markdown = new StringBuilder(document.Markdown)
                .Append(CultureInfo.InvariantCulture, $"\nDemands placed: {plan.Lightpaths.Length} lightpaths (objective {goal}{(multiple > 1 ? $", default demands × {multiple}" : "")}).{refused}\n");
            if (p.GetValue(compare))
            {
                var comparison = ObjectiveComparison.Compare(network, equipment, demands);
                PrintComparison(context, comparison);
                markdown.AppendLine().Append(PlanningReports.ObjectiveComparison(comparison));
            }

            if (whatIf is not null)
            {
                var result = (WhatIfResult)WhatIf.Run(network, equipment, demands, whatIf);
                PrintWhatIf(context, result, equipment.Currency);
                markdown.AppendLine().Append(PlanningReports.WhatIf(result, equipment.Currency));
            }

            Write(p.GetValue(output)!, document with { Markdown = markdown.ToString() });
            context.Console.MarkupLine($"wrote {Markup.Escape(Path.Combine(p.GetValue(output)!.FullName, document.Name + ".md"))} and {document.Charts.Count} charts ({plan.Lightpaths.Length} lightpaths placed, {plan.Refused.Length} refused)");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The what-if asked on the command line, or null; a missing or malformed demands file is a usage error.</summary>
    private static WhatIfRequest? ReadWhatIf(FileInfo? demandsFile, string[] cuts, Objective objective)
    {
        if (demandsFile is null && cuts.Length == 0)
        {
            return null;
        }

        var added = System.Collections.Immutable.ImmutableArray<Demand>.Empty;
        if (demandsFile is not null)
        {
            if (!demandsFile.Exists)
            {
                throw new UsageException($"--add-demands: file '{demandsFile.FullName}' not found");
            }

            if (!DemandFile.TryParse(TopologyInput.ReadFile(demandsFile.FullName), out added, out var errors))
            {
                throw new UsageException($"--add-demands: '{demandsFile.Name}' is not a valid demand list:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
            }
        }

        return new WhatIfRequest
        {
            AddedDemands = added,
            CutFibers = [.. cuts.Select(c => new Domain.Identity.FiberId(c))],
            Objective = objective,
        };
    }

    private static void PrintComparison(CliContext context, ObjectiveComparisonResult comparison)
    {
        var table = new Table().AddColumns("objective", "placed", "refused", "blocking", "network W", "lit fibres", "mean latency µs", "W (dark degrees asleep)");
        foreach (var r in comparison.Runs)
        {
            table.AddRow(
                r.Objective.ToString(),
                r.Figures.Lightpaths.ToString(CultureInfo.InvariantCulture),
                r.Refused.ToString(CultureInfo.InvariantCulture),
                (r.Blocking * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %",
                r.Figures.TotalWatts.ToString("N1", CultureInfo.InvariantCulture),
                r.Figures.LitFibres.ToString(CultureInfo.InvariantCulture),
                r.Figures.MeanLatencyUs.ToString("N1", CultureInfo.InvariantCulture),
                r.WattsDegreesAsleep.ToString("N1", CultureInfo.InvariantCulture));
        }

        context.Console.Write(table);
        if (comparison.Runs.Any(r => r.Objective == Objective.Latency) && comparison.Runs.Any(r => r.Objective == Objective.Energy))
        {
            var saving = comparison.PowerSavingPercent(Objective.Latency, Objective.Energy);
            context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"energy-aware vs latency-first: {saving:0.0} % network power")) + (saving >= 0 ? " saved" : " more"));
        }
    }

    private static void PrintWhatIf(CliContext context, WhatIfResult r, string currency)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"what-if: cut {r.CutFibers.Length} fibre(s); {r.Rerouted.Length} lightpath(s) re-routed, {r.Lost.Length} lost; {r.Added.Length} added, {r.AddedRefused.Length} refused; " +
            $"power {r.Before.TotalWatts:N1} → {r.After.TotalWatts:N1} W ({r.PowerChangeW:+0.0;-0.0;0} W), " +
            $"TCO {r.Before.TotalCostOfOwnership:N0} → {r.After.TotalCostOfOwnership:N0} {currency} ({r.TotalCostOfOwnershipChange:+0;-0;0}), " +
            $"mean latency {r.Before.MeanLatencyUs:N1} → {r.After.MeanLatencyUs:N1} µs ({r.MeanLatencyChangeUs:+0.0;-0.0;0})");
        context.Console.MarkupLine(Markup.Escape(text));
        foreach (var lost in r.Lost)
        {
            context.Console.MarkupLine(Markup.Escape($"  lost: {lost.Demand.From}→{lost.Demand.To} {lost.Demand.RateGbps}G ({lost.Reason})"));
        }
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
