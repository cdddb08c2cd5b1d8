using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Continuum.Pce.Api.Alarms;
using Continuum.Pce.Api.Auth;
using Continuum.Pce.Api.Events;
using Continuum.Pce.Api.Hosting;
using Continuum.Pce.Application.Ports;
using Continuum.Pce.Domain.Identity;
using static Continuum.Pce.Api.Tapi.TapiNames;

namespace Continuum.Pce.Api.Tapi;

/// <summary>
/// tapi-notification: subscriptions (notif-subscription) and their RESTCONF event streams (RFC 8040 §6: server-sent
/// events, each <c>data:</c> line one <c>ietf-restconf:notification</c> carrying a <c>tapi-notification:event-notification</c>).
/// Events come from the server's cluster-wide watch streams: lightpath transitions become connectivity-service events;
/// fibre-down and node-unreachable alarms (raised and cleared) become link and node operational-state changes; a new
/// topology version becomes a topology change.
/// </summary>
public sealed class TapiNotifications(TapiStore store, ChangeFeed feed, ObservableNetworkCatalog catalog, TapiOperations tapi)
{
    public const string StreamRoot = Restconf.Root + "/streams/tapi-notification/";

    public const string SubscriptionPath = "/tapi-common:context/tapi-notification:notification-context/notif-subscription";

    private static readonly HashSet<string> Members = ["uuid", "name", "subscription-filter", "notification-channel", "subscription-state"];

    private static readonly HashSet<string> FilterMembers = ["local-id", "name", "requested-notification-types", "requested-object-types", "requested-layer-protocols",
        "requested-object-identifier", "include-content"];

    public static JsonObject Subscription(NotificationSubscription s) => new()
    {
        ["uuid"] = s.Uuid,
        ["name"] = Names(("tenant", s.Tenant)),
        ["subscription-filter"] = s.Filters.DeepClone(),
        ["notification-channel"] = new JsonObject { ["stream-address"] = StreamRoot + s.Uuid, ["next-sequence-no"] = U64(s.NextSequence) },
        ["subscription-state"] = "ACTIVE",
    };

