using System.Text.Json.Nodes;
using Continuum.Pce.Api.Auth;

namespace Continuum.Pce.Api.Tapi;

/// <summary>
/// The TAPI 2.5 northbound over RESTCONF (RFC 8040, JSON per RFC 7951) under /restconf: the context with its
/// service-interface-points, the topology, connectivity services (lightpaths), path computation and notification
/// subscriptions with their event streams. Authentication, roles and tenants are /api/v1's (the same API keys);
/// errors are <c>ietf-restconf:errors</c> bodies with /api/v1's statuses. TAPI 2.5 has no RPCs: services, path
/// computations and subscriptions are created by POST on their context and deleted by DELETE on their entry, as the
/// 2.5 YANG makes them configuration lists. The 2.1-style <c>compute-p2p-path</c> operation is kept for older clients.
/// Not in the OpenAPI document (its schema is the TAPI YANG).
/// </summary>
public static class TapiEndpoints
{
    private const string Context = "/data/tapi-common:context";
    private const string Connectivity = Context + "/tapi-connectivity:connectivity-context";
    private const string PathComputation = Context + "/tapi-path-computation:path-computation-context";
    private const string Notification = Context + "/tapi-notification:notification-context";
    private const string Topology = Context + "/tapi-topology:topology-context";

    /// <summary>RFC 8040 §3.1 / RFC 8525: the revision of ietf-yang-library this server's library follows.</summary>
    public const string YangLibraryVersion = "2019-01-04";

    /// <summary>The TAPI services: operations over /api/v1's, the store of path computations and subscriptions, notifications.</summary>
    public static IServiceCollection AddTapi(this IServiceCollection services)
    {
        services.AddSingleton<TapiStore>();
        services.AddSingleton<TapiOperations>();
        services.AddSingleton<TapiNotifications>();
        return services;
    }

    public static IEndpointRouteBuilder MapTapi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/host-meta", () => Results.Text("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n  <Link rel='restconf' href='/restconf'/>\n</XRD>\n", "application/xrd+xml"))
            .ExcludeFromDescription().AllowAnonymous();

        var rc = app.MapGroup(Restconf.Root).ExcludeFromDescription();
        rc.AddEndpointFilter(Authorize);

        rc.MapGet("", () => Restconf.Json(new JsonObject
        {
            ["ietf-restconf:restconf"] = new JsonObject { ["data"] = new JsonObject(), ["operations"] = new JsonObject(), ["yang-library-version"] = YangLibraryVersion },
        }));
        rc.MapGet("/yang-library-version", () => Restconf.Json(new JsonObject { ["ietf-restconf:yang-library-version"] = YangLibraryVersion }));

        rc.MapGet(Context, async (HttpContext http, TapiOperations tapi) =>
            Restconf.Json(new JsonObject { ["tapi-common:context"] = await tapi.ContextAsync(Caller.From(http.User)) }));

        rc.MapGet(Context + "/service-interface-point", async (HttpContext http, TapiOperations tapi) =>
        {
            var (sips, error) = await tapi.SipsAsync(Caller.From(http.User));
            return error?.ToResult() ?? Restconf.Json(new JsonObject { ["tapi-common:service-interface-point"] = sips });
        });
        rc.MapGet(Context + "/service-interface-point={uuid}", async (string uuid, HttpContext http, TapiOperations tapi) =>
        {
            var (sips, error) = await tapi.SipsAsync(Caller.From(http.User));
            return error?.ToResult() ?? One("tapi-common:service-interface-point", sips!, uuid, "/tapi-common:context/service-interface-point", "service-interface-point");
        });

