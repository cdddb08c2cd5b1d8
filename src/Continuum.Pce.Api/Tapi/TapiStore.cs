using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Continuum.Pce.Api.Tapi;

/// <summary>A computed path-comp-service with its paths, as the caller's tenant sees it.</summary>
public sealed record PathComputation(string Uuid, JsonObject Service, IReadOnlyList<JsonObject> Paths, DateTimeOffset At);

/// <summary>A notification subscription: its filter and its channel's sequence numbers; closed when deleted.</summary>
public sealed class NotificationSubscription(string uuid, string tenant, JsonArray filters, SubscriptionFilter filter, DateTimeOffset at)
{
    private long _nextSequence = 1;

    public string Uuid { get; } = uuid;

    public string Tenant { get; } = tenant;

    /// <summary>The subscription-filter list as the client gave it (echoed on GET).</summary>
    public JsonArray Filters { get; } = filters;

    public SubscriptionFilter Filter { get; } = filter;

    public DateTimeOffset At { get; } = at;

    /// <summary>Cancelled when the subscription is deleted: its open streams end.</summary>
    public CancellationTokenSource Closed { get; } = new();

    public long NextSequence => Interlocked.Read(ref _nextSequence);

    public long TakeSequence() => Interlocked.Increment(ref _nextSequence) - 1;
}

/// <summary>What a subscription asks for; empty sets mean "all".</summary>
public sealed record SubscriptionFilter(IReadOnlySet<string> ObjectTypes, IReadOnlySet<string> ObjectIdentifiers, IReadOnlySet<string> NotificationTypes, bool IncludeContent)
{
    public bool Matches(string objectType, string objectId, string notificationType) =>
        (ObjectTypes.Count == 0 || ObjectTypes.Contains(objectType)) &&
        (ObjectIdentifiers.Count == 0 || ObjectIdentifiers.Contains(objectId)) &&
        (NotificationTypes.Count == 0 || NotificationTypes.Contains(notificationType));
}

/// <summary>
/// The TAPI objects that exist only on this northbound: computed path services and notification subscriptions, per
/// tenant, in this server's memory (bounded: the oldest go first). They are not shared between the servers of a
/// cluster and do not survive a restart (docs/tapi.md says so); connectivity services are lightpaths and are durable.
/// </summary>
public sealed class TapiStore
{
    public const int MaxPathComputationsPerTenant = 256;
    public const int MaxSubscriptionsPerTenant = 64;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, PathComputation>> _paths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, NotificationSubscription>> _subscriptions = new(StringComparer.Ordinal);

    public IEnumerable<PathComputation> PathComputations(string? tenant) => Of(_paths, tenant).OrderBy(p => p.At);

    public bool TryAddPathComputation(string tenant, PathComputation computation)
    {
        var mine = _paths.GetOrAdd(tenant, _ => new(StringComparer.Ordinal));
        if (!mine.TryAdd(computation.Uuid, computation))
        {
            return false;
        }

        while (mine.Count > MaxPathComputationsPerTenant && mine.Values.MinBy(p => p.At) is { } oldest)
        {
            mine.TryRemove(oldest.Uuid, out _);
        }

        return true;
    }

    public bool TryRemovePathComputation(string? tenant, string uuid) => Remove(_paths, tenant, uuid, out _);

    public IEnumerable<NotificationSubscription> Subscriptions(string? tenant) => Of(_subscriptions, tenant).OrderBy(s => s.At);

    public bool TryAddSubscription(NotificationSubscription subscription)
    {
        var mine = _subscriptions.GetOrAdd(subscription.Tenant, _ => new(StringComparer.Ordinal));
        if (!mine.TryAdd(subscription.Uuid, subscription))
        {
            return false;
        }

        while (mine.Count > MaxSubscriptionsPerTenant && mine.Values.MinBy(s => s.At) is { } oldest)
        {
            if (mine.TryRemove(oldest.Uuid, out var removed))
            {
                removed.Closed.Cancel();
            }
        }

        return true;
    }

    public bool TryRemoveSubscription(string? tenant, string uuid)
    {
        if (!Remove(_subscriptions, tenant, uuid, out var removed))
        {
            return false;
        }

        removed!.Closed.Cancel();
        return true;
    }

    /// <summary>The entries of <paramref name="tenant"/> (null: every tenant's, for an admin).</summary>
    private static IEnumerable<T> Of<T>(ConcurrentDictionary<string, ConcurrentDictionary<string, T>> store, string? tenant) =>
        tenant is null ? store.Values.SelectMany(v => v.Values) : store.TryGetValue(tenant, out var mine) ? mine.Values : [];

    private static bool Remove<T>(ConcurrentDictionary<string, ConcurrentDictionary<string, T>> store, string? tenant, string uuid, out T? removed)
    {
        removed = default;
        foreach (var (owner, entries) in store)
        {
            if ((tenant is null || owner == tenant) && entries.TryRemove(uuid, out var value))
            {
                removed = value;
                return true;
            }
        }

        return false;
    }
}
