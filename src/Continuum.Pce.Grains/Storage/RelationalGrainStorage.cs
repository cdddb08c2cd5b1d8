using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// Orleans grain storage over an <see cref="IGrainStateStore"/>: the project's own provider (durable by default),
/// with the row version as the ETag and <see cref="InconsistentStateException"/> on a concurrent write, which
/// Orleans turns into a deactivation so the grain reloads fresh state.
/// </summary>
public sealed class RelationalGrainStorage(string name, IGrainStateStore store, IReadOnlyList<IGrainStateObserver>? observers = null, Func<object?, StateIndex>? indexer = null) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IReadOnlyList<IGrainStateObserver> _observers = observers ?? [];

    public string Name { get; } = name;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadAsync(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName).ConfigureAwait(false);
        if (stored is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = GrainStateSerializer.Deserialize<T>(stored.Payload) ?? Activator.CreateInstance<T>();
        grainState.ETag = stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = GrainStateSerializer.Serialize(grainState.State);
        var expected = ParseETag(grainState.ETag);
        var index = indexer?.Invoke(grainState.State) ?? StateIndex.None;
        var outcome = index.IsNone
            ? await store.WriteAsync(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName, payload, GrainStateSerializer.SchemaVersionOf<T>(), expected).ConfigureAwait(false)
            : await store.WriteAsync(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName, payload, GrainStateSerializer.SchemaVersionOf<T>(), expected, index).ConfigureAwait(false);
        if (!outcome.Written)
        {
            throw new InconsistentStateException(
                $"state '{stateName}' of {grainId} was changed concurrently", outcome.FoundVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture), grainState.ETag);
        }

        grainState.ETag = outcome.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        if (_observers.Count > 0)
        {
            var type = grainId.Type.ToString()!;
            var key = grainId.Key.ToString()!;
            foreach (var observer in _observers)
            {
                observer.OnWritten(type, key, grainState.State);
            }
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = ParseETag(grainState.ETag);
        if (expected is not null &&
            !await store.DeleteAsync(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName, expected).ConfigureAwait(false))
        {
            throw new InconsistentStateException($"state '{stateName}' of {grainId} was changed concurrently", null, grainState.ETag);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(RelationalGrainStorage)}-{Name}", ServiceLifecycleStage.ApplicationServices, ct => store.EnsureSchemaAsync(ct));

    private static long? ParseETag(string? etag) =>
        etag is null ? null : long.Parse(etag, System.Globalization.CultureInfo.InvariantCulture);
}