        rc.MapGet(Topology, async (HttpContext http, TapiOperations tapi) =>
        {
            var (topology, error) = await tapi.TopologyAsync(Caller.From(http.User));
            return error?.ToResult() ?? Restconf.Json(new JsonObject { ["tapi-topology:topology-context"] = new JsonObject { ["topology"] = new JsonArray(topology) } });
        });
        rc.MapGet(Topology + "/topology={uuid}", async (string uuid, HttpContext http, TapiOperations tapi) =>
        {
            var (topology, error) = await tapi.TopologyAsync(Caller.From(http.User));
            return error?.ToResult() ?? One("tapi-topology:topology", new JsonArray(topology), uuid, TopologyPath, "topology");
        });
        rc.MapGet(Topology + "/topology={topology}/node={uuid}", async (string topology, string uuid, HttpContext http, TapiOperations tapi) =>
        {
            var (t, error) = await tapi.TopologyAsync(Caller.From(http.User));
            return error?.ToResult() ?? (Matches(t!, topology) ? One("tapi-topology:node", (JsonArray)t!["node"]!, uuid, TopologyPath + "/node", "node") : TopologyNotFound(topology));
        });
        rc.MapGet(Topology + "/topology={topology}/link={uuid}", async (string topology, string uuid, HttpContext http, TapiOperations tapi) =>
        {
            var (t, error) = await tapi.TopologyAsync(Caller.From(http.User));
            return error?.ToResult() ?? (Matches(t!, topology) ? One("tapi-topology:link", (JsonArray)t!["link"]!, uuid, TopologyPath + "/link", "link") : TopologyNotFound(topology));
        });

        rc.MapGet(Connectivity, async (HttpContext http, TapiOperations tapi) => Restconf.Json(new JsonObject
        {
            ["tapi-connectivity:connectivity-context"] = await tapi.ConnectivityContextAsync(Caller.From(http.User)),
        }));
        rc.MapGet(Connectivity + "/connection", async (HttpContext http, TapiOperations tapi) =>
            Restconf.Json(new JsonObject { ["tapi-connectivity:connection"] = (await tapi.ConnectivityContextAsync(Caller.From(http.User)))["connection"]?.DeepClone() ?? new JsonArray() }));
        rc.MapGet(Connectivity + "/connection={uuid}", async (string uuid, HttpContext http, TapiOperations tapi) =>
            await tapi.ConnectionAsync(Caller.From(http.User), uuid.ToLowerInvariant()) is { } connection
                ? Restconf.Json(new JsonObject { ["tapi-connectivity:connection"] = new JsonArray(connection.DeepClone()) })
                : RestconfError.NotFound($"/tapi-common:context/tapi-connectivity:connectivity-context/connection[uuid='{uuid}']", $"connection '{uuid}'").ToResult());
        rc.MapGet(Connectivity + "/connectivity-service", async (HttpContext http, TapiOperations tapi) =>
            Restconf.Json(new JsonObject { ["tapi-connectivity:connectivity-service"] = TapiNamesArray(await tapi.ServicesAsync(Caller.From(http.User))) }));
        rc.MapGet(Connectivity + "/connectivity-service={uuid}", async (string uuid, HttpContext http, TapiOperations tapi) =>
            await tapi.FindAsync(uuid, Caller.From(http.User)) is { } lp
                ? Restconf.Json(new JsonObject { ["tapi-connectivity:connectivity-service"] = new JsonArray(tapi.Service(lp)) })
                : RestconfError.NotFound($"{Tapi.TapiRequestReader.ServicePath}[uuid='{uuid}']", $"connectivity-service '{uuid}'").ToResult());
        rc.MapPost(Connectivity, async (HttpContext http, TapiOperations tapi) =>
        {
            var (body, error) = await Restconf.ReadAsync(http.Request);
            if (error is not null)
            {
                return error.ToResult();
            }

            var (uuid, refused) = await tapi.CreateServiceAsync(body!, Caller.From(http.User));
            return refused?.ToResult() ?? Restconf.Created($"{Restconf.Root}{Connectivity}/connectivity-service={uuid}");
        }).WithMetadata(new TapiRole(Roles.Operator));
        rc.MapDelete(Connectivity + "/connectivity-service={uuid}", async (string uuid, HttpContext http, TapiOperations tapi) =>
        {
            var (status, error) = await tapi.DeleteServiceAsync(uuid, Caller.From(http.User));
            return error?.ToResult() ?? Results.StatusCode(status);
        }).WithMetadata(new TapiRole(Roles.Operator));

