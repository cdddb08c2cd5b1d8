using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;
using Microsoft.AspNetCore.Mvc;

namespace Continuum.Pce.Api.Rest;

/// <summary>The lightpath resource: create, list, read, delete, reroute, history.</summary>
public static class LightpathApi
{
    public static IEndpointRouteBuilder MapLightpathApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapPost("/lightpaths", async (HttpContext http, LightpathOperations ops, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) =>
                await RestEndpoints.WithBody<CreateLightpathDto, LightpathDto>(http, body => ops.CreateAsync(body, Caller.From(http.User), idempotencyKey)))
            .RequireAuthorization(Policies.Operator).Accepts<CreateLightpathDto>("application/json").Produces<LightpathDto>(201).ProducesProblem(409).ProducesProblem(422).ProducesProblem(502).ProducesProblem(503)
            .WithSummary("Creates a lightpath: compute, reserve, configure the devices. A repeated Idempotency-Key returns the first lightpath");
        api.MapGet("/lightpaths", async (HttpContext http, LightpathOperations ops, string? tenant, string? state, string? cursor, int? limit) =>
                RestEndpoints.Answer(await ops.ListAsync(Caller.From(http.User), tenant, state, cursor, limit)))
            .Produces<LightpathPageDto>().WithSummary("Lightpaths of the caller's tenant (admins: any), by id, with a cursor");
        api.MapGet("/lightpaths/{id}", async (string id, string? tenant, HttpContext http, LightpathOperations ops) => RestEndpoints.Answer(await ops.GetAsync(id, Caller.From(http.User), tenant)))
            .Produces<LightpathDto>().WithSummary("A lightpath of the caller's tenant (admins: of ?tenant=)");
        api.MapDelete("/lightpaths/{id}", async (string id, string? tenant, bool? force, HttpContext http, LightpathOperations ops) =>
                RestEndpoints.Answer(await ops.DeleteAsync(id, Caller.From(http.User), tenant, force ?? false)))
            .RequireAuthorization(Policies.Operator).Produces<LightpathDto>().Produces<LightpathDto>(202)
            .WithSummary("Deletes: devices cleared, then spectrum and interfaces released (200, Deleted). When a device refuses the cleanup: 202, " +
                "the lightpath stays Deleting with cleanupFailure and keeps its spectrum; cleanup is retried with back-off. ?force=true releases anyway");
        api.MapPost("/lightpaths/{id}/reroute", async (string id, string? tenant, HttpContext http, LightpathOperations ops) =>
                await RestEndpoints.WithBody<RerouteDto, LightpathDto>(http, body => ops.RerouteAsync(id, body, Caller.From(http.User), tenant), allowEmpty: true))
            .RequireAuthorization(Policies.Operator).Accepts<RerouteDto>("application/json").Produces<LightpathDto>().ProducesProblem(409).ProducesProblem(422)
            .WithSummary("Moves the lightpath to another path (make-before-break on spectrum)");
        api.MapPost("/lightpaths/{id}/protection/switch", async (string id, string? tenant, HttpContext http, LightpathOperations ops) =>
                await RestEndpoints.WithBody<ProtectionSwitchDto, LightpathDto>(http, body => ops.SwitchProtectionAsync(id, body, Caller.From(http.User), tenant)))
            .RequireAuthorization(Policies.Operator).Accepts<ProtectionSwitchDto>("application/json").Produces<LightpathDto>().ProducesProblem(409).ProducesProblem(422)
            .WithSummary("1+1: a manual protection switch ({\"to\":\"working\"|\"protection\"|\"auto\"}) at both ends; 422 (reason NotProtected, InvalidState, LegDown, Render) when refused");
        api.MapGet("/lightpaths/{id}/protection", async (string id, string? tenant, HttpContext http, LightpathOperations ops) =>
                RestEndpoints.Answer(await ops.ReadProtectionAsync(id, Caller.From(http.User), tenant)))
            .Produces<LightpathDto>().WithSummary("1+1: the lightpath with its protection switches read from the devices now");
        api.MapGet("/lightpaths/{id}/history", async (string id, string? tenant, HttpContext http, LightpathOperations ops) => RestEndpoints.Answer(await ops.HistoryAsync(id, Caller.From(http.User), tenant)))
            .Produces<LightpathHistoryDto>();
        return app;
    }
}
