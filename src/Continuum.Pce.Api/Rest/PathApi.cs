using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>Path computation: POST /paths/compute.</summary>
public static class PathApi
{
    public static IEndpointRouteBuilder MapPathApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        api.MapPost("/paths/compute", async (HttpContext http, PathOperations ops) =>
                await RestEndpoints.WithBody<PathRequestDto, PathComputationDto>(http, body => ops.ComputeAsync(body, Caller.From(http.User))))
            .Accepts<PathRequestDto>("application/json").Produces<PathComputationDto>().ProducesProblem(422).ProducesProblem(503)
            .WithSummary("Candidate paths with latency, km, GSNR, margin, slots and power; nothing is reserved");
        return app;
    }
}
