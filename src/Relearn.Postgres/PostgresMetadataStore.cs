using System.Data;
using Npgsql;
using Polly;
using Polly.Retry;
using Relearn.Core;

namespace Relearn.Postgres;

/// <summary>
/// The metadata store on a PostgreSQL database: tracking, datasets, the registry and webhooks, with the same
/// behaviour as the SQLite store. Connections come from Npgsql's pool (one <see cref="NpgsqlDataSource"/>); every
/// write is one SERIALIZABLE transaction, retried as a whole (Polly) when PostgreSQL reports a serialization failure,
/// a deadlock or a unique-key race, so concurrent writers behave as if they took turns, as they do on SQLite.
/// </summary>
public sealed partial class PostgresMetadataStore : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _conflictRetry;

    /// <summary>Connects to <paramref name="uri"/> (<c>postgresql://user:pass@host:port/db</c> or an Npgsql connection string) and migrates the schema.</summary>
    public PostgresMetadataStore(string uri, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        _time = time;
        _dataSource = NpgsqlDataSource.Create(PostgresConnectionString.FromUri(uri));
        _conflictRetry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<PostgresException>(e => e.SqlState is PostgresErrorCodes.SerializationFailure
                    or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation),
                MaxRetryAttempts = 20,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(10),
                MaxDelay = TimeSpan.FromSeconds(1),
            })
            .Build();
        Migrate();
    }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => PostgresMigrations.Steps.Count;

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    /// <summary>Applies pending migrations in one transaction under an advisory lock, so processes starting together do not race.</summary>
    private void Migrate()
    {
        _conflictRetry.Execute(() =>
        {
            using var connection = _dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT pg_advisory_xact_lock({PostgresMigrations.LockKey}); CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);";
            command.ExecuteNonQuery();
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
            var current = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (current > PostgresMigrations.Steps.Count)
            {
                throw RelearnException.Invalid($"the metadata store has schema version {current}, newer than this relearn ({PostgresMigrations.Steps.Count}); upgrade relearn");
            }
            for (var step = current; step < PostgresMigrations.Steps.Count; step++)
            {
                command.CommandText = PostgresMigrations.Steps[step];
                command.ExecuteNonQuery();
                command.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)";
                command.Parameters.AddWithValue("v", step + 1);
                command.Parameters.AddWithValue("t", Now());
                command.ExecuteNonQuery();
                command.Parameters.Clear();
            }
            transaction.Commit();
        });
    }

    /// <summary>Runs <paramref name="work"/> in one serializable transaction, retried as a whole on a serialization conflict.</summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        return await _conflictRetry.ExecuteAsync(async token =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, token);
            var result = await work(connection, transaction, token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
    }

    private Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async (c, t, token) => { await work(c, t, token); return true; }, cancellationToken);

    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection, cancellationToken);
    }

    /// <summary>Runs a query and maps every row.</summary>
    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken token)
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

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
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
