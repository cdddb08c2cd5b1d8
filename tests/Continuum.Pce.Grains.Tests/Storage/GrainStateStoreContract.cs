using Continuum.Pce.Grains.Storage;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Storage;

/// <summary>The behaviour every <see cref="IGrainStateStore"/> must have; run against SQLite and PostgreSQL.</summary>
public abstract class GrainStateStoreContract
{
    protected abstract IGrainStateStore Store { get; }

    [Fact]
    public async Task Read_NothingStored_ReturnsNull()
    {
        Assert.Null(await Store.ReadAsync("fiber", "A-B", "state"));
    }

    [Fact]
    public async Task Write_New_ThenRead_ReturnsPayloadAtVersion1()
    {
        var outcome = await Store.WriteAsync("fiber", "A-B", "state", "{\"x\":1}", 1, expectedVersion: null);

        Assert.True(outcome.Written);
        Assert.Equal(1, outcome.Version);
        var stored = await Store.ReadAsync("fiber", "A-B", "state");
        Assert.Equal(new StoredState("{\"x\":1}", 1, 1), stored);
    }

    [Fact]
    public async Task Write_WithTheCurrentVersion_IncrementsIt()
    {
        await Store.WriteAsync("fiber", "A-B", "state", "v1", 1, null);

        var outcome = await Store.WriteAsync("fiber", "A-B", "state", "v2", 2, expectedVersion: 1);

        Assert.True(outcome.Written);
        Assert.Equal(2, outcome.Version);
        Assert.Equal(new StoredState("v2", 2, 2), await Store.ReadAsync("fiber", "A-B", "state"));
    }

    [Fact]
    public async Task Write_WithAStaleVersion_ConflictsAndChangesNothing()
    {
        await Store.WriteAsync("fiber", "A-B", "state", "v1", 1, null);
        await Store.WriteAsync("fiber", "A-B", "state", "v2", 1, 1);

        var outcome = await Store.WriteAsync("fiber", "A-B", "state", "stale", 1, expectedVersion: 1);

        Assert.False(outcome.Written);
        Assert.Equal(2, outcome.FoundVersion);
        Assert.Equal("v2", (await Store.ReadAsync("fiber", "A-B", "state"))!.Payload);
    }

    [Fact]
    public async Task Write_NewWhenOneExists_Conflicts()
    {
        await Store.WriteAsync("fiber", "A-B", "state", "v1", 1, null);

        var outcome = await Store.WriteAsync("fiber", "A-B", "state", "again", 1, expectedVersion: null);

        Assert.False(outcome.Written);
        Assert.Equal(1, outcome.FoundVersion);
    }

    [Fact]
    public async Task ConcurrentWriters_WithTheSameExpectedVersion_ExactlyOneWins()
    {
        await Store.WriteAsync("fiber", "A-B", "state", "v1", 1, null);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(i => Task.Run(() => Store.WriteAsync("fiber", "A-B", "state", $"writer {i}", 1, expectedVersion: 1))));

