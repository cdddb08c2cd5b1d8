using System.CommandLine;
using Continuum.Pce.Contracts.V1;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>`pce bundle create`: several lightpaths between the same endpoints with a bound on their latency skew.</summary>
public static class BundleCommands
{
    public static Command Create(CliContext context)
    {
        var bundle = new Command("bundle", "Groups of lightpaths with bounded latency skew (parallel links for AI training)");
        bundle.Subcommands.Add(CreateCommand(context));
        return bundle;
    }

    private static Command CreateCommand(CliContext context)
    {
        var from = new Argument<string>("from") { Description = "Source site, ROADM or transponder" };
        var to = new Argument<string>("to") { Description = "Destination site, ROADM or transponder" };
        var count = new Option<int>("--count") { Description = "How many lightpaths", Required = true };
        var rate = UnitOptions.Rate();
        var skew = UnitOptions.Duration("--max-skew", "Largest latency difference allowed between members");
        var tenant = new Option<string?>("--tenant") { Description = "Tenant (admin keys only)" };
        var prefix = new Option<string?>("--id-prefix") { Description = "Prefix of the member lightpath ids" };
        var output = Output.Option();
        var command = new Command("create", "Create a bundle of lightpaths all or none; exit 1 when it cannot be placed within the skew") { from, to, count, rate, skew, tenant, prefix };
        var constraints = ConstraintOptions.AddTo(command);
        command.Options.Add(output);
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var reply = await client.CreateBundleAsync(new CreateBundleRequest
            {
                Source = parse.GetValue(from)!,
                Destination = parse.GetValue(to)!,
                Count = parse.GetValue(count),
                RateGbps = parse.GetValue(rate),
                MaxSkewUs = parse.GetValue(skew) ?? 0,
                Tenant = parse.GetValue(tenant) ?? "",
                IdPrefix = parse.GetValue(prefix) ?? "",
                Constraints = constraints.Read(parse),
            }, cancellationToken: ct);
            var result = BundleJson.Of(reply);
            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, result);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["bundle", "skewUs", "id", "state", "latencyUs", "slotStart", "slotCount", "marginDb", "fibers"],
                        result.Lightpaths.Select(l => new object?[] { result.Id, result.SkewUs, l.Id, l.State, l.LatencyUs, l.SlotStart, l.SlotCount, l.MarginDb, l.Fibers }));
                    break;
                default:
                    context.Console.MarkupLine($"[bold]bundle {Markup.Escape(result.Id)}[/]: {result.Lightpaths.Count} lightpaths, latency skew {Units.Latency(result.SkewUs)}");
                    var table = new Table().Border(TableBorder.Rounded).AddColumns("lightpath", "state", "latency", "slots", "margin dB", "fibres");
                    table.Columns[2].RightAligned();
                    foreach (var l in result.Lightpaths)
                    {
                        table.AddRow(Markup.Escape(l.Id), LightpathCommands.State(l.State), l.LatencyUs is { } lat ? Units.Latency(lat) : "–",
                            LightpathCommands.Slots(l), l.MarginDb is { } m ? Units.Number(m, "0.00") : "–", Markup.Escape(string.Join(" → ", l.Fibers)));
                    }

                    context.Console.Write(table);
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
