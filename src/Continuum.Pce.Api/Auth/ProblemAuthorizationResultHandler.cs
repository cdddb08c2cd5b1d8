using System.Security.Claims;
using Continuum.Pce.Api.Grpc;
using Continuum.Pce.Api.Hosting;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Continuum.Pce.Api.Auth;

/// <summary>
/// Refusals of the authorization middleware: gRPC calls get UNAUTHENTICATED (no or bad key) or PERMISSION_DENIED (role
/// too low) as gRPC statuses; REST keeps the framework's challenge (401 with WWW-Authenticate) and forbid (403), to
/// which status code pages add the problem body.
/// </summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !GrpcStatusResponse.IsGrpc(context.Request))
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var method = context.Request.Path.Value?.Split('/').LastOrDefault() ?? "";
        if (authorizeResult.Challenged)
        {
            var hasKey = context.Request.Headers.ContainsKey("x-api-key") || context.Request.Headers.Authorization.Count > 0;
            return GrpcStatusResponse.WriteAsync(context, StatusCode.Unauthenticated, hasKey
                ? "the API key is not valid"
                : "an API key is required: metadata x-api-key or authorization: Bearer <key>");
        }

        var role = context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        return GrpcStatusResponse.WriteAsync(context, StatusCode.PermissionDenied,
            $"the key's role '{role}' may not call {method}: it needs {Problems.RequiredRole(context) ?? "a higher role"}");
    }
}
