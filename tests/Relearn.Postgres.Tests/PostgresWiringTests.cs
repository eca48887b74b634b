using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Metadata;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;
using Relearn.Core.Webhooks;

namespace Relearn.Postgres.Tests;

/// <summary>How <c>relearn</c> composes its services: a postgresql:// store gets PostgreSQL, a path SQLite.</summary>
public sealed class PostgresWiringTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("relearn-pg-home-").FullName;

    [Fact]
    public void AddRelearnPostgres_ForAPostgresLocation_RegistersThePostgresStoreEverywhere()
    {
        var location = RelearnLocation.Resolve(_home, store: "postgresql://u:p@db.invalid:5433/relearn");
        var services = new ServiceCollection().AddLogging().AddRelearnCore(location).AddRelearnPostgres();

        Assert.True(location.IsPostgres);
        foreach (var type in new[] { typeof(ITrackingStore), typeof(Relearn.Core.Datasets.IDatasetCatalog), typeof(IModelRegistryStore), typeof(IWebhookStore) })
        {
            Assert.DoesNotContain(services, d => d.ServiceType == type && d.ImplementationFactory is null && d.ImplementationInstance is null && d.ImplementationType is null);
            Assert.Single(services, d => d.ServiceType == type);
        }
        Assert.Contains(services, d => d.ServiceType == typeof(PostgresMetadataStore));
    }

    [Fact]
    public void AddRelearnPostgres_ForAPath_KeepsSqlite()
    {
        var location = RelearnLocation.Resolve(_home, store: Path.Combine(_home, "relearn.db"));
        using var services = new ServiceCollection().AddLogging().AddRelearnCore(location).AddRelearnPostgres().BuildServiceProvider();

        Assert.False(location.IsPostgres);
        Assert.IsType<SqliteMetadataStore>(services.GetRequiredService<ITrackingStore>());
    }

    [Fact]
    public async Task AddRelearnPostgres_AgainstTheTestServer_ResolvesOneStoreForEveryInterface()
    {
        var uri = await PostgresTestServer.CreateDatabaseAsync();
        try
        {
            var location = RelearnLocation.Resolve(_home, store: uri);
            await using (var services = new ServiceCollection().AddLogging().AddRelearnCore(location).AddRelearnPostgres().BuildServiceProvider())
            {
                var store = Assert.IsType<PostgresMetadataStore>(services.GetRequiredService<ITrackingStore>());
                Assert.Same(store, services.GetRequiredService<IModelRegistryStore>());
                Assert.Same(store, services.GetRequiredService<IWebhookStore>());
                Assert.Same(store, services.GetRequiredService<Relearn.Core.Datasets.IDatasetCatalog>());
            }
        }
        finally
        {
            await PostgresTestServer.DropDatabaseAsync(uri);
        }
    }

    [Fact]
    public void AddRelearnCore_ForAPostgresLocationWithoutAddRelearnPostgres_SaysWhatToCall()
    {
        var location = RelearnLocation.Resolve(_home, store: "postgresql://u:p@db.invalid/relearn");
        using var services = new ServiceCollection().AddLogging().AddRelearnCore(location).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ITrackingStore>());

        Assert.Contains("AddRelearnPostgres", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://alice:s%40cret@db.example:6543/meta", "db.example", 6543, "meta", "alice", "s@cret")]
    [InlineData("postgres://bob@localhost/relearn", "localhost", 5432, "relearn", "bob", null)]
    public void ConnectionString_FromAUri_DecodesEveryPart(string uri, string host, int port, string database, string user, string? password)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString.FromUri(uri));

        Assert.Equal((host, port, database, user, password), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(uri.Contains(':', StringComparison.Ordinal) && password is not null ? uri.Replace("s%40cret", "***", StringComparison.Ordinal) : uri,
            PostgresConnectionString.Redact(uri));
    }

    public void Dispose()
    {
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
