using System.Text.Json;
using System.Threading.Channels;
using Continuum.Pce.Grains.Storage;

namespace Continuum.Pce.Api.Alarms;

/// <summary>
/// Keeps the alarm book durable: loads the stored alarms at start (before the silo, so before any grain writes) and
/// writes every change of the book to the grain state store (grain type "alarm", one row per alarm, SQLite or
/// PostgreSQL like everything else) from a background queue, so that a grain's write never waits for an alarm's.
/// Removes cleared alarms past their retention on a timer. Stopping drains the queue.
/// </summary>
public sealed class AlarmJournal : IHostedService, IAsyncDisposable
{
    public const string GrainType = "alarm";
    public const string StateName = "alarm";
    private const int SchemaVersion = 1;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly AlarmBook _book;
    private readonly IGrainStateStore _store;
    private readonly AlarmOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlarmJournal> _logger;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _writer;
    private Task? _pruner;
    private int _disposed;

    public AlarmJournal(AlarmBook book, IGrainStateStore store, AlarmOptions options, TimeProvider time, ILogger<AlarmJournal> logger)
    {
        _book = book;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _book.Changed += change => _queue.Writer.TryWrite(change);
    }

    /// <summary>Serialises an alarm as stored (a versioned contract of its own, no .NET type names).</summary>
    public static string Serialize(Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return JsonSerializer.Serialize(new StoredAlarm(alarm.Id, alarm.Severity, alarm.Resource, alarm.Kind, alarm.Message, alarm.Tenant, alarm.RaisedAt,
            alarm.AcknowledgedAt, alarm.AcknowledgedBy, alarm.ClearedAt), Json);
    }

    public static Alarm? Deserialize(string payload)
    {
        var s = JsonSerializer.Deserialize<StoredAlarm>(payload, Json);
        return s is null
            ? null
            : new Alarm(s.Id, s.Severity, s.Resource, s.Kind, s.Message, s.Tenant, s.RaisedAt) { AcknowledgedAt = s.AcknowledgedAt, AcknowledgedBy = s.AcknowledgedBy, ClearedAt = s.ClearedAt };
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.EnsureSchemaAsync(cancellationToken);
        var stored = new List<Alarm>();
        await foreach (var (key, _, state) in _store.ScanAsync(GrainType, cancellationToken))
        {
            try
            {
                if (Deserialize(state.Payload) is { } alarm)
                {
                    stored.Add(alarm);
                    _versions[alarm.Id] = state.Version;
                }
            }
            catch (JsonException e)
            {
                _logger.LogWarning(e, "stored alarm {Alarm} does not read; ignored", key);
            }
        }

        _book.Load(stored);
        _writer = Task.Run(WriteLoop, CancellationToken.None);
        _pruner = Task.Run(PruneLoop, CancellationToken.None);
        if (stored.Count > 0)
        {
            _logger.LogInformation("{Count} stored alarms loaded ({Active} active)", stored.Count, _book.ActiveCount);
        }
    }

    /// <summary>Completes when every change published before the call is in the store.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(done) ? done.Task : Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.WaitAsync(cancellationToken);
        }

        if (_pruner is not null)
        {
            await _pruner.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service: the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        _stopping.Dispose();
    }

    private async Task WriteLoop()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync())
        {
            switch (item)
            {
                case TaskCompletionSource done:
                    done.TrySetResult();
                    break;
                case AlarmChange change:
                    try
                    {
                        await Write(change);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // The book stays right in memory; the store catches up with the alarm's next change.
                        _logger.LogWarning(e, "alarm {Alarm} ({Change}) was not stored", change.Alarm.Id, change.Kind);
                    }

                    break;
            }
        }
    }

    private async Task Write(AlarmChange change)
    {
        var id = change.Alarm.Id;
        if (change.Kind == AlarmChangeKind.Removed)
        {
            if (_versions.Remove(id, out var version) && !await _store.DeleteAsync(GrainType, id, StateName, version))
            {
                await _store.DeleteAsync(GrainType, id, StateName, (await _store.ReadAsync(GrainType, id, StateName))?.Version);
            }

            return;
        }

        var payload = Serialize(change.Alarm);
        var outcome = await _store.WriteAsync(GrainType, id, StateName, payload, SchemaVersion, _versions.TryGetValue(id, out var expected) ? expected : null);
        if (!outcome.Written)
        {
            // Written by someone else meanwhile (another server of a cluster): this server's view of the alarm is newer.
            outcome = await _store.WriteAsync(GrainType, id, StateName, payload, SchemaVersion, outcome.FoundVersion);
        }

        if (outcome.Written)
        {
            _versions[id] = outcome.Version;
        }
    }

    private async Task PruneLoop()
    {
        using var timer = new PeriodicTimer(_options.PruneInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                _book.Prune();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private sealed record StoredAlarm(
        string Id,
        string Severity,
        string Resource,
        string Kind,
        string Message,
        string? Tenant,
        DateTimeOffset RaisedAt,
        DateTimeOffset? AcknowledgedAt,
        string? AcknowledgedBy,
        DateTimeOffset? ClearedAt);
}
