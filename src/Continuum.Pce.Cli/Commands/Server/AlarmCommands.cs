using System.CommandLine;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Spectre.Console;
using V1 = Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>`pce alarms [filters] [--watch]`: alarms (active by default, every page), or raises, acknowledgements and clears live; `pce alarms ack ID`.</summary>
public static class AlarmCommands
{
    private static readonly string[] CsvHeader = ["id", "severity", "kind", "resource", "tenant", "state", "raisedAt", "acknowledgedAt", "acknowledgedBy", "clearedAt", "message"];

    public static Command Create(CliContext context)
    {
        var severity = new Option<string?>("--severity") { Description = "Only this severity (critical, major, minor, warning)" };
        var kind = new Option<string?>("--kind") { Description = "Only this kind (lightpath-failed, lightpath-degraded, lightpath-cleanup-failed, fiber-down, node-unreachable)" };
        var resource = new Option<string?>("--resource") { Description = "Only this resource (lightpath:<id>, fiber:<id>, node:<id>)" };
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's alarms (others: admin keys only)" };
        var state = new Option<string?>("--state") { Description = "active (default), cleared or all" };
        var limit = new Option<int?>("--limit") { Description = "At most this many alarms (default: all)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Print the active alarms, then follow raises, acknowledgements and clears until Ctrl+C" };
        var count = new Option<int?>("--count") { Description = "With --watch: stop after this many events" };
        var output = Output.Option();
        var command = new Command("alarms", "Alarms: failed, degraded or uncleaned lightpaths, fibres down, unreachable nodes")
        {
            severity, kind, resource, tenant, state, limit, watch, count, output,
        };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var format = Output.Format(parse, output);
            if (parse.GetValue(watch))
            {
                return await Watch(context, client, format, parse.GetValue(count), ct);
            }

            var max = parse.GetValue(limit);
            if (max is < 1)
            {
                throw new UsageException("--limit: must be at least 1");
            }

            var alarms = new List<AlarmJson>();
            var cursor = "";
            do
            {
                var page = await client.ListAlarmsAsync(new ListAlarmsRequest
                {
                    Severity = parse.GetValue(severity) ?? "",
                    Kind = parse.GetValue(kind) ?? "",
                    Resource = parse.GetValue(resource) ?? "",
                    Tenant = parse.GetValue(tenant) ?? "",
                    State = parse.GetValue(state) ?? "",
                    Cursor = cursor,
                    Limit = Math.Min(max ?? 500, 500),
                }, cancellationToken: ct);
                alarms.AddRange(page.Alarms.Select(AlarmJson.Of));
                cursor = page.NextCursor;
            }
            while (cursor.Length > 0 && (max is null || alarms.Count < max));

            if (max is { } m && alarms.Count > m)
            {
                alarms.RemoveRange(m, alarms.Count - m);
            }

            Write(context, format, alarms, parse.GetValue(state) ?? "active");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(Acknowledge(context));
        return command;
    }

    private static Command Acknowledge(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The alarm's id (see `pce alarms`)" };
        var output = Output.Option();
        var command = new Command("ack", "Acknowledge an alarm (operator; network-wide alarms: admin). It stays active until its condition clears") { id, output };
        command.Aliases.Add("acknowledge");
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var alarm = AlarmJson.Of(await client.AcknowledgeAlarmAsync(new AlarmRef { Id = parse.GetValue(id)! }, cancellationToken: ct));
            var format = Output.Format(parse, output);
            if (format == OutputFormat.Table)
            {
                context.Console.MarkupLine($"acknowledged {Markup.Escape(alarm.Id)} by {Markup.Escape(alarm.AcknowledgedBy ?? "?")} at {LightpathCommands.Time(alarm.AcknowledgedAt ?? default)} " +
                                           $"({Markup.Escape(alarm.State)})");
            }
            else
            {
                Write(context, format, [alarm], "all");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(CliContext context, OutputFormat format, List<AlarmJson> alarms, string state)
    {
        switch (format)
        {
            case OutputFormat.Json:
                Output.WriteJson(context, alarms);
                break;
            case OutputFormat.Csv:
                Output.WriteCsv(context, CsvHeader, alarms.Select(Row));
                break;
            default:
                if (alarms.Count == 0)
                {
                    context.Console.MarkupLine(state == "active" ? "[green]no active alarms[/]" : "no alarms");
                    break;
                }

                var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "severity", "kind", "resource", "raised (UTC)", "ack", "cleared (UTC)", "message");
                foreach (var a in alarms)
                {
                    table.AddRow(Markup.Escape(a.Id), Severity(a.Severity), Markup.Escape(a.Kind), Markup.Escape(a.Resource), LightpathCommands.Time(a.RaisedAt),
                        a.AcknowledgedBy is { } by ? Markup.Escape(by) : "–", a.ClearedAt is { } c ? LightpathCommands.Time(c) : "–", Markup.Escape(a.Message));
                }

                context.Console.Write(table);
                context.Console.MarkupLine($"{alarms.Count} {(state == "active" ? "active " : "")}alarm{(alarms.Count == 1 ? "" : "s")}");
                break;
        }
    }

    private static object?[] Row(AlarmJson a) =>
        [a.Id, a.Severity, a.Kind, a.Resource, a.Tenant, a.State, a.RaisedAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ClearedAt, a.Message];

    private static async Task<int> Watch(CliContext context, V1.Pce.PceClient client, OutputFormat format, int? max, CancellationToken ct)
    {
        using var call = client.WatchAlarms(new WatchAlarmsRequest(), cancellationToken: ct);
        await context.Error.WriteLineAsync("watching alarms (Ctrl+C to stop)");
        if (format == OutputFormat.Csv)
        {
            Output.WriteCsvRow(context, ["event", .. CsvHeader]);
        }

        var seen = 0;
        while (max is null || seen < max)
        {
            try
            {
                if (!await call.ResponseStream.MoveNext(ct))
                {
                    break;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                break;
            }

            seen++;
            var current = call.ResponseStream.Current;
            var change = new AlarmEventJson(current.Change.Length == 0 ? (current.Cleared ? "cleared" : "raised") : current.Change, current.Cleared, AlarmJson.Of(current.Alarm));
            var a = change.Alarm;
            switch (format)
            {
                case OutputFormat.Json:
                    Output.WriteJsonLine(context, change);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsvRow(context, [change.Change, .. Row(a)]);
                    context.Out.Flush();
                    break;
                default:
                    var label = change.Change switch
                    {
                        "cleared" => "[green]cleared[/]     ",
                        "acknowledged" => "[blue]acknowledged[/]",
                        "active" => "[red]active[/]      ",
                        _ => "[red]raised[/]      ",
                    };
                    context.Console.MarkupLine($"{LightpathCommands.Time(a.ClearedAt ?? a.AcknowledgedAt ?? a.RaisedAt)}  {label}  {Severity(a.Severity)}  " +
                                               $"{Markup.Escape(a.Kind)}  {Markup.Escape(a.Resource)}  {Markup.Escape(a.Id)}  {Markup.Escape(a.Message)}");
                    context.Out.Flush();
                    break;
            }
        }

        return ExitCodes.Success;
    }

    private static string Severity(string severity) => severity switch
    {
        "critical" => "[bold red]critical[/]",
        "major" => "[red]major[/]",
        "minor" => "[yellow]minor[/]",
        "warning" => "[yellow]warning[/]",
        _ => Markup.Escape(severity),
    };
}
