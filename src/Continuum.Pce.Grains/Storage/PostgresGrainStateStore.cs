using System.Data.Common;
using Npgsql;

namespace Continuum.Pce.Grains.Storage;

/// <summary>The cluster store: PostgreSQL, same table and SQL as the SQLite store; the schema is applied on start.</summary>
public sealed class PostgresGrainStateStore : RelationalGrainStateStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connections a silo opens at most when the connection string does not say (PostgreSQL allows 100 in all by default).</summary>
    public const int DefaultMaxPoolSize = 16;

    public PostgresGrainStateStore(string connectionString)
    {
        // A silo activating hundreds of grains at once would otherwise open a connection per read up to Npgsql's default
        // pool of 100 and exhaust the server for every other silo; reads queue for a pooled connection instead.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    protected override DbConnection CreateConnection() => _dataSource.CreateConnection();

    // CREATE TABLE IF NOT EXISTS is not safe against itself in PostgreSQL: two silos starting together can both pass
    // the check and one fails on the catalogue's unique index. A transaction-scoped advisory lock serialises them.
    protected override async Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(7316650301)";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override string IndexColumnProbeSql =>
        $"SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{Table}' AND column_name = 'idx_state'";

    protected override IEnumerable<string> SchemaStatements() =>
    [
        // Silos starting together would race on CREATE TABLE; a transaction-scoped advisory lock serialises them.
        "SELECT pg_advisory_xact_lock(727274001)",
        $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            grain_type text NOT NULL,
            grain_key text NOT NULL,
            state_name text NOT NULL,
            payload text NOT NULL,
            schema_version integer NOT NULL,
            version bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (grain_type, grain_key, state_name)
        )
        """,
        $"""
        CREATE OR REPLACE FUNCTION {Table}_touch() RETURNS trigger AS $$
        BEGIN NEW.updated_at = now(); RETURN NEW; END; $$ LANGUAGE plpgsql
        """,
        $"CREATE OR REPLACE TRIGGER {Table}_touch BEFORE UPDATE ON {Table} FOR EACH ROW EXECUTE FUNCTION {Table}_touch()",
    ];

    public void Dispose() => _dataSource.Dispose();
}
