using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;

namespace Continuum.Pce.Api.Rest;

/// <summary>API keys (admin only): list, issue, revoke.</summary>
public static class KeyApi
{
    public static IEndpointRouteBuilder MapKeyApi(this IEndpointRouteBuilder app)
    {
        var api = RestEndpoints.V1(app);
        var keys = api.MapGroup("/keys").RequireAuthorization(Policies.Admin);
        keys.MapGet("", async (KeyOperations ops) => Results.Ok(await ops.ListKeysAsync())).Produces<List<ApiKeyDto>>();
        keys.MapPost("", async (HttpContext http, KeyOperations ops) => await RestEndpoints.WithBody<CreateApiKeyDto, ApiKeyDto>(http, ops.IssueKeyAsync))
            .Accepts<CreateApiKeyDto>("application/json").Produces<ApiKeyDto>(201).WithSummary("Issues an API key; the key is shown in this answer only");
        keys.MapGet("/{id}", async (string id, KeyOperations ops) => RestEndpoints.Answer(await ops.GetKeyAsync(id)))
            .Produces<ApiKeyDto>().WithSummary("An API key's name, role and tenant (its secret is shown only when issued)");
        keys.MapDelete("/{id}", async (string id, KeyOperations ops) =>
        {
            var outcome = await ops.RevokeKeyAsync(id);
            return outcome.IsSuccess ? Results.NoContent() : RestEndpoints.Problem(outcome.Error!);
        });
        return app;
    }
}
