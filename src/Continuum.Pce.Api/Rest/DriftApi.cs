using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>Device drift and reconciliation (docs/southbound.md, Reconciliation).</summary>
public static class DriftApi
{
    public static IEndpointRouteBuilder MapDriftApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapGet("/nodes/{id}/drift", async (string id, HttpContext http, DriftOperations ops) =>
                RestEndpoints.Answer(await ops.InspectAsync(id, Caller.From(http.User), http.RequestAborted)))
            .RequireAuthorization(Policies.Admin).Produces<DeviceDriftDto>()
            .WithSummary("Reads the node's device now and compares it with what the controller intends (nothing is changed): missing, different, orphan and foreign entries");
        api.MapPost("/nodes/{id}/reconcile", async (string id, HttpContext http, DriftOperations ops) =>
                await RestEndpoints.WithBody<ReconcileRequestDto, DeviceDriftDto>(http, body => ops.ReconcileAsync(id, body, Caller.From(http.User), http.RequestAborted), allowEmpty: true))
            .RequireAuthorization(Policies.Admin).Accepts<ReconcileRequestDto>("application/json").Produces<DeviceDriftDto>()
            .WithSummary("Reconciles the node's device now: {\"repair\":true} re-applies intended entries and removes the controller's orphans, false only reports; no body: the configured policy");
        // Device drift is network-wide (how many channels a device carries, when it was read): admins only, like the reconciliation.
        api.MapGet("/drift", (HttpContext http, DriftOperations ops) => RestEndpoints.Answer(ops.Summary(Caller.From(http.User))))
            .RequireAuthorization(Policies.Admin).Produces<DriftSummaryDto>()
            .WithSummary("Every device's drift as its last reconciliation (on connect, periodic or requested) left it; no device is read");
        api.MapPost("/drift/reconcile", async (HttpContext http, DriftOperations ops) =>
                await RestEndpoints.WithBody<ReconcileRequestDto, DriftSummaryDto>(http, body => ops.ReconcileAllAsync(body, Caller.From(http.User), http.RequestAborted), allowEmpty: true))
            .RequireAuthorization(Policies.Admin).Accepts<ReconcileRequestDto>("application/json").Produces<DriftSummaryDto>()
            .WithSummary("Reconciles every ROADM and transponder now (repair flag as for one node)");
        return app;
    }
}
