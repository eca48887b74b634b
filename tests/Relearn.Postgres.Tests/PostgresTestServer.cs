using Npgsql;

namespace Relearn.Postgres.Tests;

/// <summary>
/// The real PostgreSQL server the tests run against, named by RELEARN_TEST_POSTGRES. When it is not configured or
/// does not answer, every PostgreSQL test fails with a message saying how to start it: these tests never skip.
/// </summary>
internal static class PostgresTestServer
{
    public const string Variable = "RELEARN_TEST_POSTGRES";

    public const string HowToStart =
        "start one with scripts/postgres-up.sh and export RELEARN_TEST_POSTGRES=postgresql://postgres:postgres@127.0.0.1:55432/relearn (test.sh does both)";

    /// <summary>The server's URI; throws with <see cref="HowToStart"/> when the variable is unset.</summary>
    public static string ServerUri => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri
        ? uri
        : throw new InvalidOperationException($"{Variable} is not set: {HowToStart}");

    /// <summary>Creates an empty database no other test uses and returns its URI.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "relearn_test_" + Guid.NewGuid().ToString("N");
        await AdminAsync($"CREATE DATABASE {name}");
        var builder = new UriBuilder(ServerUri) { Path = "/" + name };
        return builder.Uri.ToString();
    }

    /// <summary>Drops the database <paramref name="uri"/> names, closing what still uses it.</summary>
    public static async Task DropDatabaseAsync(string uri)
    {
        var name = new Uri(uri).AbsolutePath.Trim('/');
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>A connection string for the database <paramref name="uri"/> names.</summary>
    public static string ConnectionString(string uri) => PostgresConnectionString.FromUri(uri);

    private static async Task AdminAsync(string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString(ServerUri));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"the test PostgreSQL server at {PostgresConnectionString.Redact(ServerUri)} does not answer ({e.Message}): {HowToStart}", e);
        }
    }
}
