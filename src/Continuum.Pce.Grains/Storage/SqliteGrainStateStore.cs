using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// The embedded default: a SQLite database file in write-ahead-log mode. WAL lets readers proceed during a write;
/// synchronous=NORMAL in WAL mode keeps the database consistent across a process crash (a power loss may lose the
/// last transactions, never corrupt the file).
/// The log is copied back into the database file by a checkpointer of the store's own, beside the writer, rather than
/// by the writer's commits: a checkpoint ends with an fsync of the database file, and a writer that stops for it stops
/// every durable write of the silo (1,000-node creates: 1,363 a second with the writer checkpointing, 1,699 with the
/// file in memory, where an fsync costs nothing).
/// </summary>
public sealed class SqliteGrainStateStore : RelationalGrainStateStore
{
    /// <summary>Committed writes after which the checkpointer is woken.</summary>
    public const int CheckpointEveryWrites = 1024;

    /// <summary>
    /// The log size (pages) at which a commit checkpoints by itself: only reached when the checkpointer cannot keep up
    /// (or a long reader pins the log), so the log stays bounded whatever happens to it.
    /// </summary>
    public const int WriterCheckpointPages = 65536;

    private static readonly TimeSpan CheckpointPause = TimeSpan.FromMilliseconds(100);
    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _checkpointDue = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _checkpointer;
    private int _uncheckpointedWrites;
    private int _checkpoints;
    private long _pagesCopied;
    private TaskCompletionSource _nextCheckpoint = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteGrainStateStore(string databasePath, ILogger<SqliteGrainStateStore>? logger = null)
    {
        _logger = logger ?? NullLogger<SqliteGrainStateStore>.Instance;
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }

    /// <summary>Background checkpoints completed, and the log pages they copied in all (for tests and diagnostics).</summary>
    public (int Checkpoints, long PagesCopied) CheckpointStatistics => (Volatile.Read(ref _checkpoints), Interlocked.Read(ref _pagesCopied));

    /// <summary>Completes when the next background checkpoint has run (for tests and diagnostics).</summary>
    public Task NextCheckpoint => Volatile.Read(ref _nextCheckpoint).Task;

    protected override bool ReadsOnWriter => true;

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override async Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // journal_mode is a property of the file (set once with the schema); synchronous is per connection. Commits
        // leave checkpoints to the checkpointer below and only take one over past WriterCheckpointPages. (SQLite's
        // default of 1,000 pages had made a commit stop to checkpoint about thirty times a second under load.)
        command.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {WriterCheckpointPages};";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void OnBatchCommitted(int items)
    {
        if ((_uncheckpointedWrites += items) < CheckpointEveryWrites)
        {
            return;
        }

        // Only the writer loop calls this, one batch at a time: no lock, and no second release can race this one.
        _uncheckpointedWrites = 0;
        _checkpointer ??= Task.Run(CheckpointLoopAsync);
        if (_checkpointDue.CurrentCount == 0)
        {
            _checkpointDue.Release();
        }
    }

    /// <summary>
    /// Passive checkpoints on a connection of its own: they copy what the log holds into the database file without
    /// taking the write lock, so commits go on meanwhile; once a checkpoint has copied the whole log, the next commit
    /// starts the log again from its beginning. At most one every <see cref="CheckpointPause"/>.
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        var stop = _stopping.Token;
        try
        {
            await using var connection = await OpenAsync(stop).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            while (!stop.IsCancellationRequested)
            {
                await _checkpointDue.WaitAsync(stop).ConfigureAwait(false);
                try
                {
                    await using var reader = await command.ExecuteReaderAsync(stop).ConfigureAwait(false);
                    if (await reader.ReadAsync(stop).ConfigureAwait(false))
                    {
                        Interlocked.Add(ref _pagesCopied, Math.Max(0, reader.GetInt64(2)));
                        Interlocked.Increment(ref _checkpoints);
                    }

                    Interlocked.Exchange(ref _nextCheckpoint, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
                catch (SqliteException e)
                {
                    // The writer's own checkpoint past WriterCheckpointPages still bounds the log.
                    _logger.LogWarning(e, "SQLite background checkpoint of {Database} failed", DatabasePath);
                }

                await Task.Delay(CheckpointPause, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_checkpointer is { } checkpointer)
        {
            await checkpointer.ConfigureAwait(false);
        }

        _stopping.Dispose();
        _checkpointDue.Dispose();
    }

    protected override IEnumerable<string> PreSchemaStatements() => ["PRAGMA journal_mode = WAL"];

    protected override IEnumerable<string> SchemaStatements() => [CreateTable(Table)];

    protected override string IndexColumnProbeSql => $"SELECT count(*) FROM pragma_table_info('{Table}') WHERE name = 'idx_state'";

    /// <summary>
    /// Databases written before 2026-12-05 hold the table WITHOUT ROWID. Such a table keeps at most about a quarter of
    /// a page of each row in the B-tree and moves the rest to overflow pages, so every write of a lightpath (about
    /// 1.8 KB) or a busy fibre's ledger dirtied an overflow chain as well as its leaf, and the writer, which every
    /// durable write goes through, spent a third more per write (NSFNET creates: about 2,000 → 2,300 a second). The
    /// rows are copied into the rowid table in the schema's transaction; a failure leaves the old table as it was.
    /// </summary>
    protected override async Task MigrateAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var probe = connection.CreateCommand();
        probe.Transaction = transaction;
        probe.CommandText = $"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{Table}'";
        if (await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string sql ||
            !sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        const string Old = Table + "_without_rowid";
        const string Columns = "grain_type, grain_key, state_name, payload, schema_version, version, updated_at";
        foreach (var statement in new[]
        {
            $"ALTER TABLE {Table} RENAME TO {Old}",
            CreateTable(Table),
            $"INSERT INTO {Table} ({Columns}) SELECT {Columns} FROM {Old}",
            $"DROP TABLE {Old}",
        })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A rowid table: a row of up to about 4 KB stays in its leaf page, and a write dirties that page alone (the key
    /// index is untouched when only the payload changes).
    /// </summary>
    private static string CreateTable(string name) =>
        $"""
        CREATE TABLE IF NOT EXISTS {name} (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            state_name TEXT NOT NULL,
            payload TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            version INTEGER NOT NULL,
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            PRIMARY KEY (grain_type, grain_key, state_name)
        )
        """;
}