    /// <summary>Creates a subscription for the caller's tenant from a POST on notification-context.</summary>
    public (string? Uuid, RestconfError? Error) Create(JsonObject body, Caller caller)
    {
        if (body.Count != 1 || body["tapi-notification:notif-subscription"] is not { } value)
        {
            return (null, RestconfError.Malformed("the body must be {\"tapi-notification:notif-subscription\": [ {...} ]}"));
        }

        var entry = value is JsonArray { Count: 1 } one ? one[0] as JsonObject : value as JsonObject;
        if (entry is null)
        {
            return (null, RestconfError.Malformed("'tapi-notification:notif-subscription' must hold exactly one entry"));
        }

        foreach (var (name, _) in entry)
        {
            if (!Members.Contains(name))
            {
                return (null, RestconfError.UnknownElement($"{SubscriptionPath}/{name}", $"unknown or unsupported member '{name}'"));
            }
        }

        var uuid = Guid.NewGuid().ToString("D");
        if (entry["uuid"] is { } u)
        {
            if (!TapiRequestReader.TryString(u, out var text) || !TapiUuid.IsUuid(text))
            {
                return (null, RestconfError.Invalid(SubscriptionPath + "/uuid", "must be a UUID (RFC 4122 text form)"));
            }

            uuid = TapiUuid.Canonical(text!);
        }

        if (entry["subscription-state"] is { } state && (!TapiRequestReader.TryString(state, out var s) || s != "ACTIVE"))
        {
            return (null, RestconfError.NotSupported(SubscriptionPath + "/subscription-state", "a subscription is created ACTIVE; SUSPENDED is not supported"));
        }

        var types = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var notificationTypes = new HashSet<string>(StringComparer.Ordinal);
        var includeContent = false;
        var filters = entry["subscription-filter"] as JsonArray ?? [];
        if (entry["subscription-filter"] is { } f && f is not JsonArray)
        {
            return (null, RestconfError.Invalid(SubscriptionPath + "/subscription-filter", "must be a list"));
        }

        foreach (var filter in filters.OfType<JsonObject>())
        {
            var path = SubscriptionPath + "/subscription-filter";
            foreach (var (name, member) in filter)
            {
                if (!FilterMembers.Contains(name))
                {
                    return (null, RestconfError.UnknownElement($"{path}/{name}", $"unknown member '{name}'"));
                }

                switch (name)
                {
                    case "requested-object-types":
                        foreach (var t in Strings(member))
                        {
                            var known = NotifiableObjectTypes.FirstOrDefault(k => IsIdentity(t, k));
                            if (known is null)
                            {
                                return (null, RestconfError.NotSupported($"{path}/{name}", $"object type '{t}' is not notified (served: {string.Join(", ", NotifiableObjectTypes)})"));
                            }

                            types.Add(known);
                        }

                        break;
                    case "requested-notification-types":
                        foreach (var t in Strings(member))
                        {
                            var known = new[] { ObjectCreation, ObjectDeletion, AttributeValueChange }.FirstOrDefault(k => IsIdentity(t, k));
                            if (known is null)
                            {
                                return (null, RestconfError.Invalid($"{path}/{name}", $"unknown notification type '{t}'"));
                            }

                            notificationTypes.Add(known);
                        }

                        break;
                    case "requested-layer-protocols":
                        if (Strings(member).Any(l => l != PhotonicMedia))
                        {
                            return (null, RestconfError.NotSupported($"{path}/{name}", "only PHOTONIC_MEDIA is served"));
                        }

                        break;
                    case "requested-object-identifier":
                        foreach (var id in Strings(member))
                        {
                            if (!TapiUuid.IsUuid(id))
                            {
                                return (null, RestconfError.Invalid($"{path}/{name}", $"'{id}' is not a UUID"));
                            }

                            ids.Add(TapiUuid.Canonical(id));
                        }

                        break;
                    case "include-content":
                        includeContent = member is JsonValue v && v.TryGetValue<bool>(out var include) && include;
                        break;
                }
            }
        }

        var subscription = new NotificationSubscription(uuid, caller.Tenant, (JsonArray)filters.DeepClone(), new SubscriptionFilter(types, ids, notificationTypes, includeContent), DateTimeOffset.UtcNow);
        return store.Subscriptions(null).Any(x => x.Uuid == uuid) || !store.TryAddSubscription(subscription)
            ? (null, RestconfError.DataExists($"{SubscriptionPath}[uuid='{uuid}']", $"notif-subscription '{uuid}' exists"))
            : (uuid, null);
    }

    public NotificationSubscription? Find(string uuid, Caller caller) =>
        store.Subscriptions(caller.SeesAllTenants ? null : caller.Tenant).FirstOrDefault(s => s.Uuid == uuid.ToLowerInvariant());

    public bool Delete(string uuid, Caller caller) => store.TryRemoveSubscription(caller.SeesAllTenants ? null : caller.Tenant, uuid.ToLowerInvariant());