        Assert.Single(outcomes, o => o.Written);
        Assert.Equal(2, (await Store.ReadAsync("fiber", "A-B", "state"))!.Version);
    }

    [Fact]
    public async Task Delete_WithTheCurrentVersion_RemovesTheState()
    {
        await Store.WriteAsync("lightpath", "lp1", "state", "v1", 1, null);

        Assert.True(await Store.DeleteAsync("lightpath", "lp1", "state", expectedVersion: 1));

        Assert.Null(await Store.ReadAsync("lightpath", "lp1", "state"));
    }

    [Fact]
    public async Task Delete_WithAStaleVersion_KeepsTheState()
    {
        await Store.WriteAsync("lightpath", "lp1", "state", "v1", 1, null);
        await Store.WriteAsync("lightpath", "lp1", "state", "v2", 1, 1);

        Assert.False(await Store.DeleteAsync("lightpath", "lp1", "state", expectedVersion: 1));

        Assert.NotNull(await Store.ReadAsync("lightpath", "lp1", "state"));
    }

    [Fact]
    public async Task Scan_ReturnsEveryStateOfOneGrainTypeInKeyOrder()
    {
        await Store.WriteAsync("fiber", "B-C", "state", "b", 1, null);
        await Store.WriteAsync("fiber", "A-B", "state", "a", 1, null);
        await Store.WriteAsync("lightpath", "lp1", "state", "x", 1, null);

        var keys = new List<string>();
        await foreach (var (key, _, _) in Store.ScanAsync("fiber"))
        {
            keys.Add(key);
        }

        Assert.Equal(["A-B", "B-C"], keys);
    }

    [Fact]
    public async Task Page_WalksOneGrainTypeInKeyOrderFromACursor()
    {
        foreach (var key in new[] { "c", "a", "d", "b" })
        {
            await Store.WriteAsync("lightpath", key, "state", key, 1, null);
        }

        await Store.WriteAsync("fiber", "aa", "state", "x", 1, null);

        var first = await Store.PageAsync("lightpath", null, 3);
        var rest = await Store.PageAsync("lightpath", first[^1].GrainKey, 3);

        Assert.Equal(["a", "b", "c"], first.Select(p => p.GrainKey).ToArray());
        Assert.Equal(["d"], rest.Select(p => p.GrainKey).ToArray());
        Assert.Empty(await Store.PageAsync("lightpath", "d", 3));
    }

    [Fact]
    public async Task PageByIndex_ByTenantStateOrBoth_WalksOnlyMatchingStatesInKeyOrderFromACursor()
    {
        var rows = new[] { ("a", "acme", "Active"), ("b", "globex", "Active"), ("c", "acme", "Failed"), ("d", "acme", "Active"), ("e", "acme", "Active") };
        foreach (var (key, tenant, state) in rows)
        {
            await Store.WriteAsync("lightpath", key, "state", key, 1, null, new StateIndex(tenant, state, false, 1));
        }

        await Store.WriteAsync("lightpath", "f", "state", "unindexed", 1, null);

        var acmeFirst = await Store.PageByIndexAsync("lightpath", "acme", null, null, 2);
        var acmeRest = await Store.PageByIndexAsync("lightpath", "acme", null, acmeFirst[^1].GrainKey, 10);
        var active = await Store.PageByIndexAsync("lightpath", null, "Active", null, 10);
        var acmeActive = await Store.PageByIndexAsync("lightpath", "acme", "Active", "a", 10);

        Assert.Equal(["a", "c"], acmeFirst.Select(p => p.GrainKey).ToArray());
        Assert.Equal(["d", "e"], acmeRest.Select(p => p.GrainKey).ToArray());
        Assert.Equal(["a", "b", "d", "e"], active.Select(p => p.GrainKey).ToArray());
        Assert.Equal(["d", "e"], acmeActive.Select(p => p.GrainKey).ToArray());
    }

    [Fact]
    public async Task Write_WithANewIndex_MovesTheStateBetweenListings()
    {
        await Store.WriteAsync("lightpath", "a", "state", "v1", 1, null, new StateIndex("acme", "Provisioning", false, 1));

        await Store.WriteAsync("lightpath", "a", "state", "v2", 1, 1, new StateIndex("acme", "Active", false, 2));

        Assert.Empty(await Store.PageByIndexAsync("lightpath", null, "Provisioning", null, 10));
        Assert.Equal("v2", Assert.Single(await Store.PageByIndexAsync("lightpath", null, "Active", null, 10)).State.Payload);
    }

    [Fact]
    public async Task SetIndex_OnAStateWrittenWithoutOne_ListsItAndKeepsPayloadAndVersion()
    {
        await Store.WriteAsync("lightpath", "old", "state", "payload", 1, null);
        Assert.Equal("old", Assert.Single(await Store.UnindexedAsync("lightpath", null, 10)).GrainKey);

        await Store.SetIndexAsync("lightpath", "old", "state", new StateIndex("acme", "Active", false, 1));

        Assert.Empty(await Store.UnindexedAsync("lightpath", null, 10));
        var listed = Assert.Single(await Store.PageByIndexAsync("lightpath", "acme", "Active", null, 10));
        Assert.Equal(("payload", 1L), (listed.State.Payload, listed.State.Version));
    }

    [Fact]
    public async Task PurgeTerminal_DeletesOnlyTerminalStatesOlderThanTheCutOff_InBatches()
    {
        await Store.WriteAsync("lightpath", "deleted-old-1", "state", "x", 1, null, new StateIndex("acme", "Deleted", true, 100));
        await Store.WriteAsync("lightpath", "deleted-old-2", "state", "x", 1, null, new StateIndex("acme", "Deleted", true, 150));
        await Store.WriteAsync("lightpath", "deleted-new", "state", "x", 1, null, new StateIndex("acme", "Deleted", true, 300));
        await Store.WriteAsync("lightpath", "active-old", "state", "x", 1, null, new StateIndex("acme", "Active", false, 100));
        await Store.WriteAsync("fiber", "deleted-old-1", "state", "x", 1, null);

        var first = await Store.PurgeTerminalAsync("lightpath", 200, 1);
        var second = await Store.PurgeTerminalAsync("lightpath", 200, 1);
        var third = await Store.PurgeTerminalAsync("lightpath", 200, 1);

        Assert.Equal((1, 1, 0), (first, second, third));
        Assert.Null(await Store.ReadAsync("lightpath", "deleted-old-1", "state"));
        Assert.Null(await Store.ReadAsync("lightpath", "deleted-old-2", "state"));
        Assert.NotNull(await Store.ReadAsync("lightpath", "deleted-new", "state"));
        Assert.NotNull(await Store.ReadAsync("lightpath", "active-old", "state"));
        Assert.NotNull(await Store.ReadAsync("fiber", "deleted-old-1", "state"));
    }

    [Fact]
    public async Task EnsureSchema_RunTwice_IsHarmless()
    {
        await Store.WriteAsync("fiber", "A-B", "state", "kept", 1, null);

        await Store.EnsureSchemaAsync();

        Assert.Equal("kept", (await Store.ReadAsync("fiber", "A-B", "state"))!.Payload);
    }
}

