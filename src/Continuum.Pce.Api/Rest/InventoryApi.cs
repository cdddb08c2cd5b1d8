using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>The inventory resources: sites, nodes, fibres and a fibre's spectrum (read-only).</summary>
public static class InventoryApi
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapGet("/sites", (InventoryOperations ops) => RestEndpoints.Answer(ops.ListSites())).Produces<List<SiteDto>>();
        api.MapGet("/sites/{id}", (string id, InventoryOperations ops) => RestEndpoints.Answer(ops.GetSite(id))).Produces<SiteDto>();
        api.MapGet("/nodes", async (string? kind, InventoryOperations ops) => RestEndpoints.Answer(await ops.ListNodesAsync(kind))).Produces<List<NodeDto>>();
        api.MapGet("/nodes/{id}", async (string id, InventoryOperations ops) => RestEndpoints.Answer(await ops.GetNodeAsync(id))).Produces<NodeDto>();
        api.MapGet("/fibers", async (InventoryOperations ops) => RestEndpoints.Answer(await ops.ListFibersAsync())).Produces<List<FiberDto>>();
        api.MapGet("/fibers/{id}", async (string id, InventoryOperations ops) => RestEndpoints.Answer(await ops.GetFiberAsync(id))).Produces<FiberDto>();
        api.MapGet("/fibers/{id}/spectrum", async (string id, HttpContext http, InventoryOperations ops) => RestEndpoints.Answer(await ops.GetSpectrumAsync(id, Caller.From(http.User))))
            .WithSummary("Slot occupancy of a fibre: the caller's claims with their lightpaths, other tenants' claims as occupied slots only (admins: all)").Produces<SpectrumDto>();
        return app;
    }
}
