using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace Relearn.Postgres.Workers;

/// <summary>How Relearn keeps Hangfire's queue: in the metadata database, in a schema of its own.</summary>
public static class HangfireStorage
{
    /// <summary>The schema of Hangfire's tables, beside Relearn's own in <c>public</c>.</summary>
    public const string Schema = "hangfire";

    /// <summary>
    /// Points <paramref name="configuration"/> at the database of <paramref name="storeUri"/>. Jobs wake workers by
    /// LISTEN/NOTIFY rather than waiting for the next poll; a job whose worker died becomes visible again after the
    /// invisibility timeout, which live workers keep sliding for the jobs they run, so long trials are never fetched twice.
    /// </summary>
    public static IGlobalConfiguration UseRelearnStorage(this IGlobalConfiguration configuration, string storeUri)
    {
        var connectionString = PostgresConnectionString.FromUri(storeUri);
        Install(connectionString);
        return configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(options => options.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = false,
                EnableLongPolling = true,
                QueuePollInterval = TimeSpan.FromSeconds(5),
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
                UseSlidingInvisibilityTimeout = true,
            });
    }

    /// <summary>
    /// Creates or upgrades Hangfire's schema under an advisory lock: Hangfire's own installer does not take one, and
    /// workers starting together otherwise race on CREATE SCHEMA.
    /// </summary>
    private static void Install(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // A session lock, not a transaction one: the installer runs its own transactions on this connection.
        using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            command.ExecuteNonQuery();
        }
        try
        {
            PostgreSqlObjectsInstaller.Install(connection, Schema);
        }
        finally
        {
            using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            unlock.ExecuteNonQuery();
        }
    }

    // "hangfire" in ASCII: apart from the key Relearn's own migrations hold.
    private const long LockKey = 0x68616e6766697265;
}