        rc.MapGet(PathComputation, (HttpContext http, TapiOperations tapi) =>
            Restconf.Json(new JsonObject { ["tapi-path-computation:path-computation-context"] = tapi.PathComputationContext(Caller.From(http.User)) }));
        rc.MapPost(PathComputation, async (HttpContext http, TapiOperations tapi) =>
        {
            var (body, error) = await Restconf.ReadAsync(http.Request);
            if (error is not null)
            {
                return error.ToResult();
            }

            var (uuid, refused) = await tapi.ComputeAsync(body!, Caller.From(http.User));
            return refused?.ToResult() ?? Restconf.Created($"{Restconf.Root}{PathComputation}/path-comp-service={uuid}");
        });
        rc.MapGet(PathComputation + "/path-comp-service={uuid}", (string uuid, HttpContext http, TapiOperations tapi) =>
            tapi.PathComputation(uuid, Caller.From(http.User)) is { } computed
                ? Restconf.Json(new JsonObject { ["tapi-path-computation:path-comp-service"] = new JsonArray(computed.Service.DeepClone()) })
                : RestconfError.NotFound($"{Tapi.TapiRequestReader.PathServicePath}[uuid='{uuid}']", $"path-comp-service '{uuid}'").ToResult());
        rc.MapDelete(PathComputation + "/path-comp-service={uuid}", (string uuid, HttpContext http, TapiOperations tapi) =>
            tapi.DeletePathComputation(uuid, Caller.From(http.User))
                ? Results.NoContent()
                : RestconfError.NotFound($"{Tapi.TapiRequestReader.PathServicePath}[uuid='{uuid}']", $"path-comp-service '{uuid}'").ToResult());
        rc.MapGet(PathComputation + "/path={uuid}", (string uuid, HttpContext http, TapiOperations tapi) =>
            tapi.Path(uuid, Caller.From(http.User)) is { } path
                ? Restconf.Json(new JsonObject { ["tapi-path-computation:path"] = new JsonArray(path.DeepClone()) })
                : RestconfError.NotFound($"/tapi-common:context/tapi-path-computation:path-computation-context/path[uuid='{uuid}']", $"path '{uuid}'").ToResult());
        rc.MapPost("/operations/tapi-path-computation:compute-p2p-path", ComputeP2pPathAsync);

        rc.MapGet(Notification, (HttpContext http, TapiOperations tapi) =>
            Restconf.Json(new JsonObject { ["tapi-notification:notification-context"] = tapi.NotificationContext(Caller.From(http.User)) }));
        rc.MapPost(Notification, async (HttpContext http, TapiNotifications notifications) =>
        {
            var (body, error) = await Restconf.ReadAsync(http.Request);
            if (error is not null)
            {
                return error.ToResult();
            }

            var (uuid, refused) = notifications.Create(body!, Caller.From(http.User));
            return refused?.ToResult() ?? Restconf.Created($"{Restconf.Root}{Notification}/notif-subscription={uuid}");
        });
        rc.MapGet(Notification + "/notif-subscription={uuid}", (string uuid, HttpContext http, TapiNotifications notifications) =>
            notifications.Find(uuid, Caller.From(http.User)) is { } s
                ? Restconf.Json(new JsonObject { ["tapi-notification:notif-subscription"] = new JsonArray(TapiNotifications.Subscription(s)) })
                : SubscriptionNotFound(uuid));
        rc.MapDelete(Notification + "/notif-subscription={uuid}", (string uuid, HttpContext http, TapiNotifications notifications) =>
            notifications.Delete(uuid, Caller.From(http.User)) ? Results.NoContent() : SubscriptionNotFound(uuid));
        rc.MapGet("/streams/tapi-notification/{uuid}", async (string uuid, HttpContext http, TapiNotifications notifications) =>
        {
            var caller = Caller.From(http.User);
            if (notifications.Find(uuid, caller) is not { } subscription)
            {
                return SubscriptionNotFound(uuid);
            }

            await notifications.StreamAsync(http, subscription, caller);
            return Results.Empty;
        });

