using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>Bundles: POST /bundles, GET /bundles/{id}.</summary>
public static class BundleApi
{
    public static IEndpointRouteBuilder MapBundleApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapPost("/bundles", async (HttpContext http, BundleOperations ops) =>
                await RestEndpoints.WithBody<CreateBundleDto, BundleDto>(http, body => ops.CreateBundleAsync(body, Caller.From(http.User))))
            .RequireAuthorization(Policies.Operator).Accepts<CreateBundleDto>("application/json").Produces<BundleDto>(201).ProducesProblem(409).ProducesProblem(422).ProducesProblem(503)
            .WithSummary("N lightpaths between two endpoints whose latencies differ by at most maxSkewUs; all or none");
        api.MapGet("/bundles/{id}", async (string id, string? tenant, HttpContext http, BundleOperations ops) =>
                RestEndpoints.Answer(await ops.GetBundleAsync(id, Caller.From(http.User), tenant)))
            .Produces<BundleDto>().WithSummary("A bundle: its member lightpaths ({id}-1, {id}-2, ...) as they are now, and their latency skew");
        return app;
    }
}
