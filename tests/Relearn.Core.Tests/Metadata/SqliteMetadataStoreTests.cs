using Microsoft.Data.Sqlite;
using Relearn.Core.Metadata;

namespace Relearn.Core.Tests.Metadata;

/// <summary>The metadata store contract on a fresh SQLite file, plus what is SQLite's own (WAL).</summary>
public sealed class SqliteMetadataStoreTests : MetadataStoreContract<SqliteMetadataStore>
{
    private readonly TempFolder _folder = Some.Folder();

    private string DatabasePath => Path.Combine(_folder.Path, "relearn.db");

    protected override int SchemaVersion => SqliteMetadataStore.SchemaVersion;

    protected override Task<SqliteMetadataStore> CreateStoreAsync() => Task.FromResult(Some.Store(_folder));

    protected override SqliteMetadataStore OpenAgain() => new(DatabasePath, TimeProvider.System);

    protected override async Task<(int Rows, int Highest)> ReadMigrationsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_migrations";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    [Fact]
    public async Task Open_UsesWriteAheadLogging()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public void LikeToGlob_EscapesGlobWildcards() =>
        Assert.Equal("a*b?[*][?][[]", SqliteDialect.LikeToGlob("a%b_*?["));

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
