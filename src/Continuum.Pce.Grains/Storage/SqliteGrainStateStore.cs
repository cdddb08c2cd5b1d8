using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// The embedded default: a SQLite database file in write-ahead-log mode. WAL lets readers proceed during a write;
/// synchronous=NORMAL in WAL mode keeps the database consistent across a process crash (a power loss may lose the
/// last transactions, never corrupt the file).
/// </summary>
public sealed class SqliteGrainStateStore : RelationalGrainStateStore
{
    private readonly string _connectionString;

    public SqliteGrainStateStore(string databasePath)
    {
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

    protected override bool ReadsOnWriter => true;

    protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    protected override async Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // journal_mode is a property of the file (set once with the schema); synchronous is per connection. The writer
        // checkpoints when the log passes 8,192 pages (32 MB) rather than SQLite's 1,000: under load the default made a
        // commit stop to checkpoint about thirty times a second, and a page written many times between checkpoints (a
        // busy fibre's) now reaches the database file once (NSFNET creates: about 1,800 → 2,200 a second).
        command.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 8192;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override IEnumerable<string> PreSchemaStatements() => ["PRAGMA journal_mode = WAL"];

    protected override IEnumerable<string> SchemaStatements() =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            state_name TEXT NOT NULL,
            payload TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            version INTEGER NOT NULL,
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            PRIMARY KEY (grain_type, grain_key, state_name)
        ) WITHOUT ROWID
        """,
    ];
}
