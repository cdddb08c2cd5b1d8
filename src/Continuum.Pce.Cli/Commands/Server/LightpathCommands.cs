using System.CommandLine;
using System.Globalization;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Spectre.Console;
using V1 = Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>`pce lightpath create | list | show | delete | reroute | history | watch`.</summary>
public static class LightpathCommands
{
    private static readonly string[] CsvHeader =
    [
        "id", "tenant", "state", "source", "destination", "rateGbps", "mode", "lineRateGbps", "slotStart", "slotCount", "frequencyThz",
        "latencyUs", "lengthKm", "gsnrDb", "marginDb", "powerW", "blockReason", "failureReason", "nodes", "fibers",
    ];

    public static Command Create(CliContext context)
    {
        var lightpath = new Command("lightpath", "Create, inspect, reroute, delete and watch lightpaths (wavelength services)");
        lightpath.Aliases.Add("lp");
        lightpath.Subcommands.Add(CreateCommand(context));
        lightpath.Subcommands.Add(List(context));
        lightpath.Subcommands.Add(Show(context));
        lightpath.Subcommands.Add(Delete(context));
        lightpath.Subcommands.Add(Reroute(context));
        lightpath.Subcommands.Add(History(context));
        lightpath.Subcommands.Add(Switch(context));
        lightpath.Subcommands.Add(ById(context, "protection", "1+1: the lightpath with its protection switches read from the devices now", force: null,
            (client, request, ct) => client.ReadProtectionAsync(request, cancellationToken: ct).ResponseAsync));
        lightpath.Subcommands.Add(Watch(context));
        return lightpath;
    }

