using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Continuum.Pce.Application.Simulation;
using Continuum.Pce.Topology.IO;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands;

/// <summary>`pce simulate`: offline dynamic-traffic simulation on the routing core.</summary>
public static class SimulateCommands
{
    public static Command Create(CliContext context)
    {
        var topology = new Option<FileInfo>("--topology") { Description = "Network file", Required = true };
        var preset = new Option<string>("--preset") { Description = "Setting preset: deeprmsa (100 × 12.5 GHz, DeepRMSA modulation table, truncated holding)", DefaultValueFactory = _ => "deeprmsa" };
        preset.AcceptOnlyFromAmong("deeprmsa");
        var load = new Option<double>("--load") { Description = "Offered load in Erlang (nominal: λ × mean holding)", DefaultValueFactory = _ => 250 };
        var policy = new Option<string[]>("--policy") { Description = $"Policy or policies: {string.Join(", ", SimulationPolicy.All.Select(p => p.Name))}, or all", DefaultValueFactory = _ => ["ksp-ff"], AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<int>("--seeds") { Description = "Number of seeds (1..N)", DefaultValueFactory = _ => 10 };
        var measured = new Option<int>("--requests") { Description = "Measured requests per seed", DefaultValueFactory = _ => 10_000 };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up requests per seed", DefaultValueFactory = _ => 3_000 };
        var json = new Option<bool>("--json") { Description = "Print results as JSON" };
        var command = new Command("simulate", "Dynamic traffic simulation: blocking with 95 % confidence intervals, by policy") { topology, preset, load, policy, seeds, measured, warmup, json };
        command.SetAction((ParseResult p, CancellationToken _) =>
        {
            var names = p.GetValue(policy)!;
            var policies = names.Length == 1 && names[0] == "all"
                ? [.. SimulationPolicy.All]
                : names.Select(n => SimulationPolicy.TryGet(n, out var found) ? found : throw new UsageException($"--policy: unknown policy '{n}' (known: {string.Join(", ", SimulationPolicy.All.Select(x => x.Name))}, all)")).ToList();
            if (p.GetValue(seeds) < 1 || p.GetValue(measured) < 1 || p.GetValue(warmup) < 0 || p.GetValue(load) <= 0)
            {
                throw new UsageException("--seeds and --requests must be positive, --warmup non-negative, --load positive");
            }

            var bundle = NetworkFile.Load(p.GetValue(topology)!.FullName);
            if (!bundle.IsSuccess)
            {
                foreach (var e in bundle.Errors)
                {
                    context.Error.WriteLine(e);
                }

                return Task.FromResult(ExitCodes.Refused);
            }

            var settings = SimulationSettings.DeepRmsa(p.GetValue(load)) with { MeasuredRequests = p.GetValue(measured), WarmupRequests = p.GetValue(warmup) };
            var seedList = Enumerable.Range(1, p.GetValue(seeds)).ToArray();
            var rows = new List<(SimulationResult Result, double Seconds)>();
            foreach (var pol in policies)
            {
                var clock = Stopwatch.StartNew();
                var result = DynamicSimulator.Run(bundle.Value!.Loaded.Network, bundle.Value.Equipment, pol, settings, seedList);
                rows.Add((result, clock.Elapsed.TotalSeconds));
            }

            if (p.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
                {
                    policy = r.Result.Policy.Name,
                    loadErlang = settings.LoadErlang,
                    seeds = seedList.Length,
                    measuredRequestsPerSeed = settings.MeasuredRequests,
                    serviceBlocking = r.Result.MeanServiceBlocking,
                    serviceBlockingCi95 = r.Result.ServiceBlockingCi95,
                    bitRateBlocking = r.Result.MeanBitRateBlocking,
                    bitRateBlockingCi95 = r.Result.BitRateBlockingCi95,
                    blockedByReason = r.Result.BlockedByReason.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                    meanUtilisation = r.Result.Seeds.Average(s => s.MeanUtilisation),
                    requestsPerSecond = r.Result.TotalRequests / r.Seconds,
                }), new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("policy", "service blocking", "bit-rate blocking", "utilisation", "requests/s");
            foreach (var (r, seconds) in rows)
            {
                table.AddRow(
                    r.Policy.Name,
                    $"{r.MeanServiceBlocking * 100:0.00} % ± {r.ServiceBlockingCi95 * 100:0.00}",
                    $"{r.MeanBitRateBlocking * 100:0.00} % ± {r.BitRateBlockingCi95 * 100:0.00}",
                    $"{r.Seeds.Average(s => s.MeanUtilisation) * 100:0.0} %",
                    (r.TotalRequests / seconds).ToString("N0", CultureInfo.InvariantCulture));
            }

            context.Console.MarkupLine($"[bold]{Markup.Escape(bundle.Value!.Loaded.Network.Name)}[/]: {settings.LoadErlang} Erlang nominal (λ = {settings.ArrivalRate}, mean holding {settings.MeanHolding}, truncated below {settings.HoldingCapMultiple} × mean), {seedList.Length} seeds × {settings.MeasuredRequests} measured after {settings.WarmupRequests} warm-up; ± is the 95 % confidence half-width");
            context.Console.Write(table);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
