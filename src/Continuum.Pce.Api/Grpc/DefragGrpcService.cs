using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using V1 = Continuum.Pce.Contracts.V1;

namespace Continuum.Pce.Api.Grpc;

/// <summary>The gRPC face of live spectrum defragmentation (<see cref="DefragOperations"/>), errors mapped as in <see cref="PceGrpcService"/>.</summary>
[Authorize(Policy = Policies.Viewer)]
public sealed class DefragGrpcService(DefragOperations defrag) : V1.PceDefrag.PceDefragBase
{
    [Authorize(Policy = Policies.Operator)]
    public override async Task<V1.DefragPlan> PlanDefrag(PlanDefragRequest request, ServerCallContext context) =>
        Map(Unwrap(await defrag.PlanAsync(new CreateDefragPlanDto { Fiber = NullIfEmpty(request.Fiber), Tenant = NullIfEmpty(request.Tenant) }, Caller(context), context.CancellationToken)));

    public override Task<V1.DefragPlan> GetDefragPlan(DefragPlanRef request, ServerCallContext context) =>
        Task.FromResult(Map(Unwrap(defrag.Get(request.Id, Caller(context)))));

    [Authorize(Policy = Policies.Operator)]
    public override async Task<V1.DefragPlan> ApplyDefragPlan(ApplyDefragPlanRequest request, ServerCallContext context)
    {
        var (plan, dryRun) = await defrag.ApplyAsync(request.Id, request.DryRun, Caller(context), context.CancellationToken);
        var reply = Map(Unwrap(plan));
        if (dryRun is { } outcome)
        {
            var check = Unwrap(outcome);
            reply.DryRun = true;
            reply.DryRunPasses = check.Passes;
            reply.DryRunSteps.AddRange(check.Steps.Select(s => new DefragCheck { Order = s.Order, Lightpath = s.Lightpath, Tenant = s.Tenant, Ok = s.Ok, Problem = s.Problem ?? "" }));
        }

        return reply;
    }

    [Authorize(Policy = Policies.Operator)]
    public override Task<V1.DefragPlan> AbortDefragPlan(DefragPlanRef request, ServerCallContext context) =>
        Task.FromResult(Map(Unwrap(defrag.Abort(request.Id, Caller(context)))));

    private static V1.DefragPlan Map(DefragPlanDto p)
    {
        var reply = new V1.DefragPlan
        {
            Id = p.Id,
            State = p.State,
            Tenant = p.Tenant ?? "",
            Fiber = p.Fiber ?? "",
            MovableLightpaths = p.MovableLightpaths,
            FixedClaims = p.FixedClaims,
            HighestSlotBefore = p.HighestSlotBefore,
            HighestSlotAfter = p.HighestSlotAfter,
            FragmentationBefore = p.FragmentationBefore,
            FragmentationAfter = p.FragmentationAfter,
            PlanMs = p.PlanMs,
            Done = p.Progress.Done,
            Pending = p.Progress.Pending,
            Failed = p.Progress.Failed,
            Skipped = p.Progress.Skipped,
            CurrentStep = p.Progress.CurrentStep ?? 0,
            AbortRequested = p.Progress.AbortRequested,
            StepsPerSecond = p.Progress.StepsPerSecond ?? 0,
            Failure = p.Failure ?? "",
        };
        reply.Steps.AddRange(p.Steps.Select(s => new V1.DefragStep
        {
            Order = s.Order,
            Lightpath = s.Lightpath,
            Tenant = s.Tenant,
            FromStart = s.FromStart,
            ToStart = s.ToStart,
            SlotCount = s.SlotCount,
            Kind = s.Kind,
            Status = s.Status,
            Error = s.Error ?? "",
        }));
        return reply;
    }

    private static Caller Caller(ServerCallContext context) => Auth.Caller.From(context.GetHttpContext().User);

    private static T Unwrap<T>(Outcome<T> outcome) => outcome.IsSuccess ? outcome.Value! : throw PceGrpcService.Fail(outcome.Error!);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
