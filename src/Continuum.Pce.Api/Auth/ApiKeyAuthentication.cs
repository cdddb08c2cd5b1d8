using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Continuum.Pce.Api.Auth;

/// <summary>The caller of an operation: role and tenant, from its API key (or the development identity).</summary>
public sealed record Caller(string Name, string Role, string Tenant)
{
    public const string TenantClaim = "pce:tenant";

    /// <summary>The id of the API key that authenticated the request (names are not unique; ids are).</summary>
    public const string KeyIdClaim = "pce:key";

    /// <summary>Admins see every tenant's lightpaths.</summary>
    public bool SeesAllTenants => Role == Roles.Admin;

    public bool Sees(string tenant) => SeesAllTenants || tenant == Tenant;

    public static Caller From(ClaimsPrincipal user) => new(
        user.Identity?.Name ?? "anonymous",
        user.FindFirstValue(ClaimTypes.Role) ?? Roles.Viewer,
        user.FindFirstValue(TenantClaim) ?? "default");
}

/// <summary>
/// Authenticates with an API key in <c>X-API-Key</c> or <c>Authorization: Bearer</c> (REST headers and gRPC metadata
/// alike). When authentication is off (Development only) every request is an admin of tenant "default".
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    AuthMode mode) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!mode.Required)
        {
            return Success("development", Roles.Admin, "default");
        }

        string? key = Request.Headers["X-API-Key"];
        if (key is null && Request.Headers.Authorization.ToString() is { Length: > 7 } authorization &&
            authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization[7..].Trim();
        }

        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }

        var record = await keys.VerifyAsync(key, Context.RequestAborted);
        return record is null
            ? AuthenticateResult.Fail("the API key is not valid")
            : Success(record.Name, record.Role, record.Tenant, record.Id);
    }

    /// <summary>The challenge when no key was given: an API key in X-API-Key, or as a bearer token.</summary>
    public const string Challenge = "ApiKey header=\"X-API-Key\", Bearer";

    /// <summary>
    /// The challenge when a key was given but is not valid: the bearer challenge carries <c>error="invalid_token"</c>
    /// (RFC 6750 §3.1); without credentials it carries no error code (RFC 6750 §3).
    /// </summary>
    public const string InvalidKeyChallenge = "ApiKey header=\"X-API-Key\", Bearer error=\"invalid_token\", error_description=\"the API key is not valid\"";

    /// <summary>A 401 says how to authenticate (RFC 9110 §11.6.1), and whether the key given was refused.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = result.Failure is null ? Challenge : InvalidKeyChallenge;
    }

    private AuthenticateResult Success(string name, string role, string tenant, string keyId = "development")
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(Caller.TenantClaim, tenant), new Claim(Caller.KeyIdClaim, keyId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>Whether requests must authenticate (decided once at start from the environment and the Auth section).</summary>
public sealed record AuthMode(bool Required);

/// <summary>Authorization policies by minimum role.</summary>
public static class Policies
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
}
