using System.CommandLine;
using Continuum.Pce.Contracts.V1;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>`pce path compute`: candidate paths with their physics and spectrum, without reserving anything.</summary>
public static class PathCommands
{
    public static Command Create(CliContext context)
    {
        var path = new Command("path", "Compute paths on the server, or offline on a network file with --topology (nothing is reserved)");
        path.Subcommands.Add(Compute(context));
        return path;
    }

    private static Command Compute(CliContext context)
    {
        var from = new Argument<string>("from") { Description = "Source site, ROADM or transponder (FRA, FRA-ROADM)" };
        var to = new Argument<string>("to") { Description = "Destination site, ROADM or transponder" };
        var rate = UnitOptions.Rate();
        var k = new Option<int?>("--k") { Description = "How many candidates to return (default 5)" };
        var protect = new Option<bool>("--protect") { Description = "Also compute a disjoint working/protection pair (1+1)" };
        var topology = new Option<FileInfo?>("--topology")
        {
            Description = "Compute offline on this network file (the server's engine in this process, every fibre empty); no server is contacted",
        };
        var equipment = new Option<FileInfo?>("--equipment") { Description = "With --topology: equipment library to use instead of the one the network names" };
        var output = Output.Option();
        var command = new Command(
            "compute",
            "Compute up to k candidate paths: latency, km, hops, mode, GSNR, margin, slots and power; exit 1 when blocked. " +
            "On the server by default; with --topology FILE offline, on an empty network")
        {
            from, to, rate, k, protect, topology, equipment,
        };
        var constraints = ConstraintOptions.AddTo(command);
        command.Options.Add(output);
        var connection = PceConnection.AddTo(command);
        PathRequest Request(ParseResult parse) => new()
        {
            Source = parse.GetValue(from)!,
            Destination = parse.GetValue(to)!,
            RateGbps = parse.GetValue(rate),
            MaxCandidates = parse.GetValue(k) ?? 0,
            Protect = parse.GetValue(protect),
            Constraints = constraints.Read(parse),
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (parse.GetValue(topology) is not { } file)
            {
                if (parse.GetValue(equipment) is not null)
                {
                    throw new UsageException("--equipment is for an offline computation: pass --topology FILE too");
                }

                return await connection.RunAsync(parse, context, async (p, client, token) =>
                {
                    var request = Request(p);
                    return await Answer(p, request, await client.ComputePathsAsync(request, cancellationToken: token));
                }, ct);
            }

            if (parse.GetResult(connection.Server) is { Implicit: false } || parse.GetResult(connection.ApiKey) is { Implicit: false })
            {
                throw new UsageException("--topology computes offline: --server and --api-key are for the server form");
            }

            var bundle = Topology.IO.NetworkFile.Load(file.FullName, parse.GetValue(equipment)?.FullName);
            if (!bundle.IsSuccess)
            {
                var errors = bundle.Errors.ToList();
                await context.Error.WriteLineAsync($"error: cannot load {file.Name}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}");
                foreach (var e in errors)
                {
                    await context.Error.WriteLineAsync($"  {e.Location}: {e.Message}");
                }

                return ExitCodes.Refused;
            }

            var offline = Request(parse);
            return await Answer(parse, offline, OfflinePathComputation.Compute(bundle.Value!, offline));
        });
        return command;

        async Task<int> Answer(ParseResult parse, PathRequest request, PathComputation reply)
        {
            var result = PathComputationJson.Of(request, reply);
            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, result);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["set", "rank", "latencyUs", "lengthKm", "hops", "mode", "lineRateGbps", "gsnrDb", "marginDb", "slotStart", "slotCount", "powerW", "nodes", "fibers"],
                        result.Candidates.Select(c => Row("candidate", c)).Concat((result.ProtectionPair ?? []).Select(c => Row(c.Rank == 1 ? "working" : "protection", c))));
                    break;
                default:
                    Print(context, result);
                    break;
            }

            if (!result.Found && Output.Format(parse, output) != OutputFormat.Table)
            {
                await context.Error.WriteLineAsync($"blocked ({result.BlockReason}): {result.BlockDetail}");
            }

            return result.Found ? ExitCodes.Success : ExitCodes.Refused;
        }
    }

    private static object?[] Row(string set, CandidateJson c) =>
        [set, c.Rank, c.LatencyUs, c.LengthKm, c.Hops, c.Mode, c.LineRateGbps, c.GsnrDb, c.MarginDb, c.SlotStart, c.SlotCount, c.PowerW, c.Nodes, c.Fibers];

    /// <summary>The human answer: a header line, one row per candidate, the route under the table.</summary>
    public static void Print(CliContext context, PathComputationJson result)
    {
        var console = context.Console;
        var title = $"[bold]{Markup.Escape(result.Source)} → {Markup.Escape(result.Destination)}[/] at {Units.Rate(result.RateGbps)}";
        if (!result.Found)
        {
            console.MarkupLine($"{title}: [red]blocked[/] ({Markup.Escape(result.BlockReason ?? "")})");
            console.MarkupLine(Markup.Escape(result.BlockDetail ?? ""));
            return;
        }

        console.MarkupLine($"{title}: {result.Candidates.Count} candidate{(result.Candidates.Count == 1 ? "" : "s")}");
        console.Write(Table(result.Candidates));
        foreach (var c in result.Candidates)
        {
            console.MarkupLine($"  {c.Rank}  {Markup.Escape(Route(c))}");
        }

        if (result.ProtectionPair is { Count: > 0 } pair)
        {
            console.MarkupLine("[bold]1+1 protection pair[/] (disjoint where the network allows): 1 = working, 2 = protection");
            console.Write(Table(pair));
            foreach (var c in pair)
            {
                console.MarkupLine($"  {(c.Rank == 1 ? "W" : "P")}  {Markup.Escape(Route(c))}");
            }
        }
    }

    private static Table Table(IEnumerable<CandidateJson> candidates)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("#", "latency", "km", "hops", "mode", "GSNR dB", "margin dB", "slots", "W");
        foreach (var i in new[] { 0, 1, 2, 3, 5, 6, 8 })
        {
            table.Columns[i].RightAligned();
        }

        foreach (var c in candidates)
        {
            table.AddRow(
                c.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Units.Latency(c.LatencyUs),
                Units.Number(c.LengthKm, "0.0"),
                c.Hops.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(c.Mode),
                c.GsnrDb is { } g ? Units.Number(g, "0.00") : "–",
                Margin(c.MarginDb),
                c.SlotCount == 0 ? "–" : $"{c.SlotStart}–{c.SlotStart + c.SlotCount - 1} ({c.SlotCount})",
                Units.Number(c.PowerW, "0"));
        }

        return table;
    }

    private static string Margin(double? margin) => margin switch
    {
        null => "–",
        < 0 => $"[red]{Units.Number(margin.Value, "0.00")}[/]",
        < 1 => $"[yellow]{Units.Number(margin.Value, "0.00")}[/]",
        _ => $"[green]{Units.Number(margin.Value, "0.00")}[/]",
    };

    /// <summary>The route as fibres when there are any (shorter), else as nodes.</summary>
    private static string Route(CandidateJson c) => c.Fibers.Count > 0 ? string.Join(" → ", c.Fibers) : string.Join(" → ", c.Nodes);
}
