using System.Data.Common;

namespace Relearn.Core.Metadata;

/// <summary>
/// What truly differs between the databases a <see cref="SqlMetadataStore"/> runs on. Everything else — every statement
/// of every store concern — is written once, in <c>@name</c> parameters and SQL that SQLite (3.44 and later, as bundled)
/// and PostgreSQL both accept: <c>ON CONFLICT</c> upserts, <c>RETURNING</c>, <c>TRUE</c>, <c>CAST(@p AS text) IS NULL</c>,
/// <c>string_agg</c>. A provider supplies its dialect: connections, the write transaction and its isolation, which errors
/// mean "run the whole transaction again", its migrations, statement batching, and the few fragments below.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Schema migrations, applied in order; a database records the highest one applied in <c>schema_migrations</c>.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>The first delay before a transaction is run again after <see cref="IsTransient"/> said yes (exponential, with jitter, up to a second).</summary>
    public abstract TimeSpan RetryDelay { get; }

    /// <summary>
    /// Appended to a <c>SELECT</c> inside a write transaction that decides a write from what it reads, to lock those rows
    /// until commit; empty where the write transaction already holds the database's write lock.
    /// </summary>
    public virtual string ForUpdate => "";

    /// <summary>An open connection, synchronously (migrations run in the store's constructor).</summary>
    public abstract DbConnection Open();

    /// <summary>An open connection.</summary>
    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins the transaction migrations run in, holding whatever lock makes processes that start together apply each
    /// step once, and creates <c>schema_migrations (version, applied_at)</c> when missing.
    /// </summary>
    public abstract DbTransaction BeginMigration(DbConnection connection);

    /// <summary>Begins a write transaction in which a read followed by a write is atomic (concurrent writers behave as if they took turns).</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="error"/> means the whole transaction may be run again (a busy database, a serialization failure).</summary>
    public abstract bool IsTransient(Exception error);

    /// <summary>A subquery that yields the strings of the JSON array held by <paramref name="parameter"/>.</summary>
    public abstract string JsonTextArray(string parameter);

    /// <summary>Case-sensitive <c>LIKE</c> of <paramref name="expression"/> against <paramref name="pattern"/> (<c>%</c> and <c>_</c> wildcards, no escape).</summary>
    /// <param name="expression">The SQL expression matched.</param>
    /// <param name="pattern">The LIKE pattern.</param>
    /// <param name="parameter">Adds a bound parameter and returns its name.</param>
    public abstract string Like(string expression, string pattern, Func<object?, string> parameter);

    /// <summary>Case-insensitive <c>LIKE</c>, as <see cref="Like"/>.</summary>
    /// <param name="expression">The SQL expression matched.</param>
    /// <param name="pattern">The LIKE pattern.</param>
    /// <param name="parameter">Adds a bound parameter and returns its name.</param>
    public abstract string ILike(string expression, string pattern, Func<object?, string> parameter);

    /// <summary>
    /// Runs <paramref name="sql"/> once per row of <paramref name="rows"/> in <paramref name="transaction"/>, with as few
    /// round trips and statement preparations as the database allows (the hot path of metric logging).
    /// </summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="transaction">The write transaction.</param>
    /// <param name="sql">One statement with <c>@name</c> parameters.</param>
    /// <param name="parameters">The parameter names, in the order each row gives their values.</param>
    /// <param name="rows">The values, one array per execution.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public abstract Task ExecuteBatchAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> parameters,
        IEnumerable<object?[]> rows, CancellationToken cancellationToken);
}
