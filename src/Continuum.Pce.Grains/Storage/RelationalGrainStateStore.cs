using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// The grain-state store over a relational database. One table, keyed by (grain type, grain key, state name), with
/// an integer version column for optimistic concurrency. The SQL is the same for SQLite and PostgreSQL (both accept
/// <c>@name</c> parameters and <c>ON CONFLICT DO NOTHING</c>); only the connection and the schema preamble differ.
/// This is the project's own schema: Orleans' ADO.NET scripts are not shipped in its packages.
/// </summary>
public abstract class RelationalGrainStateStore : IGrainStateStore
{
    protected const string Table = "pce_grain_state";

    private const string SelectSql =
        $"SELECT payload, schema_version, version FROM {Table} WHERE grain_type = @type AND grain_key = @key AND state_name = @name";

    private const string InsertSql =
        $"INSERT INTO {Table} (grain_type, grain_key, state_name, payload, schema_version, version) " +
        "VALUES (@type, @key, @name, @payload, @schema, 1) ON CONFLICT DO NOTHING";

    private const string UpdateSql =
        $"UPDATE {Table} SET payload = @payload, schema_version = @schema, version = version + 1 " +
        "WHERE grain_type = @type AND grain_key = @key AND state_name = @name AND version = @version";

    private const string DeleteSql =
        $"DELETE FROM {Table} WHERE grain_type = @type AND grain_key = @key AND state_name = @name AND version = @version";

    private const string ScanSql =
        $"SELECT grain_key, state_name, payload, schema_version, version FROM {Table} WHERE grain_type = @type ORDER BY grain_key, state_name";

    protected abstract DbConnection CreateConnection();

    protected abstract IEnumerable<string> SchemaStatements();

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in SchemaStatements())
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredState?> ReadAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, grainType, grainKey, stateName, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteOutcome> WriteAsync(
        string grainType, string grainKey, string stateName, string payload, int schemaVersion, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = expectedVersion is null ? InsertSql : UpdateSql;
        AddKey(command, grainType, grainKey, stateName);
        Add(command, "@payload", payload);
        Add(command, "@schema", schemaVersion);
        if (expectedVersion is { } v)
        {
            Add(command, "@version", v);
        }

        var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (rows == 1)
        {
            return WriteOutcome.Ok(expectedVersion is { } old ? old + 1 : 1);
        }

        var found = await ReadAsync(connection, grainType, grainKey, stateName, cancellationToken).ConfigureAwait(false);
        return WriteOutcome.Conflict(found?.Version);
    }

    public async Task<bool> DeleteAsync(string grainType, string grainKey, string stateName, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (expectedVersion is null)
        {
            return await ReadAsync(connection, grainType, grainKey, stateName, cancellationToken).ConfigureAwait(false) is null;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = DeleteSql;
        AddKey(command, grainType, grainKey, stateName);
        Add(command, "@version", expectedVersion.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async IAsyncEnumerable<(string GrainKey, string StateName, StoredState State)> ScanAsync(
        string grainType, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = ScanSql;
        Add(command, "@type", grainType);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (reader.GetString(0), reader.GetString(1), new StoredState(reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4)));
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await OnOpenedAsync(connection, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Per-connection settings (SQLite pragmas).</summary>
    protected virtual Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<StoredState?> ReadAsync(DbConnection connection, string grainType, string grainKey, string stateName, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SelectSql;
        AddKey(command, grainType, grainKey, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredState(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
    }

    private static void AddKey(DbCommand command, string grainType, string grainKey, string stateName)
    {
        Add(command, "@type", grainType);
        Add(command, "@key", grainKey);
        Add(command, "@name", stateName);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
