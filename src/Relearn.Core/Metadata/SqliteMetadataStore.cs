using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;

namespace Relearn.Core.Metadata;

/// <summary>
/// The metadata store on one SQLite file: tracking, datasets and the registry. WAL lets readers run beside a
/// writer; writers take the write lock up front (BEGIN IMMEDIATE) and wait on a busy timeout, and a Polly
/// retry covers SQLITE_BUSY that outlasts it, so two processes writing at once both land.
/// </summary>
public sealed partial class SqliteMetadataStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _busyRetry;

    /// <summary>Opens (creating and migrating if needed) the database at <paramref name="path"/>.</summary>
    public SqliteMetadataStore(string path, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _time = time;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _busyRetry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<SqliteException>(e => e.SqliteErrorCode is 5 or 6),
                MaxRetryAttempts = 20,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(20),
                MaxDelay = TimeSpan.FromSeconds(1),
            })
            .Build();
        Migrate();
    }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => SqliteMigrations.Steps.Count;

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void Migrate()
    {
        _busyRetry.Execute(() =>
        {
            using var connection = Open();
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL); SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
            var current = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (current > SqliteMigrations.Steps.Count)
            {
                throw RelearnException.Invalid($"the metadata store has schema version {current}, newer than this relearn ({SqliteMigrations.Steps.Count}); upgrade relearn");
            }
            for (var step = current; step < SqliteMigrations.Steps.Count; step++)
            {
                command.CommandText = SqliteMigrations.Steps[step];
                command.ExecuteNonQuery();
                command.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, $t)";
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$v", step + 1);
                command.Parameters.AddWithValue("$t", Now());
                command.ExecuteNonQuery();
                command.Parameters.Clear();
            }
            transaction.Commit();
        });
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction, retried as a whole on SQLITE_BUSY.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        return await _busyRetry.ExecuteAsync(async token =>
        {
            await using var connection = Open();
            // BEGIN IMMEDIATE: take the write lock now, not on first write, so two writers never deadlock on an upgrade.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction, token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
    }

    private Task WriteAsync(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async (c, t, token) => { await work(c, t, token); return true; }, cancellationToken);

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        return await _busyRetry.ExecuteAsync(async token =>
        {
            await using var connection = Open();
            return await work(connection, token);
        }, cancellationToken);
    }

    /// <summary>Runs a query and maps every row.</summary>
    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> map, CancellationToken token)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(token);
            var rows = new List<T>();
            while (await reader.ReadAsync(token))
            {
                rows.Add(map(reader));
            }
            return rows;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
