using Continuum.Pce.Api.Auth;

namespace Continuum.Pce.Api.Operations;

/// <summary>API keys (admin only): issue, list, revoke.</summary>
public sealed class KeyOperations(ApiKeyStore keys)
{
    public async Task<Outcome<ApiKeyDto>> IssueKeyAsync(CreateApiKeyDto body)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
        {
            return ApiError.Invalid("name", "required, at most 100 characters");
        }

        if (body.Role is null || !Roles.IsKnown(body.Role))
        {
            return ApiError.Invalid("role", $"unknown role '{body.Role}' (expected viewer, operator or admin)");
        }

        var tenant = body.Tenant ?? "default";
        if (!Ids.IsValid(tenant))
        {
            return ApiError.Invalid("tenant", Ids.Rule);
        }

        var issued = await keys.IssueAsync(body.Name, body.Role, tenant);
        return Outcome<ApiKeyDto>.Created(new ApiKeyDto(issued.Record.Id, issued.Record.Name, issued.Record.Role, issued.Record.Tenant, issued.Record.CreatedAt, issued.Key),
            $"/api/v1/keys/{Uri.EscapeDataString(issued.Record.Id)}");
    }

    public async Task<IReadOnlyList<ApiKeyDto>> ListKeysAsync() =>
        [.. (await keys.ListAsync()).Select(r => new ApiKeyDto(r.Id, r.Name, r.Role, r.Tenant, r.CreatedAt, null))];

    /// <summary>A key's record (never its secret: that is shown once, when issued).</summary>
    public async Task<Outcome<ApiKeyDto>> GetKeyAsync(string id) =>
        (await keys.ListAsync()).FirstOrDefault(r => r.Id == id) is { } r
            ? new ApiKeyDto(r.Id, r.Name, r.Role, r.Tenant, r.CreatedAt, null)
            : ApiError.NotFound("API key", id);

    public async Task<Outcome<bool>> RevokeKeyAsync(string id) =>
        await keys.RevokeAsync(id) ? true : ApiError.NotFound("API key", id);
}
