using System.Text.Json.Nodes;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Operations;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Grains.Lightpaths;

namespace Continuum.Pce.Api.Tapi;

/// <summary>
/// TAPI's resources on top of the /api/v1 operations: a connectivity service is a lightpath (created, read, listed and
/// deleted by <see cref="LightpathOperations"/>, with its tenancy and errors), a path-comp-service is a path
/// computation (<see cref="PathOperations"/>), the topology and its spectrum are the inventory
/// (<see cref="InventoryOperations"/>). Nothing here decides anything a lightpath or a path needs: it translates.
/// </summary>
public sealed class TapiOperations(INetworkCatalog catalog, LightpathServices lightpaths, LightpathOperations lightpathOps, PathOperations pathOps,
    InventoryOperations inventory, TapiStore store)
{
    private const int PageSize = 500;

    public NetworkSnapshot? Snapshot => catalog.Current;

    public async Task<JsonObject> ContextAsync(Caller caller)
    {
        var snapshot = Snapshot;
        var context = new JsonObject
        {
            ["uuid"] = TapiUuid.Context(),
            ["name"] = TapiNames.Names(("context-name", "continuum-pce"), ("tenant", caller.SeesAllTenants ? null : caller.Tenant)),
        };
        if (snapshot is not null)
        {
            var state = await TopologyStateAsync(snapshot, caller);
            context["service-interface-point"] = TapiTopology.ServiceInterfacePoints(snapshot, state.NodeHealth);
            context["tapi-topology:topology-context"] = new JsonObject { ["topology"] = new JsonArray(TapiTopology.Topology(snapshot, state)) };
        }

        context["tapi-connectivity:connectivity-context"] = await ConnectivityContextAsync(caller);
        context["tapi-path-computation:path-computation-context"] = PathComputationContext(caller);
        context["tapi-notification:notification-context"] = NotificationContext(caller);
        return context;
    }

    public async Task<(JsonArray? Sips, RestconfError? Error)> SipsAsync(Caller caller)
    {
        if (Snapshot is not { } snapshot)
        {
            return (null, NoTopology());
        }

        var state = await TopologyStateAsync(snapshot, caller);
        return (TapiTopology.ServiceInterfacePoints(snapshot, state.NodeHealth), null);
    }

    public async Task<(JsonObject? Topology, RestconfError? Error)> TopologyAsync(Caller caller)
    {
        if (Snapshot is not { } snapshot)
        {
            return (null, NoTopology());
        }

        return (TapiTopology.Topology(snapshot, await TopologyStateAsync(snapshot, caller)), null);
    }

    /// <summary>The connectivity context: the caller's services and the connections that realise them.</summary>
    public async Task<JsonObject> ConnectivityContextAsync(Caller caller)
    {
        var mine = await LightpathsAsync(caller);
        var context = new JsonObject { ["connectivity-service"] = TapiNames.Array(mine.Select(lp => (JsonNode?)Service(lp))) };
        var connections = TapiConnections.Connections(mine, Snapshot, lightpaths.Topology);
        if (connections.Count > 0)
        {
            context["connection"] = connections;
        }

        return context;
    }

    /// <summary>The caller's connection of UUID <paramref name="uuid"/>, or null.</summary>
    public async Task<JsonObject?> ConnectionAsync(Caller caller, string uuid) =>
        TapiConnections.Connections(await LightpathsAsync(caller), Snapshot, lightpaths.Topology).OfType<JsonObject>()
            .FirstOrDefault(c => c["uuid"]!.GetValue<string>() == uuid);

    /// <summary>The caller's connectivity services: its tenant's lightpaths (an admin's: every tenant's), less refused and deleted ones.</summary>
    public async Task<List<JsonNode?>> ServicesAsync(Caller caller)
    {
        var services = new List<JsonNode?>();
        foreach (var lp in await LightpathsAsync(caller))
        {
            services.Add(Service(lp));
        }

        return services;
    }

    public LightpathDto Lightpath(Grains.Abstractions.LightpathView view) => lightpathOps.Lightpath(view);

    public JsonObject Service(LightpathDto lp) => TapiConnectivity.Service(lp, Snapshot, lightpaths.Topology);

    /// <summary>The caller's service of UUID <paramref name="uuid"/>, or null.</summary>
    public async Task<LightpathDto?> FindAsync(string uuid, Caller caller)
    {
        if (!TapiUuid.IsUuid(uuid))
        {
            return null;
        }

        uuid = TapiUuid.Canonical(uuid);
        // A service created here is the lightpath "tapi-<uuid>" of the caller's tenant: one read.
        var direct = await lightpathOps.GetAsync(TapiUuid.LightpathIdFor(uuid), caller);
        if (direct.IsSuccess && Visible(direct.Value!))
        {
            return direct.Value;
        }

        // Any other lightpath (made through /api/v1 or gRPC, or another tenant's for an admin): its name-based UUID.
        return (await LightpathsAsync(caller)).FirstOrDefault(lp => TapiUuid.Service(lp.Tenant, lp.Id) == uuid);
    }

    /// <summary>Creates a connectivity service: the lightpath "tapi-&lt;uuid&gt;" through <see cref="LightpathOperations.CreateAsync"/>.</summary>
    public async Task<(string? Uuid, RestconfError? Error)> CreateServiceAsync(JsonObject body, Caller caller)
    {
        if (Snapshot is not { } snapshot)
        {
            return (null, NoTopology());
        }

        var (request, error) = new TapiRequestReader(snapshot).ReadService(body);
        if (error is not null)
        {
            return (null, error);
        }

        var uuid = request!.Uuid ?? Guid.NewGuid().ToString("D");
        var root = TapiRequestReader.ServicePath;
        // One read: the lightpath this UUID names. (A name-based UUID of a lightpath made elsewhere is version 5; a
        // client's UUID colliding with one is not looked for, which would list every lightpath of the tenant per create.)
        if ((await lightpathOps.GetAsync(TapiUuid.LightpathIdFor(uuid), caller)).IsSuccess)
        {
            return (null, RestconfError.DataExists($"{root}[uuid='{uuid}']", $"connectivity-service '{uuid}' exists (or was refused before): choose another uuid"));
        }

        var (diverse, diverseError) = await DiverseFromAsync(request.DiverseFromServices, caller, root);
        if (diverseError is not null)
        {
            return (null, diverseError);
        }

        var constraints = diverse.Count > 0 ? request.Constraints with { DiverseFrom = diverse } : request.Constraints;
        var created = await lightpathOps.CreateAsync(new CreateLightpathDto
        {
            Id = TapiUuid.LightpathIdFor(uuid),
            Source = request.Source,
            Destination = request.Destination,
            RateGbps = request.RateGbps,
            Constraints = constraints,
            Restoration = request.Restoration,
            Protection = request.Protection,
        }, caller, idempotencyKey: null);
        return created.IsSuccess ? (uuid, null) : (null, RestconfError.From(created.Error!, f => TapiRequestReader.PathOf(f, root)));
    }

    /// <summary>Deletes a service: 204 when the devices are clear, 202 when a device refused and the cleanup is retried (as /api/v1).</summary>
    public async Task<(int Status, RestconfError? Error)> DeleteServiceAsync(string uuid, Caller caller)
    {
        var lp = await FindAsync(uuid, caller);
        if (lp is null)
        {
            return (0, RestconfError.NotFound($"{TapiRequestReader.ServicePath}[uuid='{uuid}']", $"connectivity-service '{uuid}'"));
        }

        var deleted = await lightpathOps.DeleteAsync(lp.Id, caller, lp.Tenant);
        return deleted.IsSuccess ? (deleted.SuccessStatus == 202 ? 202 : 204, null) : (0, RestconfError.From(deleted.Error!));
    }

    /// <summary>Computes paths for a path-comp-service (nothing reserved) and keeps it with its paths for the caller's tenant.</summary>
    public async Task<(string? Uuid, RestconfError? Error)> ComputeAsync(JsonObject body, Caller caller)
    {
        if (Snapshot is not { } snapshot)
        {
            return (null, NoTopology());
        }

        var (request, error) = new TapiRequestReader(snapshot).ReadPathService(body);
        if (error is not null)
        {
            return (null, error);
        }

        var uuid = request!.Uuid ?? Guid.NewGuid().ToString("D");
        var root = TapiRequestReader.PathServicePath;
        if (store.PathComputations(caller.Tenant).Any(p => p.Uuid == uuid))
        {
            return (null, RestconfError.DataExists($"{root}[uuid='{uuid}']", $"path-comp-service '{uuid}' exists"));
        }

        var computed = await pathOps.ComputeAsync(new PathRequestDto
        {
            Source = request.Source,
            Destination = request.Destination,
            RateGbps = request.RateGbps,
            Constraints = request.Constraints,
        }, caller);
        if (!computed.IsSuccess)
        {
            return (null, RestconfError.From(computed.Error!, f => TapiRequestReader.PathOf(f, root)?.Replace("/connectivity-constraint/requested-capacity", "/end-point/capacity", StringComparison.Ordinal)));
        }

        var paths = computed.Value!.Candidates.Select((c, i) => TapiConnectivity.Path(TapiUuid.Of($"path/{caller.Tenant}/{uuid}/{i + 1}"), c, snapshot, i + 1)).ToList();
        var service = PathService(uuid, request, paths);
        if (!store.TryAddPathComputation(caller.Tenant, new PathComputation(uuid, service, paths, DateTimeOffset.UtcNow)))
        {
            return (null, RestconfError.DataExists($"{root}[uuid='{uuid}']", $"path-comp-service '{uuid}' exists"));
        }

        return (uuid, null);
    }

    public JsonObject PathComputationContext(Caller caller)
    {
        var mine = store.PathComputations(caller.SeesAllTenants ? null : caller.Tenant).ToList();
        return new JsonObject
        {
            ["path-comp-service"] = TapiNames.Array(mine.Select(p => (JsonNode?)p.Service.DeepClone())),
            ["path"] = TapiNames.Array(mine.SelectMany(p => p.Paths).Select(p => (JsonNode?)p.DeepClone())),
        };
    }

    public PathComputation? PathComputation(string uuid, Caller caller) =>
        store.PathComputations(caller.SeesAllTenants ? null : caller.Tenant).FirstOrDefault(p => p.Uuid == uuid.ToLowerInvariant());

    public JsonObject? Path(string uuid, Caller caller) =>
        store.PathComputations(caller.SeesAllTenants ? null : caller.Tenant).SelectMany(p => p.Paths).FirstOrDefault(p => p["uuid"]!.GetValue<string>() == uuid.ToLowerInvariant());

    public bool DeletePathComputation(string uuid, Caller caller) => store.TryRemovePathComputation(caller.SeesAllTenants ? null : caller.Tenant, uuid.ToLowerInvariant());

    public JsonObject NotificationContext(Caller caller) => new()
    {
        ["notif-subscription"] = TapiNames.Array(store.Subscriptions(caller.SeesAllTenants ? null : caller.Tenant).Select(s => (JsonNode?)TapiNotifications.Subscription(s))),
    };

    private static JsonObject PathService(string uuid, TapiRequest request, List<JsonObject> paths)
    {
        JsonObject EndPoint(string localId, string sip) => new()
        {
            ["local-id"] = localId,
            ["layer-protocol-name"] = TapiNames.PhotonicMedia,
            ["layer-protocol-qualifier"] = TapiNames.Otsi,
            ["role"] = "SYMMETRIC",
            ["direction"] = "BIDIRECTIONAL",
            ["capacity"] = TapiTopology.Capacity(request.RateGbps),
            ["service-interface-point"] = new JsonObject { ["service-interface-point-uuid"] = sip },
        };

        var service = new JsonObject
        {
            ["uuid"] = uuid,
            ["layer-protocol-name"] = TapiNames.PhotonicMedia,
            ["direction"] = "BIDIRECTIONAL",
            ["path"] = TapiNames.Array(paths.Select(p => (JsonNode?)new JsonObject { ["path-uuid"] = p["uuid"]!.GetValue<string>() })),
            ["end-point"] = new JsonArray(EndPoint("a", request.Sips[0]), EndPoint("z", request.Sips[1])),
        };
        var routing = new JsonObject();
        if (request.Constraints.MaxLatencyUs is { } latency)
        {
            routing["max-allowed-delay"] = new JsonObject { ["value"] = TapiNames.U64((long)Math.Floor(latency)) };
        }

        if (request.Constraints.Diversity is { } diversity)
        {
            routing["diversity-policy"] = diversity.ToUpperInvariant();
        }

        if (request.Constraints.Objective is { } objective)
        {
            routing["route-objective-function"] = objective switch { "hops" => "MIN_WORK_ROUTE_HOP", "cost" => "MIN_WORK_ROUTE_COST", _ => "MIN_WORK_ROUTE_LATENCY" };
        }

        if (routing.Count > 0)
        {
            service["routing-constraint"] = routing;
        }

        return service;
    }

    private async Task<(List<string> Lightpaths, RestconfError? Error)> DiverseFromAsync(IReadOnlyList<string> services, Caller caller, string root)
    {
        var ids = new List<string>();
        foreach (var uuid in services)
        {
            var lp = await FindAsync(uuid, caller);
            if (lp is null || lp.Tenant != caller.Tenant)
            {
                return ([], RestconfError.Invalid(root + "/connectivity-constraint/diversity-exclusion/connectivity-service-uuid", $"no connectivity-service '{uuid}'"));
            }

            ids.Add(lp.Id);
        }

        return (ids, null);
    }

    private async Task<List<LightpathDto>> LightpathsAsync(Caller caller)
    {
        var all = new List<LightpathDto>();
        string? cursor = null;
        do
        {
            var page = await lightpathOps.ListAsync(caller, null, null, cursor, PageSize);
            if (!page.IsSuccess)
            {
                break;
            }

            all.AddRange(page.Value!.Items.Where(Visible));
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>Refused creates (Blocked: never provisioned) and deleted lightpaths are no services.</summary>
    private static bool Visible(LightpathDto lp) => lp.State is not ("Blocked" or "Deleted");

    private async Task<TopologyState> TopologyStateAsync(NetworkSnapshot snapshot, Caller caller)
    {
        var nodes = await inventory.ListNodesAsync(null);
        var health = nodes.IsSuccess ? nodes.Value!.ToDictionary(n => n.Id, n => n.Health, StringComparer.Ordinal) : new Dictionary<string, string?>(StringComparer.Ordinal);
        var spectra = await Task.WhenAll(snapshot.Network.Fibers.Select(f => inventory.GetSpectrumAsync(f.Id.Value, caller)));
        var spectrum = spectra.Where(s => s.IsSuccess).Select(s => s.Value!).ToDictionary(s => s.Fiber, StringComparer.Ordinal);
        return new TopologyState(health, spectrum) { Ceps = TapiConnections.CepLists(await LightpathsAsync(caller), snapshot, lightpaths.Topology) };
    }

    private static RestconfError NoTopology() => new(503, "resource-denied", "no topology is loaded yet");
}