public sealed class SqliteGrainStateStoreTests : GrainStateStoreContract, IDisposable
{
    private readonly TempSqliteStore _temp = new();

    protected override IGrainStateStore Store => _temp.Store;

    [Fact]
    public async Task State_SurvivesANewStoreOnTheSameFile()
    {
        await Store.WriteAsync("fiber", "A-B", "state", "durable", 1, null);

        var reopened = new SqliteGrainStateStore(_temp.Store.DatabasePath);

        Assert.Equal("durable", (await reopened.ReadAsync("fiber", "A-B", "state"))!.Payload);
    }

    [Fact]
    public async Task Writes_PastTheThreshold_AreCheckpointedInTheBackground()
    {
        var store = _temp.Store;
        var checkpointed = store.NextCheckpoint;
        var payload = new string('x', 1500);

        // Concurrent writes share commits; two thresholds' worth wakes the checkpointer at least once.
        await Task.WhenAll(Enumerable.Range(0, 2 * SqliteGrainStateStore.CheckpointEveryWrites)
            .Select(i => store.WriteAsync("lightpath", $"lp-{i}", "state", payload, 1, null)));
        await checkpointed.WaitAsync(TimeSpan.FromSeconds(30));

        var (checkpoints, pages) = store.CheckpointStatistics;
        Assert.True(checkpoints >= 1 && pages > 0, $"{checkpoints} checkpoints copied {pages} pages");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await mode.ExecuteScalarAsync());
        Assert.Equal(2 * SqliteGrainStateStore.CheckpointEveryWrites, (await store.PageAsync("lightpath", null, 4096)).Count);
    }

    [Fact]
    public async Task Read_QueuedBehindWritesOfTheSameState_SeesTheLastOfThem()
    {
        // Reads share the writer's queue: one issued after writes (not yet awaited) answers with what they wrote.
        var first = Store.WriteAsync("lightpath", "lp-queued", "state", "v1", 1, null);
        var second = Store.WriteAsync("lightpath", "lp-queued", "state", "v2", 1, 1);

        var read = await Store.ReadAsync("lightpath", "lp-queued", "state");

        Assert.Equal(("v2", 2L), (read!.Payload, read.Version));
        Assert.True((await first).Written && (await second).Written);
    }

    [Fact]
    public async Task EnsureSchema_OnADatabaseOfTheWithoutRowidLayout_MovesEveryRowIntoTheRowidTable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pce-migrate-{Guid.NewGuid():N}.db");
        try
        {
            // The layout of databases written before 2026-12-05, with two states in it.
            await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await old.OpenAsync();
                await using var create = old.CreateCommand();
                create.CommandText = """
                    PRAGMA journal_mode = WAL;
                    CREATE TABLE pce_grain_state (
                        grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL, payload TEXT NOT NULL,
                        schema_version INTEGER NOT NULL, version INTEGER NOT NULL,
                        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                        PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
                    INSERT INTO pce_grain_state (grain_type, grain_key, state_name, payload, schema_version, version) VALUES
                        ('lightpath', 'lp-1', 'state', '{"big":"' || hex(zeroblob(1500)) || '"}', 2, 7),
                        ('fiber', 'A-B', 'state', '{"claims":[]}', 1, 3);
                    """;
                await create.ExecuteNonQueryAsync();
            }

            var store = new SqliteGrainStateStore(path);
            await store.EnsureSchemaAsync();
            await store.EnsureSchemaAsync();

            var lightpath = await store.ReadAsync("lightpath", "lp-1", "state");
            Assert.Equal((2, 7L, 3010), (lightpath!.SchemaVersion, lightpath.Version, lightpath.Payload.Length));
            var fiber = await store.ReadAsync("fiber", "A-B", "state");
            Assert.Equal(("{\"claims\":[]}", 3L), (fiber!.Payload, fiber.Version));

            // Optimistic concurrency carries on from the migrated versions.
            Assert.False((await store.WriteAsync("fiber", "A-B", "state", "stale", 1, 2)).Written);
            Assert.Equal(4L, (await store.WriteAsync("fiber", "A-B", "state", "next", 1, 3)).Version);

            await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            await check.OpenAsync();
            await using var tables = check.CreateCommand();
            tables.CommandText = "SELECT group_concat(name || ':' || sql, ' | ') FROM sqlite_master WHERE type = 'table'";
            var schema = (string)(await tables.ExecuteScalarAsync())!;
            Assert.DoesNotContain("WITHOUT ROWID", schema, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("without_rowid", schema, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    public void Dispose() => _temp.Dispose();
}

public sealed class PostgresGrainStateStoreTests : GrainStateStoreContract, IAsyncLifetime
{
    private readonly TempPostgresDatabase _database = new();
    private PostgresGrainStateStore? _store;

    protected override IGrainStateStore Store => _store!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _store = new PostgresGrainStateStore(_database.ConnectionString);
        await _store.EnsureSchemaAsync();
    }

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        await _database.DisposeAsync();
    }
}
