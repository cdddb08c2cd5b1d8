using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>Live spectrum defragmentation: compute a plan, read it (with progress), apply it (or dry-run it), abort it.</summary>
public static class DefragApi
{
    public static IEndpointRouteBuilder MapDefragApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapPost("/defrag/plans", async (HttpContext http, DefragOperations ops) =>
                await RestEndpoints.WithBody<CreateDefragPlanDto, DefragPlanDto>(http, body => ops.PlanAsync(body, Caller.From(http.User), http.RequestAborted), allowEmpty: true))
            .RequireAuthorization(Policies.Operator).Accepts<CreateDefragPlanDto>("application/json").Produces<DefragPlanDto>(201).ProducesProblem(409)
            .WithSummary("Computes an ordered make-before-break defragmentation plan ({\"fiber\"?, \"tenant\"?}: admins any tenant or all, operators their own)");
        api.MapGet("/defrag/plans/{id}", (string id, HttpContext http, DefragOperations ops) => RestEndpoints.Answer(ops.Get(id, Caller.From(http.User))))
            .Produces<DefragPlanDto>().WithSummary("A plan with its steps and progress (done, pending, failed, the current step)");
        api.MapPost("/defrag/plans/{id}/apply", async (string id, HttpContext http, DefragOperations ops) =>
            {
                var (body, error) = await RestEndpoints.ReadBody<ApplyDefragPlanDto>(http.Request, allowEmpty: true);
                if (error is not null)
                {
                    return RestEndpoints.Problem(error);
                }

                var (plan, dryRun) = await ops.ApplyAsync(id, body!.DryRun ?? false, Caller.From(http.User), http.RequestAborted);
                return dryRun is { } check && plan.IsSuccess ? RestEndpoints.Answer(check) : RestEndpoints.Answer(plan);
            })
            .RequireAuthorization(Policies.Operator).Accepts<ApplyDefragPlanDto>("application/json").Produces<DefragPlanDto>(202).Produces<DefragDryRunDto>().ProducesProblem(409)
            .WithSummary("Applies the plan step by step in the background (202; follow with GET). {\"dryRun\":true} checks every step against the spectrum now and changes nothing (200)");
        api.MapPost("/defrag/plans/{id}/abort", (string id, HttpContext http, DefragOperations ops) => RestEndpoints.Answer(ops.Abort(id, Caller.From(http.User))))
            .RequireAuthorization(Policies.Operator).Produces<DefragPlanDto>()
            .WithSummary("Stops an apply after the step in progress (which finishes or is undone whole)");
        return app;
    }
}
