using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;
using Relearn.Core.Metadata;

namespace Relearn.Postgres;

/// <summary>
/// PostgreSQL for <see cref="SqlMetadataStore"/>: connections from Npgsql's pool (one <see cref="NpgsqlDataSource"/>);
/// every write is one SERIALIZABLE transaction, run again when PostgreSQL reports a serialization failure, a deadlock or
/// a unique-key race; rows a write decides from are read <c>FOR UPDATE</c>; batches go 500 statements a round trip.
/// </summary>
internal sealed partial class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    /// <summary>Statements sent in one round trip: large enough to amortize latency, small enough to bound a message.</summary>
    private const int BatchSize = 500;

    /// <summary>The pool connections come from; the store disposes it.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <inheritdoc />
    public override IReadOnlyList<string> Migrations => PostgresMigrations.Steps;

    /// <inheritdoc />
    public override TimeSpan RetryDelay => TimeSpan.FromMilliseconds(10);

    /// <inheritdoc />
    public override string ForUpdate => " FOR UPDATE";

    /// <inheritdoc />
    public override DbConnection Open() => dataSource.OpenConnection();

    /// <inheritdoc />
    public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => await dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public override DbTransaction BeginMigration(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({PostgresMigrations.LockKey}); CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);";
        command.ExecuteNonQuery();
        return transaction;
    }

    /// <inheritdoc />
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
    }

    /// <inheritdoc />
    public override bool IsTransient(Exception error) => error is PostgresException
    {
        SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation,
    };

    /// <inheritdoc />
    public override string JsonTextArray(string parameter) => $"SELECT jsonb_array_elements_text(CAST({parameter} AS jsonb))";

    // LIKE is case-sensitive in PostgreSQL, ILIKE is not; ESCAPE '' keeps backslashes literal, as in MLflow on SQLite.
    /// <inheritdoc />
    public override string Like(string expression, string pattern, Func<object?, string> parameter) =>
        $"{expression} LIKE {parameter(pattern)} ESCAPE ''";

    /// <inheritdoc />
    public override string ILike(string expression, string pattern, Func<object?, string> parameter) =>
        $"{expression} ILIKE {parameter(pattern)} ESCAPE ''";

    // Positional parameters ($1, $2, ...) so Npgsql sends each statement as is, without rewriting named ones.
    /// <inheritdoc />
    public override async Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameters,
        IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var positional = Positional(sql, parameters);
        foreach (var chunk in rows.Chunk(BatchSize))
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            foreach (var row in chunk)
            {
                var command = new NpgsqlBatchCommand(positional);
                foreach (var value in row)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary><paramref name="sql"/> with each <c>@name</c> of <paramref name="parameters"/> replaced by its position (<c>$1</c>, ...).</summary>
    internal static string Positional(string sql, IReadOnlyList<string> parameters) =>
        ParameterName().Replace(sql, match =>
        {
            var index = IndexOf(parameters, match.Value);
            return index < 0 ? throw new ArgumentException($"the statement names {match.Value}, which is not among the batch's parameters", nameof(parameters))
                : "$" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    [GeneratedRegex(@"@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterName();
}
