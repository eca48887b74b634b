using System.Data.Common;
using System.Globalization;
using Polly;
using Polly.Retry;

namespace Relearn.Core.Metadata;

/// <summary>
/// The metadata store — tracking, datasets, the registry, webhooks and pipeline runs — written once against
/// <see cref="DbConnection"/>, one partial file per concern. A provider (<see cref="SqliteMetadataStore"/>, and the
/// PostgreSQL store in Relearn.Postgres) supplies a <see cref="SqlDialect"/>: its connections, its migrations and what
/// truly differs in SQL. Every write is one transaction the dialect makes atomic (BEGIN IMMEDIATE on SQLite,
/// SERIALIZABLE on PostgreSQL), run again as a whole (Polly) when the database says it collided with another writer,
/// so concurrent writers, in any number of processes, behave as if they took turns.
/// </summary>
public abstract partial class SqlMetadataStore
{
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;

    /// <summary>Opens the store on <paramref name="dialect"/>'s database and applies its pending migrations.</summary>
    /// <param name="dialect">The database's connections, migrations and SQL differences.</param>
    /// <param name="time">The clock every stored time comes from.</param>
    protected SqlMetadataStore(SqlDialect dialect, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(time);
        Dialect = dialect;
        _time = time;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(dialect.IsTransient),
                MaxRetryAttempts = 20,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = dialect.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(1),
            })
            .Build();
        Migrate();
    }

    private SqlDialect Dialect { get; }

    /// <summary>The store's clock, in Unix milliseconds (how every time is stored).</summary>
    protected long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A stored time (Unix milliseconds).</summary>
    protected static DateTimeOffset FromMillis(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    /// <summary>Applies pending migrations in one transaction, under the dialect's lock, so processes starting together do not race.</summary>
    private void Migrate()
    {
        var steps = Dialect.Migrations;
        _retry.Execute(() =>
        {
            using var connection = Dialect.Open();
            using var transaction = Dialect.BeginMigration(connection);
            using var command = Command(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
            var current = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (current > steps.Count)
            {
                throw RelearnException.Invalid($"the metadata store has schema version {current}, newer than this relearn ({steps.Count}); upgrade relearn");
            }
            for (var step = current; step < steps.Count; step++)
            {
                using (var migration = Command(connection, transaction, steps[step]))
                {
                    migration.ExecuteNonQuery();
                }
                using var record = Command(connection, transaction, "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)", ("@v", step + 1), ("@t", Now()));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        });
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, run again as a whole when the database reports a collision.</summary>
    protected async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return await _retry.ExecuteAsync(async token =>
        {
            await using var connection = await Dialect.OpenAsync(token);
            await using var transaction = await Dialect.BeginWriteAsync(connection, token);
            var result = await work(connection, transaction, token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, as <see cref="WriteAsync{T}"/>.</summary>
    protected Task WriteAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async (c, t, token) => { await work(c, t, token); return true; }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a connection of its own, outside a transaction.</summary>
    protected async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return await _retry.ExecuteAsync(async token =>
        {
            await using var connection = await Dialect.OpenAsync(token);
            return await work(connection, token);
        }, cancellationToken);
    }

    /// <summary>Runs a query, maps every row, and disposes the command.</summary>
    protected static Task<IReadOnlyList<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> map, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(map);
        return SqlCommands.ReadAllAsync(command, map, token);
    }

    /// <summary>A command with <c>@name</c> parameters (null values sent as SQL NULL), in <paramref name="transaction"/> when given.</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        return SqlCommands.Create(connection, transaction, sql, parameters);
    }
}
