using Microsoft.Data.Sqlite;
using Npgsql;
using Relearn.Core.Metadata;

namespace Relearn.Postgres.Tests;

/// <summary>
/// The SQLite and PostgreSQL migrations are two texts for one schema, and one set of statements
/// (<see cref="SqlMetadataStore"/>) runs on both: a table or column one side adds and the other forgets would break
/// only one store. Each side is migrated for real and its schema read back from the database.
/// </summary>
public sealed class MigrationSchemaTests : IDisposable
{
    /// <summary>
    /// Tables only the scaled-out shape has: the studies whose tuning trials run on <c>relearn worker</c> processes
    /// (<c>PostgresMetadataStore.Studies.cs</c>).
    /// </summary>
    private static readonly string[] PostgresOnlyTables = ["tuning_studies", "tuning_trials"];

    private readonly string _folder = Directory.CreateTempSubdirectory("relearn-schema-").FullName;

    [Fact]
    public async Task BothMigrationSets_DefineTheSameTablesAndColumns()
    {
        var sqlite = await ReadSqliteSchemaAsync();
        var postgres = await ReadPostgresSchemaAsync();

        Assert.Equal(sqlite.Keys.Order(StringComparer.Ordinal), postgres.Keys.Except(PostgresOnlyTables).Order(StringComparer.Ordinal));
        foreach (var (table, columns) in sqlite)
        {
            // PostgreSQL spells out SQLite's implicit rowid where the statements use it as an insertion-order tiebreak.
            var theirs = postgres[table].Where(c => c.Name != "rowid").ToArray();
            Assert.True(columns.SequenceEqual(theirs), $"table {table}: SQLite has [{string.Join(", ", columns)}], PostgreSQL [{string.Join(", ", theirs)}]");
        }
        Assert.All(postgres.Where(t => t.Value.Any(c => c.Name == "rowid")), t => Assert.Equal("integer", t.Value.Single(c => c.Name == "rowid").Type));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Every table's columns, sorted by name: (name, type family, nullable).</summary>
    private async Task<Dictionary<string, Column[]>> ReadSqliteSchemaAsync()
    {
        var path = Path.Combine(_folder, "relearn.db");
        _ = new SqliteMetadataStore(path, TimeProvider.System);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var schema = new Dictionary<string, Column[]>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var columns = new List<Column>();
            await using var info = new SqliteCommand($"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')", connection);
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // A primary key column is never null on either side, though SQLite does not mark a TEXT one NOT NULL.
                columns.Add(new Column(reader.GetString(0), Family(reader.GetString(1)), reader.GetInt64(2) == 0 && reader.GetInt64(3) == 0));
            }
            schema[table] = [.. columns.OrderBy(c => c.Name, StringComparer.Ordinal)];
        }
        return schema;
    }

    private static async Task<Dictionary<string, Column[]>> ReadPostgresSchemaAsync()
    {
        var uri = await PostgresTestServer.CreateDatabaseAsync();
        try
        {
            await using (new PostgresMetadataStore(uri, TimeProvider.System))
            {
            }
            await using var connection = new NpgsqlConnection(PostgresTestServer.ConnectionString(uri));
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand(
                "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()", connection);
            await using var reader = await select.ExecuteReaderAsync();
            var columns = new List<(string Table, Column Column)>();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), new Column(reader.GetString(1), Family(reader.GetString(2)), reader.GetString(3) == "YES")));
            }
            return columns.GroupBy(c => c.Table, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(c => c.Column).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        }
        finally
        {
            await PostgresTestServer.DropDatabaseAsync(uri);
        }
    }

    /// <summary>What a declared type stores: SQLite's INTEGER is PostgreSQL's integer or bigint, REAL is double precision.</summary>
    private static string Family(string type) => type.ToUpperInvariant() switch
    {
        "INTEGER" or "BIGINT" => "integer",
        "TEXT" => "text",
        "REAL" or "DOUBLE PRECISION" => "real",
        var other => other.ToLowerInvariant(),
    };

    private sealed record Column(string Name, string Type, bool Nullable)
    {
        public override string ToString() => $"{Name} {Type}{(Nullable ? "" : " not null")}";
    }
}
