using Npgsql;
using Relearn.Core.Metadata;

namespace Relearn.Postgres;

/// <summary>
/// The metadata store on a PostgreSQL database (the scaled-out shape): <see cref="SqlMetadataStore"/> — the same
/// statements and behaviour as the SQLite store — on the <see cref="PostgresDialect"/> (pooled connections, SERIALIZABLE
/// writers run again on a serialization conflict) and the PostgreSQL migrations, plus the study store that only the
/// scaled-out shape has.
/// </summary>
public sealed partial class PostgresMetadataStore : SqlMetadataStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connects to <paramref name="uri"/> (<c>postgresql://user:pass@host:port/db</c> or an Npgsql connection string) and migrates the schema.</summary>
    public PostgresMetadataStore(string uri, TimeProvider time)
        : this(new PostgresDialect(NpgsqlDataSource.Create(PostgresConnectionString.FromUri(uri))), time)
    {
    }

    private PostgresMetadataStore(PostgresDialect dialect, TimeProvider time)
        : base(dialect, time) => _dataSource = dialect.DataSource;

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => PostgresMigrations.Steps.Count;

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
