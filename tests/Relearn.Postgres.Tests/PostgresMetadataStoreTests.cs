using Npgsql;
using Relearn.Core.Tests.Metadata;

namespace Relearn.Postgres.Tests;

/// <summary>The metadata store contract on a fresh PostgreSQL database per test, dropped afterwards.</summary>
public sealed class PostgresMetadataStoreTests : MetadataStoreContract<PostgresMetadataStore>
{
    private readonly List<PostgresMetadataStore> _opened = [];
    private string? _uri;

    private string Uri => _uri ?? throw new InvalidOperationException("the database is created in InitializeAsync");

    protected override int SchemaVersion => PostgresMetadataStore.SchemaVersion;

    protected override async Task<PostgresMetadataStore> CreateStoreAsync()
    {
        _uri = await PostgresTestServer.CreateDatabaseAsync();
        return OpenAgain();
    }

    protected override PostgresMetadataStore OpenAgain()
    {
        var store = new PostgresMetadataStore(Uri, TimeProvider.System);
        _opened.Add(store);
        return store;
    }

    protected override async Task<(int Rows, int Highest)> ReadMigrationsAsync()
    {
        await using var connection = new NpgsqlConnection(PostgresTestServer.ConnectionString(Uri));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT CAST(COUNT(*) AS integer), MAX(version) FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    [Fact]
    public async Task Open_ManyAtOnceOnAnEmptyDatabase_MigratesOnce()
    {
        var uri = await PostgresTestServer.CreateDatabaseAsync();
        try
        {
            var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => new PostgresMetadataStore(uri, TimeProvider.System))));
            await stores[0].GetOrCreateExperimentAsync("e");
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
        finally
        {
            await PostgresTestServer.DropDatabaseAsync(uri);
        }
    }

    [Fact]
    public async Task AServerThatDoesNotAnswer_SurfacesADbException()
    {
        // The server maps DbException to 503; an unreachable database must reach it as one, not as something else.
        var error = await Record.ExceptionAsync(() => Task.Run(() => new PostgresMetadataStore("postgresql://postgres:postgres@127.0.0.1:1/none", TimeProvider.System)));

        Assert.IsAssignableFrom<System.Data.Common.DbException>(error);
    }

    [Fact]
    public async Task ADroppedConnection_FailsTheRequest_AndTheWriteLeavesNothing()
    {
        var run = await Store.CreateRunAsync((await Store.GetOrCreateExperimentAsync("e")).Id, "r");
        await using (var admin = new NpgsqlConnection(PostgresTestServer.ConnectionString(Uri)))
        {
            await admin.OpenAsync();
            // A write whose transaction is killed before it commits: its rows must not appear.
            await using var transaction = await admin.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO tags (run_id, key, value) VALUES (@r, 'half', 'x')", admin, transaction);
            insert.Parameters.AddWithValue("r", run.RunId);
            await insert.ExecuteNonQueryAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pg_backend_pid())", admin, transaction);
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => kill.ExecuteNonQueryAsync());
        }

        Assert.False((await Store.GetRunAsync(run.RunId))!.Tags.ContainsKey("half"));
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
        if (_uri is not null)
        {
            await PostgresTestServer.DropDatabaseAsync(_uri);
        }
    }
}
