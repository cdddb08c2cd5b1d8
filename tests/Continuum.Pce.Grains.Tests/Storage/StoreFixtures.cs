using Continuum.Pce.Grains.Storage;
using Npgsql;
using Xunit;

namespace Continuum.Pce.Grains.Tests.Storage;

/// <summary>A fresh SQLite database file per test, deleted afterwards.</summary>
public sealed class TempSqliteStore : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pce-tests", Guid.NewGuid().ToString("N"));

    public TempSqliteStore()
    {
        Store = new SqliteGrainStateStore(Path.Combine(_directory, "state.db"));
        Store.EnsureSchemaAsync().GetAwaiter().GetResult();
    }

    public SqliteGrainStateStore Store { get; }

    public void Dispose()
    {
        // Stops the writer and the checkpointer (and closes their connections) before the file goes.
        Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by the OS: left in the temp folder.
        }
    }
}

/// <summary>
/// A fresh PostgreSQL database on the server .ci/run starts on 127.0.0.1:5432 (override with PCE_TEST_POSTGRES).
/// The tests fail, not skip, when no server is reachable: CI must provide one.
/// </summary>
public sealed class TempPostgresDatabase : IAsyncLifetime
{
    private readonly string _adminConnection =
        Environment.GetEnvironmentVariable("PCE_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres;Timeout=5";

    private readonly string _database = "pce_test_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(_adminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {_database}", connection);
        await command.ExecuteNonQueryAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnection) { Database = _database }.ToString();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
