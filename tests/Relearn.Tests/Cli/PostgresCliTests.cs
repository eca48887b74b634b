using Npgsql;
using Relearn.Postgres;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// The real <c>relearn</c> process on a PostgreSQL metadata store (RELEARN_TEST_POSTGRES, a fresh database per
/// test): fails, never skips, when no server is configured or it does not answer.
/// </summary>
public sealed class PostgresCliTests
{
    private const string HowToStart =
        "start one with scripts/postgres-up.sh and export RELEARN_TEST_POSTGRES=postgresql://postgres:postgres@127.0.0.1:55432/relearn (test.sh does both)";

    [Fact]
    public async Task TrainAndList_WithAPostgresStore_KeepEverythingInTheDatabase()
    {
        using var home = new TempHome();
        var (server, database) = await CreateDatabaseAsync();
        try
        {
            var store = new UriBuilder(server) { Path = "/" + database }.Uri.ToString();

            var train = await RunAsync(home.Path, "train", "sentiment", "--data", Samples.Yelp, "--promote", "production", "--store", store, "--format", "json");
            var models = await RunAsync(home.Path, "models", "list", "--store", store, "--format", "json");

            Assert.True(train.ExitCode == 0, train.Stderr);
            Assert.True(models.ExitCode == 0, models.Stderr);
            var sentiment = models.Json.AsArray().Single(m => (string?)m!["name"] == "sentiment")!;
            Assert.Equal(1, (int?)sentiment["aliases"]!["production"]);
            Assert.False(File.Exists(Path.Combine(home.Path, "relearn.db")), "the SQLite file should not be created when the store is PostgreSQL");
            await using var connection = new NpgsqlConnection(PostgresConnectionString.FromUri(store));
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM model_versions WHERE name = 'sentiment'", connection);
            Assert.Equal(1L, await count.ExecuteScalarAsync());
        }
        finally
        {
            await DropDatabaseAsync(server, database);
        }
    }

    [Fact]
    public async Task AStoreThatDoesNotAnswer_FailsWithOneLine_WithoutThePassword()
    {
        using var home = new TempHome();

        var result = await RunAsync(home.Path, "models", "list", "--store", "postgresql://u:secretpw@127.0.0.1:1/relearn");

        AssertFailed(result, "the metadata store is unavailable");
        Assert.DoesNotContain("secretpw", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Drops <paramref name="database"/> on <paramref name="server"/>, closing what still uses it.</summary>
    internal static async Task DropDatabaseAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await AdminAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    /// <summary>Creates an empty database no other test uses on the RELEARN_TEST_POSTGRES server.</summary>
    internal static async Task<(string Server, string Database)> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("RELEARN_TEST_POSTGRES") is { Length: > 0 } uri
            ? uri
            : throw new InvalidOperationException($"RELEARN_TEST_POSTGRES is not set: {HowToStart}");
        var database = "relearn_test_" + Guid.NewGuid().ToString("N");
        await AdminAsync(server, $"CREATE DATABASE {database}");
        return (server, database);
    }

    private static async Task AdminAsync(string server, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgresConnectionString.FromUri(server));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"the test PostgreSQL server at {PostgresConnectionString.Redact(server)} does not answer ({e.Message}): {HowToStart}", e);
        }
    }
}
