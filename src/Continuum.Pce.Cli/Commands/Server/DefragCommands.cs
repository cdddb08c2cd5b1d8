using System.CommandLine;
using Grpc.Core;
using Spectre.Console;
using V1 = Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Cli.Commands.Server;

/// <summary>`pce defrag plan | show | apply`: live spectrum defragmentation (the server's PceDefrag service).</summary>
public static class DefragCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(CliContext context)
    {
        var defrag = new Command("defrag", "Live spectrum defragmentation: plan the re-tunes that pack the spectrum, then apply them step by step");
        defrag.Subcommands.Add(Plan(context));
        defrag.Subcommands.Add(Show(context));
        defrag.Subcommands.Add(Apply(context));
        return defrag;
    }

    private static Command Plan(CliContext context)
    {
        var fiber = new Option<string?>("--fiber") { Description = "Only lightpaths crossing this fibre" };
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's lightpaths (admin keys; an operator plans their own tenant's)" };
        var output = Output.Option();
        var command = new Command("plan", "Compute an ordered make-before-break plan (hitless where both transponders allow) and print it with the highest occupied slot and fragmentation before and after")
        {
            fiber, tenant, output,
        };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, invoker => new V1.PceDefrag.PceDefragClient(invoker), async (parse, client, ct) =>
        {
            var plan = await client.PlanDefragAsync(new V1.PlanDefragRequest { Fiber = parse.GetValue(fiber) ?? "", Tenant = parse.GetValue(tenant) ?? "" }, cancellationToken: ct);
            Print(context, plan, Output.Format(parse, output));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<string>("plan-id") { Description = "The plan's id (from `pce defrag plan`)" };
        var output = Output.Option();
        var command = new Command("show", "A plan with its steps and progress") { id, output };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, invoker => new V1.PceDefrag.PceDefragClient(invoker), async (parse, client, ct) =>
        {
            Print(context, await client.GetDefragPlanAsync(new V1.DefragPlanRef { Id = parse.GetValue(id)! }, cancellationToken: ct), Output.Format(parse, output));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Apply(CliContext context)
    {
        var id = new Argument<string>("plan-id") { Description = "The plan's id (from `pce defrag plan`)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every step against the spectrum now; change nothing" };
        var output = Output.Option();
        var command = new Command("apply", "Apply a plan step by step with progress; Ctrl+C aborts after the step in progress; exit 1 when a step fails or the plan is aborted")
        {
            id, dryRun, output,
        };
        var connection = PceConnection.AddTo(command);
        connection.SetAction(command, context, invoker => new V1.PceDefrag.PceDefragClient(invoker), async (parse, client, ct) =>
        {
            var planId = parse.GetValue(id)!;
            var format = Output.Format(parse, output);
            if (parse.GetValue(dryRun))
            {
                var checkedPlan = await client.ApplyDefragPlanAsync(new V1.ApplyDefragPlanRequest { Id = planId, DryRun = true }, cancellationToken: ct);
                PrintDryRun(context, checkedPlan, format);
                return checkedPlan.DryRunPasses ? ExitCodes.Success : ExitCodes.Refused;
            }

            var plan = await client.ApplyDefragPlanAsync(new V1.ApplyDefragPlanRequest { Id = planId }, cancellationToken: ct);
            plan = format == OutputFormat.Table ? await FollowWithProgressAsync(context, client, plan, ct) : await FollowAsync(client, plan, ct);
            if (format == OutputFormat.Table)
            {
                Summary(context, plan);
            }
            else
            {
                Print(context, plan, format);
            }

            return plan.State == "completed" ? ExitCodes.Success : ExitCodes.Refused;
        });
        return command;
    }

    /// <summary>Polls until the plan ends; on Ctrl+C asks the server to abort (once) and keeps following briefly.</summary>
    private static async Task<V1.DefragPlan> FollowAsync(V1.PceDefrag.PceDefragClient client, V1.DefragPlan plan, CancellationToken ct, Action<V1.DefragPlan>? onUpdate = null)
    {
        var aborted = false;
        var graceEnds = DateTimeOffset.MaxValue;
        while (plan.State is "running" or "planned" && DateTimeOffset.UtcNow < graceEnds)
        {
            if (ct.IsCancellationRequested && !aborted)
            {
                // Ctrl+C: the step in progress finishes (or is undone whole); the rest are skipped. The process is given
                // about two seconds after Ctrl+C, so follow only briefly; `pce defrag show` tells the rest.
                aborted = true;
                plan = await client.AbortDefragPlanAsync(new V1.DefragPlanRef { Id = plan.Id });
                graceEnds = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5);
            }

            try
            {
                await Task.Delay(PollInterval, aborted ? CancellationToken.None : ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: handled at the top of the loop.
            }

            plan = await client.GetDefragPlanAsync(new V1.DefragPlanRef { Id = plan.Id });
            onUpdate?.Invoke(plan);
        }

        return plan;
    }

    private static async Task<V1.DefragPlan> FollowWithProgressAsync(CliContext context, V1.PceDefrag.PceDefragClient client, V1.DefragPlan plan, CancellationToken ct)
    {
        var result = plan;
        await context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"plan {plan.Id}", maxValue: Math.Max(1, plan.Steps.Count));
                result = await FollowAsync(client, plan, ct, p =>
                {
                    task.Value = p.Done + p.Failed + p.Skipped;
                    task.Description = p.CurrentStep > 0 ? $"plan {p.Id}: step {p.CurrentStep}/{p.Steps.Count}" : $"plan {p.Id}: {p.State}";
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    private static void Summary(CliContext context, V1.DefragPlan plan)
    {
        context.Console.MarkupLine($"plan [bold]{Markup.Escape(plan.Id)}[/]: {Markup.Escape(plan.State)}, {plan.Done} done, {plan.Failed} failed, {plan.Skipped} skipped" +
            (plan.StepsPerSecond > 0 ? $", {plan.StepsPerSecond:F2} steps/s" : ""));
        if (plan.Failure.Length > 0)
        {
            context.Console.MarkupLine($"[red]{Markup.Escape(plan.Failure)}[/]");
        }
        else if (plan.State is "running" or "planned")
        {
            context.Console.MarkupLine($"still {plan.State}: follow it with `pce defrag show {Markup.Escape(plan.Id)}`");
        }
    }

    private static void Print(CliContext context, V1.DefragPlan plan, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json:
                Output.WriteJson(context, ToJson(plan));
                break;
            case OutputFormat.Csv:
                Output.WriteCsv(context, ["order", "lightpath", "tenant", "fromStart", "toStart", "slotCount", "kind", "status", "error"],
                    plan.Steps.Select(s => new object?[] { s.Order, s.Lightpath, s.Tenant, s.FromStart, s.ToStart, s.SlotCount, s.Kind, s.Status, s.Error }));
                break;
            default:
                context.Console.MarkupLine($"plan [bold]{Markup.Escape(plan.Id)}[/] ({Markup.Escape(plan.State)}), scope: {Markup.Escape(Scope(plan))}");
                context.Console.MarkupLine($"  {plan.MovableLightpaths} movable lightpaths, {plan.FixedClaims} fixed claims, planned in {plan.PlanMs:F1} ms");
                context.Console.MarkupLine($"  highest occupied slot {plan.HighestSlotBefore} → {plan.HighestSlotAfter}, fragmentation {plan.FragmentationBefore:F3} → {plan.FragmentationAfter:F3}");
                var table = new Table().AddColumns("#", "lightpath", "tenant", "slots", "kind", "status");
                foreach (var s in plan.Steps)
                {
                    table.AddRow($"{s.Order}", Markup.Escape(s.Lightpath), Markup.Escape(s.Tenant), $"{s.FromStart} → {s.ToStart} (×{s.SlotCount})", s.Kind,
                        Markup.Escape(s.Error.Length > 0 ? $"{s.Status}: {s.Error}" : s.Status));
                }

                context.Console.Write(table);
                if (plan.Steps.Count == 0)
                {
                    context.Console.MarkupLine("nothing to move: every lightpath in scope already sits as low as it can");
                }

                break;
        }
    }

    private static void PrintDryRun(CliContext context, V1.DefragPlan plan, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            Output.WriteJson(context, new { plan.Id, passes = plan.DryRunPasses, steps = plan.DryRunSteps.Select(s => new { s.Order, s.Lightpath, s.Tenant, s.Ok, problem = NullIfEmpty(s.Problem) }) });
            return;
        }

        context.Console.MarkupLine($"dry run of plan [bold]{Markup.Escape(plan.Id)}[/]: {(plan.DryRunPasses ? "every step would go through now" : $"{plan.DryRunSteps.Count(s => !s.Ok)} step(s) would fail")}; nothing was changed");
        foreach (var s in plan.DryRunSteps.Where(s => !s.Ok))
        {
            context.Console.MarkupLine($"  step {s.Order} ({Markup.Escape(s.Tenant)}/{Markup.Escape(s.Lightpath)}): {Markup.Escape(s.Problem)}");
        }
    }

    private static object ToJson(V1.DefragPlan p) => new
    {
        p.Id,
        p.State,
        tenant = NullIfEmpty(p.Tenant),
        fiber = NullIfEmpty(p.Fiber),
        p.MovableLightpaths,
        p.FixedClaims,
        p.HighestSlotBefore,
        p.HighestSlotAfter,
        p.FragmentationBefore,
        p.FragmentationAfter,
        p.PlanMs,
        progress = new { p.Done, p.Pending, p.Failed, p.Skipped, currentStep = p.CurrentStep == 0 ? (int?)null : p.CurrentStep, p.AbortRequested, p.StepsPerSecond },
        failure = NullIfEmpty(p.Failure),
        steps = p.Steps.Select(s => new { s.Order, s.Lightpath, s.Tenant, s.FromStart, s.ToStart, s.SlotCount, s.Kind, s.Status, error = NullIfEmpty(s.Error) }),
    };

    private static string Scope(V1.DefragPlan p) =>
        (p.Tenant.Length > 0 ? $"tenant {p.Tenant}" : "every tenant") + (p.Fiber.Length > 0 ? $", lightpaths on fibre {p.Fiber}" : "");

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
