using Continuum.Pce.Api.Auth;

namespace Continuum.Pce.Api.Operations;

/// <summary>Which tenant's space a request acts in.</summary>
internal static class Tenants
{
    /// <summary>The caller's own tenant, or <paramref name="requested"/> when an admin names another one (403 for anyone else).</summary>
    public static Outcome<string> For(string? requested, Caller caller)
    {
        if (requested is null || requested == caller.Tenant)
        {
            return caller.Tenant;
        }

        if (!caller.SeesAllTenants)
        {
            return new ApiError(403, "Forbidden", "only admin keys may act for another tenant", "tenant");
        }

        return Ids.IsValid(requested) ? requested : ApiError.Invalid("tenant", Ids.Rule);
    }
}
