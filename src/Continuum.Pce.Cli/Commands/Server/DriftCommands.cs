using System.CommandLine;
using Continuum.Pce.Contracts.V1;
using Spectre.Console;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>One drift finding as the CLI prints it.</summary>
public sealed record DriftFindingJson(string Path, string Kind, string? Lightpath, string? Tenant, bool Drift, string Detail);

/// <summary>A device's reconciliation as the CLI prints it (the same fields as REST GET /api/v1/nodes/{id}/drift).</summary>
public sealed record NodeDriftJson(
    string Node, DateTimeOffset? InspectedAt, string Trigger, string Policy, bool InSync, int Missing, int Different, int Orphan, int Foreign,
    int Compared, int Busy, IReadOnlyList<DriftFindingJson> Findings, IReadOnlyList<string> Repairs, string? Error)
{
    public static NodeDriftJson Of(NodeDrift d) => new(
        d.Node, d.InspectedAt?.ToDateTimeOffset(), d.Trigger, d.Policy, d.InSync, d.Missing, d.Different, d.Orphan, d.Foreign, d.Compared, d.Busy,
        [.. d.Findings.Select(f => new DriftFindingJson(f.Path, f.Kind, f.Lightpath.Length == 0 ? null : f.Lightpath, f.Tenant.Length == 0 ? null : f.Tenant, f.Drift, f.Detail))],
        [.. d.Repairs], d.Error.Length == 0 ? null : d.Error);
}

/// <summary>The network's drift summary as the CLI prints it.</summary>
public sealed record DriftSummaryJson(bool Enabled, string Policy, double IntervalSeconds, DateTimeOffset? LastPassAt, int DevicesInspected, int DevicesWithDrift, int DevicesUnreadable, IReadOnlyList<NodeDriftJson> Devices)
{
    public static DriftSummaryJson Of(DriftSummary s) => new(
        s.Enabled, s.Policy, s.IntervalSeconds, s.LastPassAt?.ToDateTimeOffset(), s.DevicesInspected, s.DevicesWithDrift, s.DevicesUnreadable, [.. s.Devices.Select(NodeDriftJson.Of)]);
}

/// <summary>
/// `pce nodes drift [NODE]`: a device's drift read now (nothing changed), or every device's as the last reconciliation
/// left it; `pce nodes reconcile [NODE] [--repair | --report-only]`: reconcile one device or all now (admin). Exit code 1
/// when drift remains.
/// </summary>
public static class DriftCommands
{
    public static void AddTo(Command nodes, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        nodes.Subcommands.Add(Drift(context));
        nodes.Subcommands.Add(Reconcile(context));
    }

