using System.CommandLine;
using Continuum.Pce.Contracts.V1;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>`pce sites`, `pce nodes [--kind roadm]`, `pce fibers`: the server's inventory.</summary>
public static class InventoryCommands
{
    public static IEnumerable<Command> Create(CliContext context) => [Sites(context), Nodes(context), Fibers(context)];

    private static Command Sites(CliContext context)
    {
        var output = Output.Option();
        var command = new Command("sites", "List the sites of the loaded topology (tier, jurisdiction, coordinates, nodes)") { output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var sites = (await client.ListSitesAsync(new ListSitesRequest(), cancellationToken: ct)).Sites.Select(SiteJson.Of).ToList();
            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, sites);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["id", "name", "tier", "jurisdiction", "latitude", "longitude", "nodes"],
                        sites.Select(s => new object?[] { s.Id, s.Name, s.Tier, s.Jurisdiction, s.Latitude, s.Longitude, s.Nodes }));
                    break;
                default:
                    var table = new Table().Border(TableBorder.Rounded).AddColumns("site", "name", "tier", "jurisdiction", "lat", "lon", "nodes");
                    table.Columns[4].RightAligned();
                    table.Columns[5].RightAligned();
                    foreach (var s in sites)
                    {
                        table.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Name), Markup.Escape(s.Tier), Markup.Escape(s.Jurisdiction),
                            Units.Number(s.Latitude, "0.000"), Units.Number(s.Longitude, "0.000"), Markup.Escape(string.Join(", ", s.Nodes)));
                    }

                    context.Console.Write(table);
                    context.Console.MarkupLine($"{sites.Count} sites");
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Nodes(CliContext context)
    {
        var output = Output.Option();
        var kind = new Option<string?>("--kind") { Description = "Only nodes of this kind: roadm, transponder or amplifier" };
        kind.AcceptOnlyFromAmong("roadm", "transponder", "amplifier");
        var command = new Command("nodes", "List the nodes (ROADMs, transponders, amplifiers) with their site and device health; `drift` and `reconcile` compare devices with the controller's intent") { kind, output };
        DriftCommands.AddTo(command, context);
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var reply = await client.ListNodesAsync(new ListNodesRequest { Kind = parse.GetValue(kind) ?? "" }, cancellationToken: ct);
            var nodes = reply.Nodes.Select(NodeJson.Of).ToList();
            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, nodes);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["id", "name", "kind", "site", "jurisdiction", "health", "deviceAddress"],
                        nodes.Select(n => new object?[] { n.Id, n.Name, n.Kind, n.Site, n.Jurisdiction, n.Health, n.DeviceAddress }));
                    break;
                default:
                    var table = new Table().Border(TableBorder.Rounded).AddColumns("node", "kind", "site", "jurisdiction", "health", "device");
                    foreach (var n in nodes)
                    {
                        table.AddRow(Markup.Escape(n.Id), Markup.Escape(n.Kind), Markup.Escape(n.Site), Markup.Escape(n.Jurisdiction),
                            Health(n.Health), Markup.Escape(n.DeviceAddress ?? ""));
                    }

                    context.Console.Write(table);
                    context.Console.MarkupLine($"{nodes.Count} nodes");
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Fibers(CliContext context)
    {
        var output = Output.Option();
        var command = new Command("fibers", "List the fibres (directed OMS links): length, latency, state and spectrum utilisation") { output };
        command.Aliases.Add("fibres");
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var fibers = (await client.ListFibersAsync(new ListFibersRequest(), cancellationToken: ct)).Fibers.Select(FiberJson.Of).ToList();
            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, fibers);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["id", "from", "to", "lengthKm", "latencyUs", "up", "slotCount", "occupiedSlots", "utilisation", "srlgs", "jurisdictions"],
                        fibers.Select(f => new object?[]
                        {
                            f.Id, f.From, f.To, f.LengthKm, f.LatencyUs, f.Up, f.SlotCount, f.OccupiedSlots, f.Utilisation, f.Srlgs, f.Jurisdictions,
                        }));
                    break;
                default:
                    var table = new Table().Border(TableBorder.Rounded).AddColumns("fibre", "from", "to", "km", "latency", "state", "used", "jurisdictions");
                    table.Columns[3].RightAligned();
                    table.Columns[4].RightAligned();
                    table.Columns[6].RightAligned();
                    foreach (var f in fibers)
                    {
                        table.AddRow(Markup.Escape(f.Id), Markup.Escape(f.From), Markup.Escape(f.To), Units.Number(f.LengthKm, "0.0"), Units.Latency(f.LatencyUs),
                            f.Up ? "[green]up[/]" : "[red]down[/]", $"{f.OccupiedSlots}/{f.SlotCount} ({Units.Number(Percent(f.OccupiedSlots, f.SlotCount), "0.0")} %)",
                            Markup.Escape(string.Join(", ", f.Jurisdictions)));
                    }

                    context.Console.Write(table);
                    context.Console.MarkupLine($"{fibers.Count} fibres, {fibers.Count(f => !f.Up)} down");
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static double Percent(int part, int whole) => whole == 0 ? 0 : 100.0 * part / whole;

    private static string Health(string? health) => health switch
    {
        null => "",
        "reachable" or "up" or "ok" => $"[green]{Markup.Escape(health)}[/]",
        "unreachable" or "down" => $"[red]{Markup.Escape(health)}[/]",
        _ => Markup.Escape(health),
    };
}
