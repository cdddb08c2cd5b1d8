using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>Bundles: POST /bundles.</summary>
public static class BundleApi
{
    public static IEndpointRouteBuilder MapBundleApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapPost("/bundles", async (HttpContext http, BundleOperations ops) =>
                await RestEndpoints.WithBody<CreateBundleDto, BundleDto>(http, body => ops.CreateBundleAsync(body, Caller.From(http.User))))
            .RequireAuthorization(Policies.Operator).Accepts<CreateBundleDto>("application/json").Produces<BundleDto>(201)
            .WithSummary("N lightpaths between two endpoints whose latencies differ by at most maxSkewUs; all or none");
        return app;
    }
}
