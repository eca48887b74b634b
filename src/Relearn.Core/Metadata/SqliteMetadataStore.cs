namespace Relearn.Core.Metadata;

/// <summary>
/// The metadata store on one SQLite file (the default, embedded shape): <see cref="SqlMetadataStore"/> on the
/// <see cref="SqliteDialect"/> — WAL, BEGIN IMMEDIATE writers, a retry on SQLITE_BUSY — and the SQLite migrations.
/// </summary>
public sealed class SqliteMetadataStore : SqlMetadataStore
{
    /// <summary>Opens (creating and migrating if needed) the database at <paramref name="path"/>.</summary>
    public SqliteMetadataStore(string path, TimeProvider time)
        : base(new SqliteDialect(path), time)
    {
    }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => SqliteMigrations.Steps.Count;
}