        rc.Map("/{**rest}", (string? rest) => new RestconfError(404, "invalid-value", $"no resource at /restconf/{rest} (docs/tapi.md lists the resources served)").ToResult());
        return app;
    }

    private const string TopologyPath = "/tapi-common:context/tapi-topology:topology-context/topology";

    /// <summary>TAPI 2.1's compute-p2p-path RPC, for clients of that release: the same computation as a path-comp-service POST; the output holds the service and its paths.</summary>
    private static async Task<IResult> ComputeP2pPathAsync(HttpContext http, TapiOperations tapi)
    {
        var (body, error) = await Restconf.ReadAsync(http.Request);
        if (error is not null)
        {
            return error.ToResult();
        }

        if (body!.Count != 1 || body["tapi-path-computation:input"] is not JsonObject input)
        {
            return RestconfError.Malformed("the body must be {\"tapi-path-computation:input\": {\"end-point\": [...], ...}}").ToResult();
        }

        var caller = Caller.From(http.User);
        var (uuid, refused) = await tapi.ComputeAsync(new JsonObject { ["tapi-path-computation:path-comp-service"] = new JsonArray(input.DeepClone()) }, caller);
        if (refused is not null)
        {
            return refused.ToResult();
        }

        var computed = tapi.PathComputation(uuid!, caller)!;
        var service = computed.Service.DeepClone().AsObject();
        service["path"] = new JsonArray([.. computed.Paths.Select(p => p.DeepClone())]);
        return Restconf.Json(new JsonObject { ["tapi-path-computation:output"] = new JsonObject { ["service"] = service } });
    }

    /// <summary>Viewer keys read and compute; creating and deleting services needs an operator (as /api/v1). Refusals are RESTCONF errors.</summary>
    private static async ValueTask<object?> Authorize(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true)
        {
            var hasKey = http.Request.Headers.ContainsKey("X-API-Key") || http.Request.Headers.Authorization.Count > 0;
            var message = hasKey
                ? "the API key is not valid (revoked, mistyped or of another server)"
                : "an API key is required: send it in the X-API-Key header or as Authorization: Bearer <key>";
            return new RestconfError(401, "access-denied", message)
            {
                Type = "protocol",
                Challenge = hasKey ? ApiKeyAuthenticationHandler.InvalidKeyChallenge : ApiKeyAuthenticationHandler.Challenge,
            }.ToResult();
        }

        var required = http.GetEndpoint()?.Metadata.GetMetadata<TapiRole>()?.Role ?? Roles.Viewer;
        var role = Caller.From(http.User).Role;
        if (!Roles.Covers(role, required))
        {
            return new RestconfError(403, "access-denied", $"the key's role '{role}' may not {http.Request.Method} {http.Request.Path}: it needs {required}") { Type = "protocol" }.ToResult();
        }

        return await next(context);
    }

    private static IResult One(string member, JsonArray list, string uuid, string path, string what) =>
        list.OfType<JsonObject>().FirstOrDefault(e => string.Equals(e["uuid"]?.GetValue<string>(), uuid, StringComparison.OrdinalIgnoreCase)) is { } entry
            ? Restconf.Json(new JsonObject { [member] = new JsonArray(entry.DeepClone()) })
            : RestconfError.NotFound($"{path}[uuid='{uuid}']", $"{what} '{uuid}'").ToResult();

    private static bool Matches(JsonObject topology, string uuid) => string.Equals(topology["uuid"]?.GetValue<string>(), uuid, StringComparison.OrdinalIgnoreCase);

    private static IResult TopologyNotFound(string uuid) => RestconfError.NotFound($"{TopologyPath}[uuid='{uuid}']", $"topology '{uuid}'").ToResult();

    private static IResult SubscriptionNotFound(string uuid) =>
        RestconfError.NotFound($"{TapiNotifications.SubscriptionPath}[uuid='{uuid}']", $"notif-subscription '{uuid}'").ToResult();

    private static JsonArray TapiNamesArray(List<JsonNode?> items) => TapiNames.Array(items);

    /// <summary>The least role an endpoint needs (viewer when absent).</summary>
    private sealed record TapiRole(string Role);
}
