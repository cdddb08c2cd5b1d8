using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Continuum.Pce.Grains.Storage;

/// <summary>
/// The grain-state store over a relational database. One table, keyed by (grain type, grain key, state name), with
/// an integer version column for optimistic concurrency. The SQL is the same for SQLite and PostgreSQL (both accept
/// <c>@name</c> parameters and <c>ON CONFLICT DO NOTHING</c>); only the connection and the schema preamble differ.
/// This is the project's own schema: Orleans' ADO.NET scripts are not shipped in its packages.
/// Writes go through one writer loop that commits whatever is queued as one transaction (group commit): each row keeps
/// its own version check, so the semantics are those of separate writes, at the cost of one commit per batch.
/// </summary>
public abstract class RelationalGrainStateStore : IGrainStateStore, IAsyncDisposable
{
    private const int MaxBatch = 512;
    private const int MaxIdleReaders = 8;
    private readonly ConcurrentBag<ReaderSession> _readers = [];
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startGate = new();
    private Task? _writer;
    private long _batches;
    private long _items;
    private long _busyTicks;

    /// <summary>
    /// The writer loop's work so far: batches committed, items in them (writes and queued reads), and the time it spent
    /// between taking a batch and answering it — every durable write passes through this one loop, so its busy share
    /// of wall time says how close the store is to being the silo's limit.
    /// </summary>
    public (long Batches, long Items, TimeSpan Busy) WriterStatistics =>
        (Interlocked.Read(ref _batches), Interlocked.Read(ref _items), TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks) * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency));

    private sealed record PendingWrite(
        string GrainType, string GrainKey, string StateName, string? Payload, int SchemaVersion, long? ExpectedVersion, bool Delete,
        TaskCompletionSource<WriteOutcome>? Completion, TaskCompletionSource<StoredState?>? Read = null, StateIndex Index = default)
    {
        /// <summary>Sets the index columns of the row at <see cref="ExpectedVersion"/>, nothing else.</summary>
        public bool IndexOnly { get; init; }

        /// <summary>Deletes expired terminal rows (<see cref="ExpectedVersion"/>: the cut-off; the index's time: the limit).</summary>
        public bool Purge { get; init; }
    }

    /// <summary>
    /// Whether point reads run on the writer's connection, in its queue, rather than on a pooled reader. For an
    /// embedded database: every commit invalidates the page cache of every other connection, so a reader re-reads the
    /// pages of each lookup from the log, while the writer's cache stays warm (NSFNET creates: a new lightpath's
    /// activation read had cost as much as ≈15 % of a create). A read queued behind writes sees them; its answer is
    /// given after the batch commits. Off for a database server, where one connection would serialise round trips.
    /// </summary>
    protected virtual bool ReadsOnWriter => false;

    protected const string Table = "pce_grain_state";

    private const string SelectSql =
        $"SELECT payload, schema_version, version FROM {Table} WHERE grain_type = @type AND grain_key = @key AND state_name = @name";

    private const string InsertSql =
        $"INSERT INTO {Table} (grain_type, grain_key, state_name, payload, schema_version, version, idx_tenant, idx_state, idx_terminal, idx_at) " +
        "VALUES (@type, @key, @name, @payload, @schema, 1, @tenant, @state, @terminal, @at) ON CONFLICT DO NOTHING";

    private const string UpdateSql =
        $"UPDATE {Table} SET payload = @payload, schema_version = @schema, version = version + 1, " +
        "idx_tenant = @tenant, idx_state = @state, idx_terminal = @terminal, idx_at = @at " +
        "WHERE grain_type = @type AND grain_key = @key AND state_name = @name AND version = @version";

    private const string SetIndexSql =
        $"UPDATE {Table} SET idx_tenant = @tenant, idx_state = @state, idx_terminal = @terminal, idx_at = @at " +
        "WHERE grain_type = @type AND grain_key = @key AND state_name = @name AND version = @version";

    private const string UnindexedSql =
        $"SELECT grain_key, state_name, payload, schema_version, version FROM {Table} " +
        "WHERE grain_type = @type AND idx_state IS NULL AND grain_key > @after ORDER BY grain_key LIMIT @limit";

    private const string PurgeSql =
        $"DELETE FROM {Table} WHERE grain_type = @type AND idx_terminal = 1 AND idx_at < @before AND grain_key IN " +
        $"(SELECT grain_key FROM {Table} WHERE grain_type = @type AND idx_terminal = 1 AND idx_at < @before ORDER BY idx_at LIMIT @limit)";

    /// <summary>
    /// The index columns (added to tables written before they existed) and the indexes over them: listing by tenant, by
    /// state and by both walk an index in key order; the retention policy finds expired terminal states by time. Partial
    /// indexes: only rows that carry an index (lightpaths) are in them.
    /// </summary>
    private static readonly string[] IndexStatements =
    [
        $"CREATE INDEX IF NOT EXISTS {Table}_by_tenant ON {Table} (grain_type, idx_tenant, grain_key) WHERE idx_tenant IS NOT NULL",
        $"CREATE INDEX IF NOT EXISTS {Table}_by_state ON {Table} (grain_type, idx_state, grain_key) WHERE idx_state IS NOT NULL",
        $"CREATE INDEX IF NOT EXISTS {Table}_by_tenant_state ON {Table} (grain_type, idx_tenant, idx_state, grain_key) WHERE idx_tenant IS NOT NULL",
        $"CREATE INDEX IF NOT EXISTS {Table}_terminal ON {Table} (grain_type, idx_at) WHERE idx_terminal = 1",
    ];

    /// <summary>How this database says whether the table has the index columns yet (a count of 1 or 0).</summary>
    protected abstract string IndexColumnProbeSql { get; }

    private const string DeleteSql =
        $"DELETE FROM {Table} WHERE grain_type = @type AND grain_key = @key AND state_name = @name AND version = @version";

    private const string ScanSql =
        $"SELECT grain_key, state_name, payload, schema_version, version FROM {Table} WHERE grain_type = @type ORDER BY grain_key, state_name";

    private const string PageSql =
        $"SELECT grain_key, payload, schema_version, version FROM {Table} WHERE grain_type = @type AND grain_key > @after ORDER BY grain_key LIMIT @limit";

    protected abstract DbConnection CreateConnection();

    public async Task<IReadOnlyList<(string GrainKey, StoredState State)>> PageAsync(string grainType, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = PageSql;
        Add(command, "@type", grainType);
        Add(command, "@after", afterKey ?? "");
        Add(command, "@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<(string, StoredState)>(limit);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add((reader.GetString(0), new StoredState(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3))));
        }

        return page;
    }

    public async Task<IReadOnlyList<(string GrainKey, StoredState State)>> PageByIndexAsync(string grainType, string? tenant, string? state, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT grain_key, payload, schema_version, version FROM {Table} WHERE grain_type = @type" +
            (tenant is null ? "" : " AND idx_tenant = @tenant") +
            (state is null ? "" : " AND idx_state = @state") +
            (tenant is null && state is null ? " AND idx_state IS NOT NULL" : "") +
            " AND grain_key > @after ORDER BY grain_key LIMIT @limit";
        Add(command, "@type", grainType);
        if (tenant is not null)
        {
            Add(command, "@tenant", tenant);
        }

        if (state is not null)
        {
            Add(command, "@state", state);
        }

        Add(command, "@after", afterKey ?? "");
        Add(command, "@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<(string, StoredState)>(Math.Min(limit, 1024));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add((reader.GetString(0), new StoredState(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3))));
        }

        return page;
    }

    public async Task<IReadOnlyList<(string GrainKey, string StateName, StoredState State)>> UnindexedAsync(string grainType, string? afterKey, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = UnindexedSql;
        Add(command, "@type", grainType);
        Add(command, "@after", afterKey ?? "");
        Add(command, "@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<(string, string, StoredState)>(Math.Min(limit, 1024));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add((reader.GetString(0), reader.GetString(1), new StoredState(reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4))));
        }

        return page;
    }

    public async Task SetIndexAsync(string grainType, string grainKey, string stateName, StateIndex index, CancellationToken cancellationToken = default)
    {
        var stored = await ReadAsync(grainType, grainKey, stateName, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return;
        }

        // Through the writer: SQLite has one writer at a time, and the version check keeps a newer write's index.
        await Enqueue(new PendingWrite(grainType, grainKey, stateName, null, 0, stored.Version, false, NewCompletion(), Index: index) { IndexOnly = true }).ConfigureAwait(false);
    }

    public async Task<int> PurgeTerminalAsync(string grainType, long beforeUnixMs, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var outcome = await Enqueue(new PendingWrite(grainType, "", "", null, 0, beforeUnixMs, true, NewCompletion(), Index: new StateIndex(null, null, true, limit)) { Purge = true }).ConfigureAwait(false);
        return (int)outcome.Version;
    }

    protected abstract IEnumerable<string> SchemaStatements();

    /// <summary>Brings a table written by an earlier version to the current layout, in the schema's transaction.</summary>
    protected virtual Task MigrateAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Statements that must run outside a transaction before the schema (SQLite's journal mode).</summary>
    protected virtual IEnumerable<string> PreSchemaStatements() => [];

    /// <summary>Taken first in the schema transaction, so that silos starting together create the schema one at a time.</summary>
    protected virtual Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Creates or migrates the schema. A database that is slow to answer (a loaded host, a server still starting)
    /// is retried with back-off, 5 attempts over about 30 s, before the silo gives up and reports the last error.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromSeconds(2);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TryEnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbException) when (attempt < 5 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay += delay;
            }
            catch (TimeoutException) when (attempt < 5 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay += delay;
            }
        }
    }

    private async Task TryEnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in PreSchemaStatements())
        {
            await using var pre = connection.CreateCommand();
            pre.CommandText = sql;
            await pre.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await MigrateAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        foreach (var sql in SchemaStatements())
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var probe = connection.CreateCommand())
        {
            probe.Transaction = transaction;
            probe.CommandText = IndexColumnProbeSql;
            if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                foreach (var column in new[] { "idx_tenant TEXT", "idx_state TEXT", "idx_terminal INTEGER", "idx_at BIGINT" })
                {
                    await using var alter = connection.CreateCommand();
                    alter.Transaction = transaction;
                    alter.CommandText = $"ALTER TABLE {Table} ADD COLUMN {column}";
                    await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        foreach (var sql in IndexStatements)
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
        if (ReadsOnWriter)
        {
            var read = new TaskCompletionSource<StoredState?>(TaskCreationOptions.RunContinuationsAsynchronously);
            EnqueueItem(new PendingWrite(grainType, grainKey, stateName, null, 0, null, false, null, read));
            return await read.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var session = _readers.TryTake(out var idle) ? idle : new ReaderSession(await OpenAsync(cancellationToken).ConfigureAwait(false));
        try
        {
            var state = await session.ReadAsync(grainType, grainKey, stateName, cancellationToken).ConfigureAwait(false);
            if (_readers.Count < MaxIdleReaders)
            {
                _readers.Add(session);
                session = null;
            }

            return state;
        }
        finally
        {
            // A failed read (or one beyond the idle limit) closes its connection rather than lend it again.
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public Task<WriteOutcome> WriteAsync(
        string grainType, string grainKey, string stateName, string payload, int schemaVersion, long? expectedVersion, CancellationToken cancellationToken = default) =>
        Enqueue(new PendingWrite(grainType, grainKey, stateName, payload, schemaVersion, expectedVersion, false, NewCompletion()));

    public Task<WriteOutcome> WriteAsync(
        string grainType, string grainKey, string stateName, string payload, int schemaVersion, long? expectedVersion, StateIndex index, CancellationToken cancellationToken = default) =>
        Enqueue(new PendingWrite(grainType, grainKey, stateName, payload, schemaVersion, expectedVersion, false, NewCompletion(), Index: index));

    public async Task<bool> DeleteAsync(string grainType, string grainKey, string stateName, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        if (expectedVersion is null)
        {
            return await ReadAsync(grainType, grainKey, stateName, cancellationToken).ConfigureAwait(false) is null;
        }

        var outcome = await Enqueue(new PendingWrite(grainType, grainKey, stateName, null, 0, expectedVersion, true, NewCompletion())).ConfigureAwait(false);
        return outcome.Written;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.ConfigureAwait(false);
        }

        while (_readers.TryTake(out var reader))
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a derived store runs beside the writer, after the writer has stopped.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    private static TaskCompletionSource<WriteOutcome> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<WriteOutcome> Enqueue(PendingWrite write)
    {
        EnqueueItem(write);
        return write.Completion!.Task;
    }

    private void EnqueueItem(PendingWrite write)
    {
        if (_writer is null)
        {
            lock (_startGate)
            {
                _writer ??= Task.Run(WriterLoopAsync);
            }
        }

        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(GetType().Name, "the store is shut down");
        }
    }

    private async Task WriterLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        var outcomes = new WriteOutcome[MaxBatch];
        var reads = new StoredState?[MaxBatch];
        WriterSession? session = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();

                try
                {
                    session ??= await WriterSession.OpenAsync(this).ConfigureAwait(false);
                    await using var transaction = await session.Connection.BeginTransactionAsync().ConfigureAwait(false);
                    session.Enlist(transaction);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        if (batch[i].Read is null)
                        {
                            outcomes[i] = await session.ApplyAsync(batch[i]).ConfigureAwait(false);
                        }
                        else
                        {
                            reads[i] = await session.ReadAsync(batch[i]).ConfigureAwait(false);
                        }
                    }

                    await transaction.CommitAsync().ConfigureAwait(false);
                    OnBatchCommitted(batch.Count);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        if (batch[i].Read is { } read)
                        {
                            read.TrySetResult(reads[i]);
                            reads[i] = null;
                        }
                        else
                        {
                            batch[i].Completion!.TrySetResult(outcomes[i]);
                        }
                    }

                    Interlocked.Increment(ref _batches);
                    Interlocked.Add(ref _items, batch.Count);
                    Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
                }
                catch (Exception e)
                {
                    // The connection may be broken (a restarted database server): the next batch opens a new one.
                    if (session is not null)
                    {
                        await session.DisposeAsync().ConfigureAwait(false);
                        session = null;
                    }

                    // A read answered from a batch that did not commit may have seen its writes: it fails with them.
                    foreach (var item in batch)
                    {
                        item.Completion?.TrySetException(e);
                        item.Read?.TrySetException(e);
                    }
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The writer loop's own connection with its four commands built once: reusing a command keeps its prepared
    /// statement (SQLite parses SQL per command object, which had cost several per cent of a create), and the
    /// connection's per-open settings run once.
    /// </summary>
    private sealed class WriterSession : IAsyncDisposable
    {
        private readonly DbCommand _insert;
        private readonly DbCommand _update;
        private readonly DbCommand _delete;
        private readonly DbCommand _select;
        private readonly DbCommand _setIndex;
        private readonly DbCommand _purge;

        private WriterSession(DbConnection connection)
        {
            Connection = connection;
            _insert = Command(connection, InsertSql, "@type", "@key", "@name", "@payload", "@schema", "@tenant", "@state", "@terminal", "@at");
            _update = Command(connection, UpdateSql, "@type", "@key", "@name", "@payload", "@schema", "@version", "@tenant", "@state", "@terminal", "@at");
            _setIndex = Command(connection, SetIndexSql, "@type", "@key", "@name", "@version", "@tenant", "@state", "@terminal", "@at");
            _purge = Command(connection, PurgeSql, "@type", "@before", "@limit");
            _delete = Command(connection, DeleteSql, "@type", "@key", "@name", "@version");
            _select = Command(connection, SelectSql, "@type", "@key", "@name");
        }

        public DbConnection Connection { get; }

        public static async Task<WriterSession> OpenAsync(RelationalGrainStateStore store) =>
            new(await store.OpenAsync(CancellationToken.None).ConfigureAwait(false));

        public void Enlist(DbTransaction transaction)
        {
            _insert.Transaction = transaction;
            _update.Transaction = transaction;
            _delete.Transaction = transaction;
            _select.Transaction = transaction;
            _setIndex.Transaction = transaction;
            _purge.Transaction = transaction;
        }

        public async Task<WriteOutcome> ApplyAsync(PendingWrite write)
        {
            if (write.Purge)
            {
                _purge.Parameters["@type"].Value = write.GrainType;
                _purge.Parameters["@before"].Value = write.ExpectedVersion!.Value;
                _purge.Parameters["@limit"].Value = write.Index.AtUnixMs;
                return WriteOutcome.Ok(await _purge.ExecuteNonQueryAsync().ConfigureAwait(false));
            }

            var command = write.IndexOnly ? _setIndex : write.Delete ? _delete : write.ExpectedVersion is null ? _insert : _update;
            SetKey(command, write.GrainType, write.GrainKey, write.StateName);
            if (!write.Delete)
            {
                if (!write.IndexOnly)
                {
                    command.Parameters["@payload"].Value = write.Payload!;
                    command.Parameters["@schema"].Value = write.SchemaVersion;
                }

                var index = write.Index;
                command.Parameters["@tenant"].Value = (object?)index.Tenant ?? DBNull.Value;
                command.Parameters["@state"].Value = (object?)index.State ?? DBNull.Value;
                command.Parameters["@terminal"].Value = index.IsNone ? DBNull.Value : index.Terminal ? 1 : 0;
                command.Parameters["@at"].Value = index.IsNone ? DBNull.Value : index.AtUnixMs;
            }

            if (write.ExpectedVersion is { } v)
            {
                command.Parameters["@version"].Value = v;
            }

            var rows = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            if (write.IndexOnly)
            {
                return rows == 1 ? WriteOutcome.Ok(write.ExpectedVersion!.Value) : WriteOutcome.Conflict(null);
            }

            if (rows == 1)
            {
                return WriteOutcome.Ok(write.Delete ? 0 : write.ExpectedVersion is { } old ? old + 1 : 1);
            }

            SetKey(_select, write.GrainType, write.GrainKey, write.StateName);
            await using var reader = await _select.ExecuteReaderAsync().ConfigureAwait(false);
            return WriteOutcome.Conflict(await reader.ReadAsync().ConfigureAwait(false) ? reader.GetInt64(2) : null);
        }

        public async Task<StoredState?> ReadAsync(PendingWrite read)
        {
            SetKey(_select, read.GrainType, read.GrainKey, read.StateName);
            await using var reader = await _select.ExecuteReaderAsync().ConfigureAwait(false);
            return await reader.ReadAsync().ConfigureAwait(false)
                ? new StoredState(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2))
                : null;
        }

        public async ValueTask DisposeAsync()
        {
            await _insert.DisposeAsync().ConfigureAwait(false);
            await _update.DisposeAsync().ConfigureAwait(false);
            await _delete.DisposeAsync().ConfigureAwait(false);
            await _select.DisposeAsync().ConfigureAwait(false);
            await _setIndex.DisposeAsync().ConfigureAwait(false);
            await _purge.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>An open connection with the point-read command built once, lent to one reader at a time.</summary>
    private sealed class ReaderSession(DbConnection connection) : IAsyncDisposable
    {
        private readonly DbCommand _select = Command(connection, SelectSql, "@type", "@key", "@name");

        public async Task<StoredState?> ReadAsync(string grainType, string grainKey, string stateName, CancellationToken cancellationToken)
        {
            SetKey(_select, grainType, grainKey, stateName);
            await using var reader = await _select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new StoredState(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2))
                : null;
        }

        public async ValueTask DisposeAsync()
        {
            await _select.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    private static void SetKey(DbCommand command, string grainType, string grainKey, string stateName)
    {
        command.Parameters["@type"].Value = grainType;
        command.Parameters["@key"].Value = grainKey;
        command.Parameters["@name"].Value = stateName;
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

    protected async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await OnOpenedAsync(connection, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Called by the writer loop after each committed batch (on its thread: keep it short).</summary>
    protected virtual void OnBatchCommitted(int items)
    {
    }

    /// <summary>Per-connection settings (SQLite pragmas).</summary>
    protected virtual Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
