using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Relearn.Core.Metadata;

/// <summary>
/// SQLite for <see cref="SqlMetadataStore"/>: one file in WAL mode, so readers run beside a writer; writers take the
/// write lock up front (BEGIN IMMEDIATE) and wait on a busy timeout, and SQLITE_BUSY/SQLITE_LOCKED that outlast it run
/// the transaction again, so two processes writing at once both land.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;

    /// <summary>The database file at <paramref name="path"/>, its folder created when missing.</summary>
    public SqliteDialect(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
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
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Migrations => SqliteMigrations.Steps;

    /// <inheritdoc />
    public override TimeSpan RetryDelay => TimeSpan.FromMilliseconds(20);

    /// <inheritdoc />
    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <inheritdoc />
    public override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Open());

    /// <inheritdoc />
    public override DbTransaction BeginMigration(DbConnection connection)
    {
        var sqlite = (SqliteConnection)connection;
        using (var wal = sqlite.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }
        var transaction = sqlite.BeginTransaction(deferred: false);
        using var create = sqlite.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);";
        create.ExecuteNonQuery();
        return transaction;
    }

    // BEGIN IMMEDIATE: take the write lock now, not on first write, so two writers never deadlock on an upgrade.
    /// <inheritdoc />
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <inheritdoc />
    public override bool IsTransient(Exception error) => error is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <inheritdoc />
    public override string JsonTextArray(string parameter) => $"SELECT value FROM json_each({parameter})";

    // SQLite's LIKE ignores ASCII case; GLOB is the case-sensitive one.
    /// <inheritdoc />
    public override string Like(string expression, string pattern, Func<object?, string> parameter) =>
        $"{expression} GLOB {parameter(LikeToGlob(pattern))}";

    /// <inheritdoc />
    public override string ILike(string expression, string pattern, Func<object?, string> parameter) => $"{expression} LIKE {parameter(pattern)}";

    // In-process: one prepared statement, its parameters rebound per row, is as fast as SQLite inserts go.
    /// <inheritdoc />
    public override async Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameters,
        IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var bound = parameters.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < bound.Length; i++)
            {
                bound[i].Value = row[i] ?? DBNull.Value;
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>A LIKE pattern (<c>%</c>, <c>_</c>) as a GLOB pattern, GLOB's own wildcards made literal.</summary>
    internal static string LikeToGlob(string like)
    {
        var glob = new StringBuilder(like.Length + 8);
        foreach (var c in like)
        {
            glob.Append(c switch
            {
                '%' => "*",
                '_' => "?",
                '*' => "[*]",
                '?' => "[?]",
                '[' => "[[]",
                _ => c.ToString(),
            });
        }
        return glob.ToString();
    }
}
