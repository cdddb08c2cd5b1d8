using System.CommandLine;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Spectre.Console;
using V1 = Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>`pce alarms [--watch]`: active alarms, or alarms raised and cleared live.</summary>
public static class AlarmCommands
{
    public static Command Create(CliContext context)
    {
        var watch = new Option<bool>("--watch", "-w") { Description = "Print the active alarms, then follow raises and clears until Ctrl+C" };
        var count = new Option<int?>("--count") { Description = "With --watch: stop after this many events" };
        var output = Output.Option();
        var command = new Command("alarms", "Active alarms: failed or degraded lightpaths, fibres down, unreachable nodes") { watch, count, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var format = Output.Format(parse, output);
            if (parse.GetValue(watch))
            {
                return await Watch(context, client, format, parse.GetValue(count), ct);
            }

            var alarms = (await client.ListAlarmsAsync(new ListAlarmsRequest(), cancellationToken: ct)).Alarms.Select(AlarmJson.Of).ToList();
            switch (format)
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, alarms);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["id", "severity", "kind", "resource", "message", "raisedAt"],
                        alarms.Select(a => new object?[] { a.Id, a.Severity, a.Kind, a.Resource, a.Message, a.RaisedAt }));
                    break;
                default:
                    if (alarms.Count == 0)
                    {
                        context.Console.MarkupLine("[green]no active alarms[/]");
                        break;
                    }

                    var table = new Table().Border(TableBorder.Rounded).AddColumns("severity", "kind", "resource", "raised (UTC)", "message");
                    foreach (var a in alarms)
                    {
                        table.AddRow(Severity(a.Severity), Markup.Escape(a.Kind), Markup.Escape(a.Resource), LightpathCommands.Time(a.RaisedAt), Markup.Escape(a.Message));
                    }

                    context.Console.Write(table);
                    context.Console.MarkupLine($"{alarms.Count} active alarm{(alarms.Count == 1 ? "" : "s")}");
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> Watch(CliContext context, V1.Pce.PceClient client, OutputFormat format, int? max, CancellationToken ct)
    {
        using var call = client.WatchAlarms(new WatchAlarmsRequest(), cancellationToken: ct);
        await context.Error.WriteLineAsync("watching alarms (Ctrl+C to stop)");
        if (format == OutputFormat.Csv)
        {
            Output.WriteCsvRow(context, ["event", "id", "severity", "kind", "resource", "message", "raisedAt"]);
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
            var change = new AlarmEventJson(call.ResponseStream.Current.Cleared, AlarmJson.Of(call.ResponseStream.Current.Alarm));
            var a = change.Alarm;
            switch (format)
            {
                case OutputFormat.Json:
                    Output.WriteJsonLine(context, change);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsvRow(context, new object?[] { change.Cleared ? "cleared" : "raised", a.Id, a.Severity, a.Kind, a.Resource, a.Message, a.RaisedAt });
                    context.Out.Flush();
                    break;
                default:
                    context.Console.MarkupLine($"{LightpathCommands.Time(a.RaisedAt)}  {(change.Cleared ? "[green]cleared[/]" : "[red]raised[/] ")}  {Severity(a.Severity)}  " +
                                               $"{Markup.Escape(a.Kind)}  {Markup.Escape(a.Resource)}  {Markup.Escape(a.Message)}");
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
        _ => Markup.Escape(severity),
    };
}