    private static Command Drift(CliContext context)
    {
        var node = new Argument<string?>("node") { Description = "A ROADM or transponder; none: every device as its last reconciliation left it", Arity = ArgumentArity.ZeroOrOne };
        var output = Output.Option();
        var command = new Command("drift", "Configuration drift: what a device holds against what the controller intends (missing, different, orphan, foreign)") { node, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            if (parse.GetValue(node) is { Length: > 0 } id)
            {
                return Write(context, Output.Format(parse, output), NodeDriftJson.Of(await client.GetNodeDriftAsync(new NodeDriftRequest { Node = id }, cancellationToken: ct)));
            }

            return Write(context, Output.Format(parse, output), DriftSummaryJson.Of(await client.GetDriftSummaryAsync(new DriftSummaryRequest(), cancellationToken: ct)));
        });
        return command;
    }

    private static Command Reconcile(CliContext context)
    {
        var node = new Argument<string?>("node") { Description = "A ROADM or transponder; none: every ROADM and transponder", Arity = ArgumentArity.ZeroOrOne };
        var repair = new Option<bool>("--repair") { Description = "Re-apply intended entries and remove the controller's orphans (foreign configuration is never touched)" };
        var reportOnly = new Option<bool>("--report-only") { Description = "Change nothing (default: the server's configured policy)" };
        var output = Output.Option();
        var command = new Command("reconcile", "Reconcile devices with the controller's intent now (admin)") { node, repair, reportOnly, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, async (parse, client, ct) =>
        {
            if (parse.GetValue(repair) && parse.GetValue(reportOnly))
            {
                throw new UsageException("--repair and --report-only exclude each other");
            }

            bool? wanted = parse.GetValue(repair) ? true : parse.GetValue(reportOnly) ? false : null;
            if (parse.GetValue(node) is { Length: > 0 } id)
            {
                var request = new ReconcileNodeRequest { Node = id };
                if (wanted is { } r)
                {
                    request.Repair = r;
                }

                return Write(context, Output.Format(parse, output), NodeDriftJson.Of(await client.ReconcileNodeAsync(request, cancellationToken: ct)));
            }

            var all = new DriftSummaryRequest { Reconcile = true };
            if (wanted is { } w)
            {
                all.Repair = w;
            }

            return Write(context, Output.Format(parse, output), DriftSummaryJson.Of(await client.GetDriftSummaryAsync(all, cancellationToken: ct)));
        });
        return command;
    }

    private static int Write(CliContext context, OutputFormat format, NodeDriftJson drift)
    {
        switch (format)
        {
            case OutputFormat.Json:
                Output.WriteJson(context, drift);
                break;
            case OutputFormat.Csv:
                Output.WriteCsv(context, ["node", "kind", "path", "lightpath", "drift", "detail"],
                    drift.Findings.Select(f => new object?[] { drift.Node, f.Kind, f.Path, f.Lightpath, f.Drift, f.Detail }));
                break;
            default:
                context.Console.MarkupLine($"[bold]{Markup.Escape(drift.Node)}[/]: {State(drift)} ({drift.Compared} intended entries compared, policy {Markup.Escape(drift.Policy)}, {Markup.Escape(drift.Trigger)} at {drift.InspectedAt:u})");
                if (drift.Findings.Count > 0)
                {
                    var table = new Table().Border(TableBorder.Rounded).AddColumns("kind", "path", "lightpath", "detail");
                    foreach (var f in drift.Findings)
                    {
                        table.AddRow(Kind(f), Markup.Escape(f.Path), Markup.Escape(f.Lightpath ?? ""), Markup.Escape(f.Detail));
                    }

                    context.Console.Write(table);
                }

                foreach (var repair in drift.Repairs)
                {
                    context.Console.MarkupLine($"  repaired: {Markup.Escape(repair)}");
                }

                break;
        }

        return drift.InSync ? ExitCodes.Success : ExitCodes.Refused;
    }

    private static int Write(CliContext context, OutputFormat format, DriftSummaryJson summary)
    {
        switch (format)
        {
            case OutputFormat.Json:
                Output.WriteJson(context, summary);
                break;
            case OutputFormat.Csv:
                Output.WriteCsv(context, ["node", "inSync", "missing", "different", "orphan", "foreign", "inspectedAt", "trigger", "error"],
                    summary.Devices.Select(d => new object?[] { d.Node, d.InSync, d.Missing, d.Different, d.Orphan, d.Foreign, d.InspectedAt, d.Trigger, d.Error }));
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).AddColumns("node", "state", "missing", "different", "orphan", "foreign", "inspected");
                foreach (var d in summary.Devices)
                {
                    table.AddRow(Markup.Escape(d.Node), State(d), $"{d.Missing}", $"{d.Different}", $"{d.Orphan}", $"{d.Foreign}", Markup.Escape($"{d.Trigger} {d.InspectedAt:u}"));
                }

                context.Console.Write(table);
                context.Console.MarkupLine($"{summary.DevicesInspected} devices, {summary.DevicesWithDrift} with drift, {summary.DevicesUnreadable} unreadable; policy {Markup.Escape(summary.Policy)}, " +
                                           (summary.Enabled ? $"every {summary.IntervalSeconds:0} s" : "periodic reconciliation off"));
                break;
        }

        return summary.DevicesWithDrift == 0 && summary.DevicesUnreadable == 0 ? ExitCodes.Success : ExitCodes.Refused;
    }

    private static string State(NodeDriftJson d) =>
        d.Error is { } error ? $"[red]unreadable[/] {Markup.Escape(error)}" : d.InSync ? "[green]in sync[/]" : "[yellow]drift[/]";

    private static string Kind(DriftFindingJson f) => f.Kind switch
    {
        "missing" => "[red]missing[/]",
        "different" => "[yellow]different[/]",
        "orphan" => "[yellow]orphan[/]",
        _ => f.Drift ? "[red]foreign (in the way)[/]" : "foreign",
    };
}
