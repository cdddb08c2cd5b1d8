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
/// A key-value store of grain states with optimistic concurrency: every write names the version it expects
/// (null for "must not exist yet") and fails without effect when the stored version differs.
/// </summary>
public interface IGrainStateStore
{
    /// <summary>Creates the schema if it does not exist (idempotent; called on start).</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken = default);

    Task<StoredState?> ReadAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken = default);

    Task<WriteOutcome> WriteAsync(string grainType, string grainKey, string stateName, string payload, int schemaVersion, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Deletes the state if its version is <paramref name="expectedVersion"/>; true when deleted or already absent with no expectation.</summary>
    Task<bool> DeleteAsync(string grainType, string grainKey, string stateName, long? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Every stored state of one grain type (for audits and recovery scans).</summary>
    IAsyncEnumerable<(string GrainKey, string StateName, StoredState State)> ScanAsync(string grainType, CancellationToken cancellationToken = default);

    /// <summary>One page of a grain type's states in key order, after <paramref name="afterKey"/> (exclusive; null from the start).</summary>
    Task<IReadOnlyList<(string GrainKey, StoredState State)>> PageAsync(string grainType, string? afterKey, int limit, CancellationToken cancellationToken = default);
}
