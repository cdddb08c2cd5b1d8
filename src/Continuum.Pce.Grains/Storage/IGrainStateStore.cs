namespace Continuum.Pce.Grains.Storage;

/// <summary>One stored grain state: the serialised payload, the schema version it was written with, and its row version (the ETag).</summary>
public sealed record StoredState(string Payload, int SchemaVersion, long Version);

/// <summary>The outcome of a conditional write: the new version, or a conflict with the version found.</summary>
public readonly record struct WriteOutcome(bool Written, long Version, long? FoundVersion)
{
    public static WriteOutcome Ok(long version) => new(true, version, version);

    public static WriteOutcome Conflict(long? found) => new(false, 0, found);
}

/// <summary>
/// What a stored state is listed and expired by, kept in columns of its own beside the payload so that a listing by
/// tenant and state is an indexed query rather than a read of every payload: the owner's tenant, the lifecycle state,
/// whether the state is terminal (a deleted or blocked lightpath, which the retention policy may purge), and when the
/// state was written (Unix milliseconds).
/// </summary>
public readonly record struct StateIndex(string? Tenant, string? State, bool Terminal, long AtUnixMs)
{
    public static StateIndex None => default;

    public bool IsNone => Tenant is null && State is null;
}

/// <summary>
/// A key-value store of grain states with optimistic concurrency: every write names the version it expects
/// (null for "must not exist yet") and fails without effect when the stored version differs.
/// </summary>
public interface IGrainStateStore
{
    /// <summary>Creates the schema if it does not exist (idempotent; called on start).</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken = default);

    Task<StoredState?> ReadAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken = default);

    Task<WriteOutcome> WriteAsync(string grainType, string grainKey, string stateName, string payload, int schemaVersion, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>A write that also records the state's <see cref="StateIndex"/> (listing and retention).</summary>
    Task<WriteOutcome> WriteAsync(string grainType, string grainKey, string stateName, string payload, int schemaVersion, long? expectedVersion, StateIndex index, CancellationToken cancellationToken = default);

    /// <summary>Deletes the state if its version is <paramref name="expectedVersion"/>; true when deleted or already absent with no expectation.</summary>
    Task<bool> DeleteAsync(string grainType, string grainKey, string stateName, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Every stored state of one grain type (for audits and recovery scans).</summary>
    IAsyncEnumerable<(string GrainKey, string StateName, StoredState State)> ScanAsync(string grainType, CancellationToken cancellationToken = default);

    /// <summary>One page of a grain type's states in key order, after <paramref name="afterKey"/> (exclusive; null from the start).</summary>
    Task<IReadOnlyList<(string GrainKey, StoredState State)>> PageAsync(string grainType, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of a grain type's states whose index has <paramref name="tenant"/> and <paramref name="state"/> (either
    /// may be null: any), in key order after <paramref name="afterKey"/>: an indexed query, whatever else is stored.
    /// </summary>
    Task<IReadOnlyList<(string GrainKey, StoredState State)>> PageByIndexAsync(string grainType, string? tenant, string? state, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>Keys of a grain type's stored states written without an index (written before indexes existed), a page at a time.</summary>
    Task<IReadOnlyList<(string GrainKey, string StateName, StoredState State)>> UnindexedAsync(string grainType, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>Sets the index of a stored state without changing its payload or version (the backfill of older rows).</summary>
    Task SetIndexAsync(string grainType, string grainKey, string stateName, StateIndex index, CancellationToken cancellationToken = default);

    /// <summary>Deletes up to <paramref name="limit"/> terminal states of a grain type written before <paramref name="beforeUnixMs"/>; returns how many.</summary>
    Task<int> PurgeTerminalAsync(string grainType, long beforeUnixMs, int limit, CancellationToken cancellationToken = default);
}
