using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Application.Simulation;
using Continuum.Pce.Cli.Commands.Server;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands;

/// <summary>`pce simulate`: offline dynamic-traffic simulation on the routing core; `pce simulate presets` lists the published settings.</summary>
public static class SimulateCommands
{
    public static Command Create(CliContext context)
    {
        var options = new SimulationOptions();
        var command = new Command("simulate", "Dynamic traffic simulation: blocking with 95 % confidence intervals, by load and policy, optionally with defragmentation");
        options.AddTo(command);
        var output = OutputOption.AddTo(command, "table", "json");
        command.Subcommands.Add(Presets(context));
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var json = output.Format(p) == OutputFormat.Json;
            var plan = options.BuildPlan(p);
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
                context.Error.WriteLine($"--preset {preset.Name}: {mismatch}; pass that file (or --any-topology to run the setting here anyway)");
                return Task.FromResult(ExitCodes.Refused);
            }

            var rows = new List<(SimulationResult Result, double Seconds)>();
            foreach (var load in plan.Loads)
            {
                foreach (var policy in plan.ResolvePolicies())
                {
                    var clock = Stopwatch.StartNew();
                    var result = DynamicSimulator.Run(network, equipment!, policy, plan.Settings with { LoadErlang = load }, plan.Seeds);
                    rows.Add((result, clock.Elapsed.TotalSeconds));
                }
            }

            var grid = plan.Settings.GridFor(network.Grid);
            if (json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
                {
                    policy = r.Result.Policy.Name,
                    preset = plan.Preset?.Name,
                    loadErlang = r.Result.Settings.LoadErlang,
                    slots = grid.SlotCount,
                    slotWidthGhz = grid.SlotWidthMhz / 1000.0,
                    defrag = r.Result.Settings.Defrag.Label,
                    seeds = plan.Seeds.Length,
                    measuredRequestsPerSeed = r.Result.Settings.MeasuredRequests,
                    serviceBlocking = r.Result.MeanServiceBlocking,
                    serviceBlockingCi95 = r.Result.ServiceBlockingCi95,
                    bitRateBlocking = r.Result.MeanBitRateBlocking,
                    bitRateBlockingCi95 = r.Result.BitRateBlockingCi95,
                    movesPerThousandRequests = r.Result.MeanMovesPerThousand,
                    blockedByReason = r.Result.BlockedByReason.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                    meanUtilisation = r.Result.Seeds.Average(s => s.MeanUtilisation),
                    requestsPerSecond = r.Result.TotalRequests / r.Seconds,
                }), new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                return Task.FromResult(ExitCodes.Success);
            }

            var s = plan.Settings;
            var table = new Table().Border(TableBorder.Rounded).AddColumns("load (E)", "policy", "defrag", "service blocking", "bit-rate blocking", "moves / 1,000", "utilisation", "requests/s");
            foreach (var (r, seconds) in rows)
            {
                table.AddRow(
                    r.Settings.LoadErlang.ToString("0.##", CultureInfo.InvariantCulture),
                    r.Policy.Name,
                    r.Settings.Defrag.Label,
                    $"{r.MeanServiceBlocking * 100:0.00} % ± {r.ServiceBlockingCi95 * 100:0.00}",
                    $"{r.MeanBitRateBlocking * 100:0.00} % ± {r.BitRateBlockingCi95 * 100:0.00}",
                    r.MeanMovesPerThousand.ToString("0.0", CultureInfo.InvariantCulture),
                    $"{r.Seeds.Average(x => x.MeanUtilisation) * 100:0.0} %",
                    (r.TotalRequests / seconds).ToString("N0", CultureInfo.InvariantCulture));
            }

            var holding = s.Holding switch
            {
                HoldingDistribution.TruncatedExponential => $"exponential holding truncated below {s.HoldingCapMultiple} × mean",
                HoldingDistribution.Exponential => "exponential holding",
                _ => "deterministic holding",
            };
            var rates = s.BitRatesGbps.IsDefaultOrEmpty ? $"{s.MinBitRateGbps}–{s.MaxBitRateGbps} Gb/s" : string.Join("/", s.BitRatesGbps) + " Gb/s";
            context.Console.MarkupLine(Markup.Escape(
                $"{network.Name}{(plan.Preset is { } pr ? $" ({pr.Name})" : "")}: {grid.SlotCount} × {grid.SlotWidthMhz / 1000.0:0.###} GHz, {rates}, guard {s.GuardSlots}, "
                + $"{(s.Fibres == FibreModel.SharedByBothDirections ? "one fibre shared by both directions" : "one fibre per direction")}, λ = {s.ArrivalRate}, {holding}, "
                + $"{(s.Traffic.IsDefaultOrEmpty ? "uniform traffic" : $"{s.Traffic.Length} demands")}, {plan.Seeds.Length} seeds × {s.MeasuredRequests} measured after {s.WarmupRequests} warm-up; ± is the 95 % confidence half-width"));
            context.Console.Write(table);
            if (plan.Preset?.Published is { } published)
            {
                var match = rows.FirstOrDefault(r => r.Result.Policy.Name == published.Policy && Math.Abs(r.Result.Settings.LoadErlang - published.LoadErlang) < 1e-9 && !r.Result.Settings.Defrag.Enabled);
                if (match.Result is { } ours)
                {
                    var within = Math.Abs(ours.MeanServiceBlocking - published.ServiceBlocking) <= ours.ServiceBlockingCi95 + (published.Ci95 ?? 0);
                    // Groups of ten seeds differ from each other by more than one group's interval (docs/performance.md).
                    var hint = !within && plan.Seeds.Length < 40 ? $" ({plan.Seeds.Length} seeds: the interval understates the spread between seed groups; judge with --seeds 40 or more)" : "";
                    context.Console.MarkupLine(Markup.Escape($"published {published.Policy} at {published.LoadErlang} E: {published.ServiceBlocking * 100:0.00} % ({published.Source}); ours {ours.MeanServiceBlocking * 100:0.00} % ± {ours.ServiceBlockingCi95 * 100:0.00}: {(within ? "within" : "outside")} the 95 % interval{hint}"));
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Presets(CliContext context)
    {
        var command = new Command("presets", "The published settings `--preset` knows, with their sources");
        var output = OutputOption.AddTo(command, "table", "json");
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            if (output.Format(p) == OutputFormat.Json)
            {
                Output.WriteJson(context, SimulationPreset.All.Select(preset => new
                {
                    name = preset.Name,
                    description = preset.Description,
                    topology = preset.Topology.ReferenceFile,
                    loadsErlang = preset.Loads,
                    published = preset.Published is { } f ? new { policy = f.Policy, loadErlang = f.LoadErlang, serviceBlocking = f.ServiceBlocking, ci95 = f.Ci95, source = f.Source } : null,
                }));
                return Task.FromResult(ExitCodes.Success);
            }

            foreach (var preset in SimulationPreset.All)
            {
                context.Console.MarkupLine($"[bold]{Markup.Escape(preset.Name)}[/] (topology {Markup.Escape(preset.Topology.ReferenceFile)}; loads {string.Join(", ", preset.Loads)} E)");
                context.Console.MarkupLine("  " + Markup.Escape(preset.Description));
                if (preset.Published is { } f)
                {
                    context.Console.MarkupLine(Markup.Escape($"  published {f.Policy} at {f.LoadErlang} E: {f.ServiceBlocking * 100:0.00} % ({f.Source})"));
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