    private static Command CreateCommand(CliContext context)
    {
        var from = new Argument<string>("from") { Description = "Source site, ROADM or transponder" };
        var to = new Argument<string>("to") { Description = "Destination site, ROADM or transponder" };
        var rate = UnitOptions.Rate();
        var id = new Option<string?>("--id") { Description = "Lightpath id (generated when omitted)" };
        var tenant = new Option<string?>("--tenant") { Description = "Tenant (admin keys only; others create in their own)" };
        var idempotency = new Option<string?>("--idempotency-key") { Description = "Retry-safe key: the same key names the same lightpath" };
        var restoration = new Option<string?>("--restoration")
        {
            Description = "What happens when the path fails: none (default), restore (re-route around the failure) or restore-revertive (and return home after wait-to-restore)",
        };
        restoration.AcceptOnlyFromAmong("none", "restore", "restore-revertive");
        var priority = new Option<int?>("--priority") { Description = "Restoration priority, 0 (restored first) to 7 (default 4)" };
        var protection = new Option<string?>("--protection")
        {
            Description = "none (default) or 1+1: a working and a protection leg on disjoint paths (--diversity), both lit, behind protection switches",
        };
        protection.AcceptOnlyFromAmong("none", "1+1");
        var output = Output.Option();
        var command = new Command("create", "Compute, reserve and provision a lightpath; exit 1 when blocked") { from, to, rate, id, tenant, idempotency, restoration, priority, protection };
        var constraints = ConstraintOptions.AddTo(command);
        command.Options.Add(output);
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var request = new CreateLightpathRequest
            {
                Source = parse.GetValue(from)!,
                Destination = parse.GetValue(to)!,
                RateGbps = parse.GetValue(rate),
                Constraints = constraints.Read(parse),
                Id = parse.GetValue(id) ?? "",
                Tenant = parse.GetValue(tenant) ?? "",
                IdempotencyKey = parse.GetValue(idempotency) ?? "",
                Protection = parse.GetValue(protection) ?? "",
            };
            if (parse.GetValue(restoration) is not null || parse.GetValue(priority) is not null)
            {
                request.Restoration = new Restoration { Policy = parse.GetValue(restoration) ?? "" };
                if (parse.GetValue(priority) is { } p)
                {
                    request.Restoration.Priority = p;
                }
            }

            var lightpath = await client.CreateLightpathAsync(request, cancellationToken: ct);
            WriteOne(context, Output.Format(parse, output), LightpathJson.Of(lightpath));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var state = new Option<string?>("--state") { Description = "Only lightpaths in this state (Active, Failed, ...)" };
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's lightpaths (admin keys only)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many lightpaths (default: all)" };
        var output = Output.Option();
        var command = new Command("list", "List lightpaths (every page), optionally by state and tenant") { state, tenant, limit, output };
        command.Aliases.Add("ls");
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var max = parse.GetValue(limit);
            if (max is < 1)
            {
                throw new UsageException("--limit: must be at least 1");
            }

            var all = new List<LightpathJson>();
            var cursor = "";
            do
            {
                var page = await client.ListLightpathsAsync(new ListLightpathsRequest
                {
                    State = parse.GetValue(state) ?? "",
                    Tenant = parse.GetValue(tenant) ?? "",
                    Cursor = cursor,
                    Limit = Math.Min(max ?? 500, 500),
                }, cancellationToken: ct);
                all.AddRange(page.Lightpaths.Select(LightpathJson.Of));
                cursor = page.NextCursor;
            }
            while (cursor.Length > 0 && (max is null || all.Count < max));

            if (max is { } m && all.Count > m)
            {
                all.RemoveRange(m, all.Count - m);
            }

            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, all);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, CsvHeader, all.Select(Row));
                    break;
                default:
                    var table = new Table().Border(TableBorder.Rounded).AddColumns("lightpath", "tenant", "state", "from", "to", "rate", "latency", "slots", "margin dB");
                    table.Columns[6].RightAligned();
                    table.Columns[8].RightAligned();
                    foreach (var l in all)
                    {
                        table.AddRow(Markup.Escape(l.Id), Markup.Escape(l.Tenant), State(l.State), Markup.Escape(l.Source), Markup.Escape(l.Destination),
                            Units.Rate(l.RateGbps), l.LatencyUs is { } lat ? Units.Latency(lat) : "–", Slots(l), l.MarginDb is { } mg ? Units.Number(mg, "0.00") : "–");
                    }

                    context.Console.Write(table);
                    context.Console.MarkupLine($"{all.Count} lightpath{(all.Count == 1 ? "" : "s")}");
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliContext context) =>
        ById(context, "show", "Show one lightpath: state, path, spectrum, physics", force: null, (client, request, ct) => client.GetLightpathAsync(request, cancellationToken: ct).ResponseAsync);

    private static Command Delete(CliContext context) =>
        ById(context, "delete", "Delete a lightpath: clear the devices, then release its spectrum and interfaces (when a device refuses, it stays Deleting and the server retries)",
            force: new Option<bool>("--force") { Description = "Release spectrum and interfaces even if the devices cannot be cleared (the history says so)" },
            (client, request, ct) => client.DeleteLightpathAsync(request, cancellationToken: ct).ResponseAsync);

    private static Command ById(CliContext context, string name, string description, Option<bool>? force, Func<V1.Pce.PceClient, LightpathRef, CancellationToken, Task<Lightpath>> call)
    {
        var id = new Argument<string>("id") { Description = "Lightpath id" };
        var tenant = TenantOption();
        var output = Output.Option();
        var command = new Command(name, description) { id, tenant, output };
        if (force is not null)
        {
            command.Options.Add(force);
        }

        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var request = new LightpathRef { Id = parse.GetValue(id)!, Tenant = parse.GetValue(tenant) ?? "", Force = force is not null && parse.GetValue(force) };
            var lightpath = await call(client, request, ct);
            WriteOne(context, Output.Format(parse, output), LightpathJson.Of(lightpath));
            if (!string.IsNullOrEmpty(lightpath.CleanupFailure))
            {
                context.Error.WriteLine($"{lightpath.Id}: the devices still carry its channel ({lightpath.CleanupFailure}); the server retries the cleanup, and its spectrum stays reserved until then");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Ids live in the tenant's own space: an admin names the tenant whose lightpath it means.</summary>
    private static Option<string?> TenantOption() => new("--tenant") { Description = "The tenant whose id space the id is in (admin keys only; default: the key's own tenant)" };

    private static Command Reroute(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Lightpath id" };
        var output = Output.Option();
        var tenant = TenantOption();
        var command = new Command("reroute", "Move an Active or Degraded lightpath to a new path (make before break); constraints given here replace its own") { id, tenant };
        var constraints = ConstraintOptions.AddTo(command);
        command.Options.Add(output);
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var lightpath = await client.RerouteLightpathAsync(new RerouteLightpathRequest { Id = parse.GetValue(id)!, Tenant = parse.GetValue(tenant) ?? "", Constraints = constraints.Read(parse) }, cancellationToken: ct);
            WriteOne(context, Output.Format(parse, output), LightpathJson.Of(lightpath));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Switch(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Lightpath id (a 1+1 lightpath)" };
        var to = new Argument<string>("to") { Description = "working or protection (hold both ends' switches there), or auto (switch on loss of light again)" };
        to.AcceptOnlyFromAmong("working", "protection", "auto");
        var tenant = TenantOption();
        var output = Output.Option();
        var command = new Command("switch", "1+1: a manual protection switch at both ends (refused onto a leg that is down)") { id, to, tenant, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var lightpath = await client.SwitchProtectionAsync(new SwitchProtectionRequest { Id = parse.GetValue(id)!, To = parse.GetValue(to)!, Tenant = parse.GetValue(tenant) ?? "" }, cancellationToken: ct);
            WriteOne(context, Output.Format(parse, output), LightpathJson.Of(lightpath));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command History(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Lightpath id" };
        var output = Output.Option();
        var tenant = TenantOption();
        var command = new Command("history", "The lifecycle events of a lightpath, oldest first") { id, tenant, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var history = LightpathHistoryJson.Of(await client.GetLightpathHistoryAsync(new LightpathRef { Id = parse.GetValue(id)!, Tenant = parse.GetValue(tenant) ?? "" }, cancellationToken: ct));
            switch (Output.Format(parse, output))
            {
                case OutputFormat.Json:
                    Output.WriteJson(context, history);
                    break;
                case OutputFormat.Csv:
                    Output.WriteCsv(context, ["at", "from", "to", "reason"], history.Events.Select(e => new object?[] { e.At, e.From, e.To, e.Reason }));
                    break;
                default:
                    var table = new Table().Border(TableBorder.Rounded).AddColumns("at (UTC)", "from", "to", "reason");
                    foreach (var e in history.Events)
                    {
                        table.AddRow(Time(e.At), Markup.Escape(e.From), State(e.To), Markup.Escape(e.Reason ?? ""));
                    }

                    context.Console.MarkupLine($"[bold]{Markup.Escape(history.Id)}[/]: {history.Events.Count} events");
                    context.Console.Write(table);
                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Watch(CliContext context)
    {
        var current = new Option<bool>("--include-current") { Description = "First print every lightpath's current state" };
        var count = new Option<int?>("--count") { Description = "Stop after this many events (default: until Ctrl+C)" };
        var output = Output.Option();
        output.Description = "Output format: table (one line per event, default), json (one JSON object per line) or csv";
        var command = new Command("watch", "Follow lightpath lifecycle events live until Ctrl+C") { current, count, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            var format = Output.Format(parse, output);
            var max = parse.GetValue(count);
            using var call = client.WatchLightpaths(new WatchLightpathsRequest { IncludeCurrent = parse.GetValue(current) }, cancellationToken: ct);
            await context.Error.WriteLineAsync("watching lightpaths (Ctrl+C to stop)");
            if (format == OutputFormat.Csv)
            {
                Output.WriteCsvRow(context, ["at", "id", "from", "to", "reason", "state", "source", "destination", "rateGbps"]);
            }

            var seen = 0;
            while (max is null || seen < max)
            {
                bool more;
                try
                {
                    more = await call.ResponseStream.MoveNext(ct);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
                {
                    break;
                }

                if (!more)
                {
                    break;
                }

                var change = LightpathWatchJson.Of(call.ResponseStream.Current);
                seen++;
                switch (format)
                {
                    case OutputFormat.Json:
                        Output.WriteJsonLine(context, change);
                        break;
                    case OutputFormat.Csv:
                        Output.WriteCsvRow(context, new object?[]
                        {
                            change.At, change.Lightpath.Id, change.From, change.To, change.Reason, change.Lightpath.State, change.Lightpath.Source,
                            change.Lightpath.Destination, change.Lightpath.RateGbps,
                        });
                        context.Out.Flush();
                        break;
                    default:
                        var from = change.From is null ? "" : Markup.Escape(change.From) + " → ";
                        context.Console.MarkupLine($"{Time(change.At)}  [bold]{Markup.Escape(change.Lightpath.Id)}[/]  {from}{State(change.To)}  " +
                                                   $"{Markup.Escape(change.Lightpath.Source)}→{Markup.Escape(change.Lightpath.Destination)} {Units.Rate(change.Lightpath.RateGbps)}" +
                                                   (change.Reason is null ? "" : $"  [grey]{Markup.Escape(change.Reason)}[/]"));
                        context.Out.Flush();
                        break;
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>One lightpath in the chosen format (used by create, show, delete, reroute and bundle).</summary>
    internal static void WriteOne(CliContext context, OutputFormat format, LightpathJson l)
    {
        switch (format)
        {
            case OutputFormat.Json:
                Output.WriteJson(context, l);
                return;
            case OutputFormat.Csv:
                Output.WriteCsv(context, CsvHeader, [Row(l)]);
                return;
        }

        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]lightpath[/]", $"[bold]{Markup.Escape(l.Id)}[/] (tenant {Markup.Escape(l.Tenant)})");
        grid.AddRow("state", State(l.State));
        grid.AddRow("request", $"{Markup.Escape(l.Source)} → {Markup.Escape(l.Destination)} at {Units.Rate(l.RateGbps)}");
        if (l.Mode is not null)
        {
            grid.AddRow("mode", $"{Markup.Escape(l.Mode)}{(l.LineRateGbps is { } line ? $" ({Units.Rate(line)} line rate)" : "")}");
        }

        if (l.Nodes.Count > 0)
        {
            grid.AddRow("path", Markup.Escape(string.Join(" → ", l.Nodes)));
            grid.AddRow("fibres", Markup.Escape(string.Join(", ", l.Fibers)));
        }

        if (l.Restoration is { } restoration)
        {
            var text = $"{Markup.Escape(restoration.Policy)}, priority {restoration.Priority}";
            if (restoration.HomeFibers is { Count: > 0 } home)
            {
                text += $"; home path {Markup.Escape(string.Join(", ", home))} (returns after wait-to-restore)";
            }

            if (restoration.Failure is { } failure)
            {
                text += $"; [red]not restorable[/]: {Markup.Escape(failure)}";
            }

            grid.AddRow("restoration", text);
        }

        if (l.Protection is { } p)
        {
            grid.AddRow("protection", $"1+1, {Markup.Escape(p.Diversity)}-disjoint: {Markup.Escape(string.Join(" → ", p.Nodes))}");
            var at = (string? leg) => leg is null ? "[grey]not read[/]" : Markup.Escape(leg);
            var state = $"source on {at(p.ActiveAtSource)}, destination on {at(p.ActiveAtDestination)}";
            if (p.Force != "auto")
            {
                state += $"; [yellow]held on the {Markup.Escape(p.Force)} leg[/]";
            }

            if (p.WorkingDown || p.ProtectionDown)
            {
                state += $"; [red]{(p.WorkingDown && p.ProtectionDown ? "both legs" : p.WorkingDown ? "working leg" : "protection leg")} down[/]";
            }

            grid.AddRow("switches", state);
        }

        if (l.SlotStart is not null)
        {
            grid.AddRow("spectrum", $"slots {Slots(l)}{(l.FrequencyThz is { } f ? $" at {Units.Number(f, "0.00000")} THz" : "")}");
        }

        var physics = new List<string>();
        if (l.LatencyUs is { } latency)
        {
            physics.Add(Units.Latency(latency));
        }

        if (l.LengthKm is { } km)
        {
            physics.Add(Units.Number(km, "0.0") + " km");
        }

        if (l.GsnrDb is { } gsnr)
        {
            physics.Add("GSNR " + Units.Number(gsnr, "0.00") + " dB");
        }

        if (l.MarginDb is { } margin)
        {
            physics.Add("margin " + Units.Number(margin, "0.00") + " dB");
        }

        if (l.PowerW is { } power)
        {
            physics.Add(Units.Number(power, "0") + " W");
        }

        if (physics.Count > 0)
        {
            grid.AddRow("physics", string.Join(", ", physics));
        }

        if (l.BlockReason is not null)
        {
            grid.AddRow("blocked", $"[red]{Markup.Escape(l.BlockReason)}[/]");
        }

        if (l.FailureReason is not null)
        {
            grid.AddRow("failure", $"[red]{Markup.Escape(l.FailureReason)}[/]");
        }

        context.Console.Write(grid);
    }

    internal static object?[] Row(LightpathJson l) =>
    [
        l.Id, l.Tenant, l.State, l.Source, l.Destination, l.RateGbps, l.Mode, l.LineRateGbps, l.SlotStart, l.SlotCount, l.FrequencyThz,
        l.LatencyUs, l.LengthKm, l.GsnrDb, l.MarginDb, l.PowerW, l.BlockReason, l.FailureReason, l.Nodes, l.Fibers,
    ];

    internal static string Slots(LightpathJson l) =>
        l.SlotStart is { } s && l.SlotCount is { } n ? $"{s}–{s + n - 1} ({n})" : "–";

    internal static string State(string state) => state switch
    {
        "Active" => "[green]Active[/]",
        "Failed" or "Blocked" => $"[red]{state}[/]",
        "Degraded" or "Restoring" => $"[yellow]{state}[/]",
        "Deleted" or "Deleting" => $"[grey]{state}[/]",
        _ => Markup.Escape(state),
    };

    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
