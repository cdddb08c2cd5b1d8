using System.Globalization;
using System.Text.Json;
using Orleans;
using Orleans.Runtime;

namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// Orleans' reminder table kept in the grain state store (SQLite or PostgreSQL, <see cref="IGrainStateStore"/>): one row
/// per reminder under the pseudo grain type "reminder", keyed by the grain id and the reminder name, the row version
/// as the ETag. Reminders are few (a restored revertive lightpath's revert watch), so a range read scans them all.
/// </summary>
public sealed class StoreReminderTable(IGrainStateStore store) : IReminderTable
{
    /// <summary>The shortest reminder period accepted (Orleans' default is a minute; tests use seconds).</summary>
    public static readonly TimeSpan MinimumPeriod = TimeSpan.FromSeconds(1);

    private const string GrainType = "reminder";
    private const int Schema = 1;

    public Task StartAsync(CancellationToken cancellationToken = default) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var key = grainId.ToString();
        var rows = new List<ReminderEntry>();
        await foreach (var (grainKey, name, stored) in store.ScanAsync(GrainType, cancellationToken))
        {
            if (grainKey == key)
            {
                rows.Add(Entry(grainId, name, stored));
            }
        }

        return new ReminderTableData(rows);
    }

    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var rows = new List<ReminderEntry>();
        await foreach (var (grainKey, name, stored) in store.ScanAsync(GrainType, cancellationToken))
        {
            var grainId = GrainId.Parse(grainKey);
            var hash = grainId.GetUniformHashCode();
            if (begin < end ? hash > begin && hash <= end : hash > begin || hash <= end)
            {
                rows.Add(Entry(grainId, name, stored));
            }
        }

        return new ReminderTableData(rows);
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) =>
        await store.ReadAsync(GrainType, grainId.ToString(), reminderName, cancellationToken) is { } stored ? Entry(grainId, reminderName, stored) : null;

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = entry.GrainId.ToString();
        var payload = JsonSerializer.Serialize(new Row(entry.StartAt.ToUniversalTime().Ticks, entry.Period.Ticks));
        while (true)
        {
            var current = await store.ReadAsync(GrainType, key, entry.ReminderName, cancellationToken);
            var outcome = await store.WriteAsync(GrainType, key, entry.ReminderName, payload, Schema, current?.Version, cancellationToken);
            if (outcome.Written)
            {
                return outcome.Version.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        store.DeleteAsync(GrainType, grainId.ToString(), reminderName, long.TryParse(eTag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) ? version : null, cancellationToken);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        var rows = new List<(string Key, string Name)>();
        await foreach (var (grainKey, name, _) in store.ScanAsync(GrainType, cancellationToken))
        {
            rows.Add((grainKey, name));
        }

        foreach (var (key, name) in rows)
        {
            await store.DeleteAsync(GrainType, key, name, null, cancellationToken);
        }
    }

    private static ReminderEntry Entry(GrainId grainId, string name, StoredState stored)
    {
        var row = JsonSerializer.Deserialize<Row>(stored.Payload) ?? throw new InvalidOperationException($"reminder '{name}' of {grainId}: empty row");
        return new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = name,
            StartAt = new DateTime(row.StartAtTicks, DateTimeKind.Utc),
            Period = TimeSpan.FromTicks(row.PeriodTicks),
            ETag = stored.Version.ToString(CultureInfo.InvariantCulture),
        };
    }

    private sealed record Row(long StartAtTicks, long PeriodTicks);
}
