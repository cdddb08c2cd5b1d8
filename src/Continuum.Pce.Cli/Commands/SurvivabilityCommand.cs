using System.CommandLine;
using System.Globalization;
using Continuum.Pce.Application.Planning;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Application.Reports;
using Continuum.Pce.Application.Survivability;
using Continuum.Pce.Cli.Commands.Server;
using Continuum.Pce.Domain.Requests;
using Continuum.Pce.Topology.IO;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands;

/// <summary>
/// `pce report survivability`: every single fibre-pair, SRLG and ROADM failure of a network carrying a lightpath file
/// (offline), or of the live network and its lightpaths on a server (<c>--live</c>, computed by the server), with the
/// lightpaths hit, restorable, their extra latency and the Gb/s lost per tenant, as Markdown + SVG.
/// </summary>
public static class SurvivabilityCommand
{
    public static Command Create(CliContext context)
    {
        var topology = new Option<FileInfo>("--topology") { Description = "Network file (offline; required unless --live)" };
        var live = new Option<bool>("--live") { Description = "Analyse the live network and its lightpaths on the server (--server, --api-key) instead of a file" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the Markdown and SVG files", Required = true };
        var lightpaths = new Option<FileInfo>("--lightpaths")
        {
            Description = "Lightpath file: a JSON list of {from, to, rateGbps, count, tenant, priority} (a demand file with optional tenant and priority; higher priority is restored first). Default: the default demands of the other reports, tenant 'default'",
        };
        var objective = new Option<string>("--objective") { Description = "Routing objective for placing and restoring: latency (default), energy, hops or distance", DefaultValueFactory = _ => "latency" };
        objective.AcceptOnlyFromAmong("latency", "energy", "hops", "distance");
        var failures = new Option<string[]>("--failures") { Description = "Kinds of single failure: fiber, srlg, node (default all)", DefaultValueFactory = _ => ["fiber", "srlg", "node"], AllowMultipleArgumentsPerToken = true };
        failures.AcceptOnlyFromAmong("fiber", "srlg", "node");
        var command = new Command("survivability", "What-if over every single failure (fibre pair, SRLG, ROADM): lightpaths hit, restorable with QoT margin, extra latency, Gb/s lost per tenant")
        {
            topology, live, output, lightpaths, objective, failures,
        };
        var connection = PceConnection.AddTo(command);
        command.SetAction(async (ParseResult p, CancellationToken cancellationToken) =>
        {
            if (p.GetValue(live))
            {
                if (p.GetValue(topology) is not null || p.GetValue(lightpaths) is not null)
                {
                    throw new UsageException("--live analyses the server's network and lightpaths: --topology and --lightpaths are for the offline report");
                }

                return await connection.RunAsync(p, context, (parse, client, ct) => Live(context, client, parse.GetValue(failures)!, parse.GetValue(output)!, ct), cancellationToken);
            }

            if (p.GetValue(topology) is not { } topologyFile)
            {
                throw new UsageException("--topology: a network file is required (or --live for the server's network)");
            }

            var bundle = NetworkFile.Load(topologyFile.FullName);
            if (!bundle.IsSuccess)
            {
                foreach (var e in bundle.Errors)
                {
                    context.Error.WriteLine(e);
                }

                return ExitCodes.Refused;
            }

            var network = bundle.Value!.Loaded.Network;
            var equipment = bundle.Value.Equipment;
            var goal = Enum.Parse<Objective>(p.GetValue(objective)!, ignoreCase: true);
            var entries = ReadEntries(p.GetValue(lightpaths), network);
            var kinds = p.GetValue(failures)!.Aggregate(FailureKinds.None, (k, n) => k | n switch
            {
                "fiber" => FailureKinds.Fibers,
                "srlg" => FailureKinds.Srlgs,
                _ => FailureKinds.Nodes,
            });

            var placed = SurvivabilityBaseline.Place(network, equipment, entries, goal);
            var result = SurvivabilityAnalysis.Run(new NetworkSnapshot(network, equipment, 1), placed.Lightpaths, new SurvivabilityOptions { Kinds = kinds, Objective = goal });
            var note = placed.Refused.Length == 0
                ? $"Lightpaths placed from {(p.GetValue(lightpaths)?.Name ?? "the default demands")} on the intact network, objective {goal}."
                : $"Lightpaths placed from {(p.GetValue(lightpaths)?.Name ?? "the default demands")} on the intact network, objective {goal}; {placed.Refused.Length} could not be placed and are not analysed.";
            var document = SurvivabilityReport.Document(result, note);
            Print(context, result);
            Write(p.GetValue(output)!, document);
            context.Console.MarkupLine($"wrote {Markup.Escape(Path.Combine(p.GetValue(output)!.FullName, document.Name + ".md"))} and {document.Charts.Count} charts " +
                                       $"({result.Lightpaths.Length} lightpaths, {result.Failures.Length} failures, {placed.Refused.Length} not placed)");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The server's report of its live network: the same analysis on the lightpaths as they are, written as the offline one is.</summary>
    private static async Task<int> Live(CliContext context, Contracts.V1.Pce.PceClient client, string[] failures, DirectoryInfo folder, CancellationToken cancellationToken)
    {
        var request = new Contracts.V1.SurvivabilityRequest { IncludeMarkdown = true };
        request.Failures.AddRange(failures);
        var report = await client.GetSurvivabilityReportAsync(request, cancellationToken: cancellationToken);
        var table = new Table().AddColumns("failure", "hit", "restored", "lost", "Gb/s lost", "max extra µs");
        foreach (var f in report.Failures.Where(f => f.Hit > 0).OrderByDescending(f => f.LostGbps).ThenByDescending(f => f.Hit).Take(10))
        {
            table.AddRow(
                Markup.Escape($"{f.Kind} {f.Id}"),
                f.Hit.ToString(CultureInfo.InvariantCulture),
                f.Restored.ToString(CultureInfo.InvariantCulture),
                f.Lost.ToString(CultureInfo.InvariantCulture),
                f.LostGbps.ToString(CultureInfo.InvariantCulture),
                f.HasMaxExtraLatencyUs ? f.MaxExtraLatencyUs.ToString("N1", CultureInfo.InvariantCulture) : "");
        }

        context.Console.Write(table);
        var document = new ReportDocument("survivability", report.Markdown, report.Charts);
        Write(folder, document);
        context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{report.Network}: {report.Lightpaths} live lightpaths, {report.FailuresAnalysed} failures, {report.FailuresWithLoss} lose capacity, {report.LightpathsAtRisk} lightpaths at risk")));
        context.Console.MarkupLine($"wrote {Markup.Escape(Path.Combine(folder.FullName, document.Name + ".md"))} and {document.Charts.Count} charts");
        return ExitCodes.Success;
    }

    private static IReadOnlyList<LightpathDemand> ReadEntries(FileInfo? file, Domain.Network.OpticalNetwork network)
    {
        if (file is null)
        {
            return [.. DemandPlanner.DefaultDemands(network).Select(d => new LightpathDemand(d, LightpathFile.DefaultTenant, 0))];
        }

        if (!file.Exists)
        {
            throw new UsageException($"--lightpaths: file '{file.FullName}' not found");
        }

        if (!LightpathFile.TryParse(TopologyInput.ReadFile(file.FullName), out var entries, out var errors))
        {
            throw new UsageException($"--lightpaths: '{file.Name}' is not a valid lightpath file:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }

        var problems = WhatIf.Validate(network, new WhatIfRequest { AddedDemands = [.. entries.Select(e => e.Demand)] });
        if (problems.Length > 0)
        {
            throw new UsageException($"--lightpaths: '{file.Name}': " + string.Join(Environment.NewLine + "  ", problems.Select(x => x.Replace("added demand", "entry", StringComparison.Ordinal))));
        }

        return entries;
    }

    private static void Print(CliContext context, SurvivabilityResult result)
    {
        var table = new Table().AddColumns("failure", "hit", "restored", "lost", "Gb/s lost", "max extra µs");
        foreach (var f in SurvivabilityReport.Worst(result).Where(f => f.HitCount > 0).Take(10))
        {
            table.AddRow(
                Markup.Escape(f.Failure.ToString()),
                f.HitCount.ToString(CultureInfo.InvariantCulture),
                f.RestoredCount.ToString(CultureInfo.InvariantCulture),
                f.LostCount.ToString(CultureInfo.InvariantCulture),
                f.LostGbps.ToString(CultureInfo.InvariantCulture),
                f.MaxExtraLatencyUs is { } x ? x.ToString("N1", CultureInfo.InvariantCulture) : "");
        }

        context.Console.Write(table);
        var hits = result.Failures.Sum(f => f.HitCount);
        var restored = result.Failures.Sum(f => f.RestoredCount);
        context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{result.Failures.Length} failures: {hits} lightpath hits, {restored} restorable, {hits - restored} not; {result.FailuresWithLoss} failures lose capacity; {result.LightpathsAtRisk} lightpaths at risk")));
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
