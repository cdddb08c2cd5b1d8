using Continuum.Pce.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Continuum.Pce.Api.Hosting;

/// <summary>
/// What the OpenAPI document (/openapi/v1.json) says beyond the routes' own metadata: the two ways to present an API key
/// (the <c>X-API-Key</c> header, or <c>Authorization: Bearer</c>) as security schemes required by every operation that
/// needs a key, and the RFC 9457 problems each operation can answer, as application/problem+json with a ProblemDetails
/// schema. The problems follow from how the server works, not from a list kept by hand:
/// <list type="bullet">
/// <item>400 when the operation takes a body or parameters (strict body reading, parameter binding);</item>
/// <item>401 when it needs a key; 403 when it needs more than a viewer's role or takes <c>?tenant=</c> (another tenant: admins only);</item>
/// <item>404 when the route names a resource (<c>{id}</c>); 413 and 415 when it takes a body;</item>
/// <item>429 unless rate limiting is off for it; 500 always;</item>
/// <item>409, 422, 502, 503 where the route declares them (<c>ProducesProblem</c>), as the operation's own outcomes.</item>
/// </list>
/// </summary>
public static class OpenApiConventions
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    public const string ProblemSchema = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "Invalid request: malformed JSON, an unknown member, a wrong type or value, or a parameter that does not bind (the problem names the field)",
        [401] = "No API key, or one that is not valid (WWW-Authenticate says how to present one)",
        [403] = "The key's role or tenant does not allow this operation",
        [404] = "The resource does not exist (or belongs to another tenant)",
        [409] = "Conflict with the current state",
        [413] = "The body is larger than the limit (Pce:Limits)",
        [415] = "The body is not JSON",
        [422] = "Understood but refused (a blocked request: the problem's reason says why)",
        [429] = "Too many requests from this key or address (Retry-After says when to try again)",
        [500] = "Unexpected server error",
        [502] = "A device refused the configuration",
        [503] = "No topology is loaded yet",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Continuum PCE";
            document.Info.Description = "Photonic path computation and lightpath provisioning. Authenticate with an API key in the X-API-Key header " +
                "(or Authorization: Bearer <key>). Errors are RFC 9457 problems (application/problem+json).";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-API-Key",
                Description = "An API key (pce_<id>_<secret>): the bootstrap admin key from the data directory, or one issued with POST /api/v1/keys",
            };
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The same API key as a bearer token: Authorization: Bearer pce_<id>_<secret>",
            };
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas.TryAdd(ProblemSchema, Problem());
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            Apply(operation, context);
            return Task.CompletedTask;
        });
    }

    private static void Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var needsKey = authorize.Count > 0 && !anonymous;
        var parameters = description.ParameterDescriptions;
        var hasBody = parameters.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body) ||
                      metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().Any() || operation.RequestBody is not null;
        var hasRouteParameter = description.RelativePath?.Contains('{', StringComparison.Ordinal) == true;
        var hasParameters = hasRouteParameter || (operation.Parameters?.Count ?? 0) > 0;

        if (needsKey)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
        }

        var statuses = new SortedSet<int> { 500 };
        if (hasBody || hasParameters)
        {
            statuses.Add(400);
        }

        if (needsKey)
        {
            statuses.Add(401);
            var role = authorize.Any(a => a.Policy is Policies.Operator or Policies.Admin);
            var tenant = operation.Parameters?.Any(p => p.Name == "tenant") == true || parameters.Any(p => p.Name == "tenant");
            if (role || tenant)
            {
                statuses.Add(403);
            }
        }

        if (hasRouteParameter)
        {
            statuses.Add(404);
        }

        if (hasBody)
        {
            statuses.Add(413);
            statuses.Add(415);
        }

        if (!metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            statuses.Add(429);
        }

        operation.Responses ??= [];
        foreach (var status in statuses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.TryGetValue(key, out var declared))
            {
                // Declared by the route (ProducesProblem): keep it, with the shared description when it has none.
                if (declared is OpenApiResponse response && string.IsNullOrEmpty(response.Description))
                {
                    response.Description = Descriptions[status];
                }

                continue;
            }

            operation.Responses[key] = ProblemResponse(status, document);
        }

        // The route's own problems (ProducesProblem): point them at the shared schema and describe them.
        foreach (var (key, value) in operation.Responses)
        {
            if (value is OpenApiResponse { Content: { } content } response && content.ContainsKey(ProblemJson) && int.TryParse(key, out var code))
            {
                content[ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) };
                if (string.IsNullOrEmpty(response.Description) || response.Description is "Bad Request" or "Conflict" or "Unprocessable Entity" or "Bad Gateway" or "Service Unavailable")
                {
                    response.Description = Descriptions.GetValueOrDefault(code, response.Description ?? "");
                }
            }
        }
    }

    private static OpenApiResponse ProblemResponse(int status, OpenApiDocument? document)
    {
        var response = new OpenApiResponse
        {
            Description = Descriptions[status],
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) } },
        };
        if (status == 401)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["WWW-Authenticate"] = new OpenApiHeader { Description = "ApiKey header=\"X-API-Key\", Bearer", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }
        else if (status == 429)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }

        return response;
    }

    /// <summary>RFC 9457 with the server's extensions (field, errors, reason; others per problem).</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request member or parameter at fault (400)" },
            ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Why a request was blocked (422)" },
        },
    };
}