    /// <summary>
    /// Streams the subscription's events as server-sent events until the client leaves or the subscription is deleted.
    /// The watch streams are registered before the response headers go out, so a client that has the headers misses nothing after them.
    /// </summary>
    public async Task StreamAsync(HttpContext http, NotificationSubscription subscription, Caller caller)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, subscription.Closed.Token);
        var ct = linked.Token;
        var events = Channel.CreateBounded<JsonObject>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var lightpathChanges = feed.WatchLightpaths(ct);
        var alarmChanges = feed.WatchAlarms(ct);
        void OnTopology(NetworkSnapshot snapshot) => Offer(events, subscription, TopologyEvent(snapshot), TopologyObject, TapiUuid.Topology(), AttributeValueChange);
        catalog.Published += OnTopology;
        try
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.Body.FlushAsync(ct);
            var pumps = Task.WhenAll(
                PumpAsync(lightpathChanges, change =>
                {
                    if (caller.Sees(change.Lightpath.Tenant) && change.Lightpath.BlockReason is null)
                    {
                        var (notification, type) = ServiceEvent(change, subscription.Filter.IncludeContent);
                        Offer(events, subscription, notification, ServiceObject, TapiUuid.Service(change.Lightpath.Tenant, change.Lightpath.Id), type);
                    }
                }, ct),
                PumpAsync(alarmChanges, change =>
                {
                    if (ResourceEvent(change) is { } resource && change.Alarm.VisibleTo(caller.SeesAllTenants ? null : caller.Tenant))
                    {
                        Offer(events, subscription, resource.Notification, resource.ObjectType, resource.ObjectId, AttributeValueChange);
                    }
                }, ct));
            try
            {
                await foreach (var notification in events.Reader.ReadAllAsync(ct))
                {
                    notification["sequence-number"] = U64(subscription.TakeSequence());
                    var envelope = new JsonObject
                    {
                        ["ietf-restconf:notification"] = new JsonObject
                        {
                            ["eventTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                            ["tapi-notification:event-notification"] = notification,
                        },
                    };
                    await http.Response.WriteAsync("data: " + envelope.ToJsonString() + "\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client left or the subscription was deleted.
            }

            await pumps;
        }
        finally
        {
            catalog.Published -= OnTopology;
        }
    }

    private static void Offer(Channel<JsonObject> events, NotificationSubscription subscription, JsonObject notification, string objectType, string objectId, string type)
    {
        if (subscription.Filter.Matches(objectType, objectId, type))
        {
            events.Writer.TryWrite(notification);
        }
    }

    private static async Task PumpAsync<T>(IAsyncEnumerable<T> source, Action<T> onItem, CancellationToken ct)
    {
        try
        {
            await foreach (var item in source.WithCancellation(ct))
            {
                onItem(item);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stream over.
        }
    }

    /// <summary>A lightpath transition as a connectivity-service event: creation when it leaves Requested, deletion when Deleted, else a change.</summary>
    private (JsonObject Notification, string Type) ServiceEvent(LightpathChange change, bool includeContent)
    {
        var lp = tapi.Service(tapi.Lightpath(change.Lightpath));
        var type = change.To == "Deleted" ? ObjectDeletion : IsCreation(change) ? ObjectCreation : AttributeValueChange;
        var notification = Event(ServiceObject, TapiUuid.Service(change.Lightpath.Tenant, change.Lightpath.Id), ("service-name", change.Lightpath.Id), type,
            change.To is "Degraded" or "Restoring" or "Failed" ? "RESOURCE_OPERATION" : "MANAGEMENT_OPERATION", change.At);
        notification["additional-info"] = Names(("from-state", change.From), ("to-state", change.To), ("reason", change.Reason));
        notification["attribute-value-change"] = new JsonObject
        {
            ["changed-attributes"] = $"lifecycle-state: {TapiConnectivity.Lifecycle(change.From)} -> {TapiConnectivity.Lifecycle(change.To)}; " +
                $"operational-state: {(change.From == "Active" ? "ENABLED" : "DISABLED")} -> {(change.To == "Active" ? "ENABLED" : "DISABLED")}",
        };
        if (includeContent)
        {
            notification["tapi-connectivity:connectivity-service"] = WithoutPhotonicMedia(lp);
        }

        return (notification, type);
    }

    /// <summary>
    /// The service as a notification may carry it: tapi-photonic-media augments its L0 attributes into the context's
    /// connectivity services only, not into tapi-notification's event-notification, so they stay out (GET the service);
    /// so does the service's connection reference.
    /// </summary>
    private static JsonObject WithoutPhotonicMedia(JsonObject service)
    {
        // Its connection reference points into the context the event travels without (the connection may be gone by then).
        service.Remove("connection");
        foreach (var endPoint in service["end-point"]?.AsArray() ?? [])
        {
            foreach (var constraint in endPoint?["layer-protocol-constraint"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                foreach (var name in constraint.Select(m => m.Key).Where(k => k.StartsWith("tapi-photonic-media:", StringComparison.Ordinal)).ToList())
                {
                    constraint.Remove(name);
                }
            }
        }

        return service;
    }

    /// <summary>
    /// The lightpath's first write: a create records Requested → Computed → Reserved → Provisioning in one write and the
    /// change feed publishes its last step, so a step into Computed, Reserved or Provisioning from a state before it is
    /// the service's creation (a create resumed after a crash may announce it twice).
    /// </summary>
    private static bool IsCreation(LightpathChange change) =>
        change.From is ("Requested" or "Computed" or "Reserved") && change.To is ("Computed" or "Reserved" or "Provisioning");

    /// <summary>A fibre-down or node-unreachable alarm (raised or cleared) as the operational-state change of a link or node.</summary>
    private (JsonObject Notification, string ObjectType, string ObjectId)? ResourceEvent(AlarmChange change)
    {
        if (change.Kind is not (AlarmChangeKind.Raised or AlarmChangeKind.Cleared) || tapi.Snapshot is not { } snapshot)
        {
            return null;
        }

        var down = change.Kind == AlarmChangeKind.Raised;
        string objectType, objectId, name;
        if (change.Alarm.Kind == AlarmKind.FiberDown && snapshot.Network.TryGetFiber(new FiberId(change.Alarm.Resource), out var fiber))
        {
            (objectType, objectId, name) = (LinkObject, TapiUuid.Link(fiber.PairKey().Value), fiber.PairKey().Value);
        }
        else if (change.Alarm.Kind == AlarmKind.NodeUnreachable)
        {
            (objectType, objectId, name) = (NodeObject, TapiUuid.Node(change.Alarm.Resource), change.Alarm.Resource);
        }
        else
        {
            return null;
        }

        var notification = Event(objectType, objectId, (objectType == LinkObject ? "link-name" : "node-name", name), AttributeValueChange, "RESOURCE_OPERATION",
            change.Alarm.ClearedAt ?? change.Alarm.RaisedAt);
        notification["additional-info"] = Names(("alarm", change.Alarm.Id), ("alarm-kind", change.Alarm.Kind), ("message", change.Alarm.Message));
        notification["attribute-value-change"] = new JsonObject { ["changed-attributes"] = $"operational-state: {(down ? "ENABLED -> DISABLED" : "DISABLED -> ENABLED")}" };
        return (notification, objectType, objectId);
    }

    private static JsonObject TopologyEvent(NetworkSnapshot snapshot)
    {
        var notification = Event(TopologyObject, TapiUuid.Topology(), ("topology-name", snapshot.Network.Name), AttributeValueChange, "MANAGEMENT_OPERATION", DateTimeOffset.UtcNow);
        notification["additional-info"] = Names(("version", snapshot.Version.ToString(CultureInfo.InvariantCulture)));
        return notification;
    }

    private static JsonObject Event(string objectType, string objectId, (string Name, string Value) objectName, string type, string source, DateTimeOffset at) => new()
    {
        ["uuid"] = Guid.NewGuid().ToString("D"),
        ["target-object-type"] = objectType,
        ["target-object-identifier"] = objectId,
        ["target-object-name"] = Names(objectName),
        ["layer-protocol-name"] = PhotonicMedia,
        ["event-notification-type"] = type,
        // tapi-common:date-and-time: yyyyMMddhhmmss.s with a zone designator.
        ["event-time-stamp"] = at.UtcDateTime.ToString("yyyyMMddHHmmss.f'Z'", CultureInfo.InvariantCulture),
        ["source-indicator"] = source,
    };

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => TapiRequestReader.TryString(n, out var s) ? s! : n?.ToJsonString() ?? "null"),
        _ when TapiRequestReader.TryString(node, out var s) => [s!],
        _ => [],
    };
}
