using Continuum.Pce.Domain.Lightpaths;
using Continuum.Pce.Grains.Abstractions;
using Continuum.Pce.Grains.Storage;

namespace Continuum.Pce.Grains.Lightpaths;

/// <summary>A page of lightpaths and the cursor for the next page (null at the end).</summary>
public sealed record LightpathPage(IReadOnlyList<LightpathView> Items, string? NextCursor);

/// <summary>
/// Lists lightpaths from the grain store in id order, with an optional tenant and state filter and cursor-based
/// pagination. It reads what every lifecycle transition persisted, so it never activates a grain.
/// </summary>
public sealed class LightpathDirectory(IGrainStateStore store)
{
    /// <summary>The grain type string Orleans derives from <see cref="LightpathGrain"/>.</summary>
    public const string GrainType = "lightpath";

    /// <summary>Every stored lightpath (optionally of one tenant or state), page after page, in id order.</summary>
    public async IAsyncEnumerable<LightpathView> AllAsync(string? tenant = null, LightpathState? state = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListAsync(tenant, state, cursor, 500, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>The state name of the lightpath grain's persistent state.</summary>
    public const string StateName = "lightpath";

    /// <summary>
    /// Every stored lightpath's full state (its path, interfaces and what it owes) by grain key ("tenant/id"), page after
    /// page in key order: what reconciliation compares the devices with, read without activating a grain.
    /// </summary>
    public async IAsyncEnumerable<(string Key, LightpathGrainState State)> StatesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        while (true)
        {
            var page = await store.PageAsync(GrainType, after, 500, cancellationToken).ConfigureAwait(false);
            foreach (var (key, stored) in page)
            {
                after = key;
                if (GrainStateSerializer.Deserialize<LightpathGrainState>(stored.Payload) is { } state)
                {
                    yield return (key, state);
                }
            }

            if (page.Count < 500)
            {
                yield break;
            }
        }
    }

    /// <summary>One lightpath's stored state by grain key; null when none is stored.</summary>
    public async Task<LightpathGrainState?> ReadStateAsync(string key, CancellationToken cancellationToken = default) =>
        await store.ReadAsync(GrainType, key, StateName, cancellationToken).ConfigureAwait(false) is { } stored
            ? GrainStateSerializer.Deserialize<LightpathGrainState>(stored.Payload)
            : null;

    public async Task<LightpathPage> ListAsync(string? tenant, LightpathState? state, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var items = new List<LightpathView>(Math.Min(limit, 1024));
        var after = cursor;
        var filtered = tenant is not null || state is not null;
        while (items.Count < limit)
        {
            // A filter is an indexed query (tenant, state or both: columns of their own beside the payload); the payload
            // is still checked, so a row whose index lags (a backfill in progress) is never listed under the wrong filter.
            var want = Math.Max(limit - items.Count, 16);
            var page = filtered
                ? await store.PageByIndexAsync(GrainType, tenant, state?.ToString(), after, want, cancellationToken).ConfigureAwait(false)
                : await store.PageAsync(GrainType, after, Math.Max(limit, 64), cancellationToken).ConfigureAwait(false);
            foreach (var (key, stored) in page)
            {
                after = key;
                var grainState = GrainStateSerializer.Deserialize<LightpathGrainState>(stored.Payload);
                if (grainState?.Record is not { } record ||
                    (tenant is not null && record.Spec.Tenant.Value != tenant) ||
                    (state is not null && record.State != state))
                {
                    continue;
                }

                items.Add(OrderMapping.ToView(grainState));
                if (items.Count == limit)
                {
                    return new LightpathPage(items, key);
                }
            }

            if (page.Count < (filtered ? want : 1))
            {
                return new LightpathPage(items, null);
            }
        }

        return new LightpathPage(items, after);
    }
}
