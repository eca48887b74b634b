using System.Diagnostics;
using System.IO.Compression;
using Npgsql;
using Relearn.Postgres;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// Real <c>relearn worker</c> processes and a real <c>relearn train issue-close --executor hangfire</c> on a fresh
/// PostgreSQL database (RELEARN_TEST_POSTGRES), on 1,000 issues of the shipped sample so it stays quick.
/// </summary>
public sealed class WorkerCliTests
{
    [Fact]
    public async Task TwoWorkers_ShareTheTrials_OneIsKilledMidTrial_TheOtherFinishesTheStudy_AndOneVersionIsRegistered()
    {
        using var home = new TempHome();
        var (server, database) = await PostgresCliTests.CreateDatabaseAsync();
        var store = new UriBuilder(server) { Path = "/" + database }.Uri.ToString();
        var issues = home.File("issues.jsonl", string.Join('\n', ReadSample().Take(1000)));
        using var first = await WorkerProcess.StartAsync(home.Path, store);
        using var second = await WorkerProcess.StartAsync(home.Path, store);
        try
        {
            await using var db = new NpgsqlConnection(PostgresConnectionString.FromUri(store));
            await db.OpenAsync();
            var train = RunAsync(home.Path, "train", "issue-close", "--data", issues, "--trials", "6", "--executor", "hangfire", "--trial-lease", "3",
                "--alert-below", "0", "--store", store, "--format", "json");

            // Kill the first worker once it has finished a trial and is in the middle of another (its child run exists).
            var killedMidTrial = await WaitForAsync(db, $"""
                SELECT EXISTS (SELECT 1 FROM tuning_trials WHERE worker = '{first.Identity}' AND state IS NOT NULL)
                   AND EXISTS (SELECT 1 FROM tuning_trials WHERE worker = '{first.Identity}' AND state IS NULL AND run_id IS NOT NULL)
                """, train);
            first.Process.Kill();
            var result = await train;

            Assert.True(killedMidTrial, "the first worker never held a trial mid-run after finishing one");
            Assert.True(result.ExitCode == 0, result.Stderr + second.Output);
            Assert.Equal(1, (int?)result.Json["version"]);
            Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM model_versions WHERE name = 'issue-close'"));
            Assert.Equal(6L, await ScalarAsync(db, "SELECT COUNT(*) FROM tuning_trials WHERE state IS NOT NULL"));
            Assert.True((int)(await ScalarAsync(db, "SELECT reclaims FROM tuning_studies"))! >= 1, "the killed worker's trial was never taken over");
            Assert.Equal(2L, await ScalarAsync(db,
                "SELECT COUNT(DISTINCT value) FROM tags WHERE key = 'relearn.worker' AND run_id IN (SELECT run_id FROM runs WHERE status = 'Finished' OR status = 'Killed')"));
            Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM runs WHERE status = 'Running'"));
            Assert.Equal("Failed", await ScalarAsync(db,
                $"SELECT r.status FROM runs r JOIN tags t ON t.run_id = r.run_id AND t.key = 'relearn.trial_state' AND t.value = 'lost'"));
        }
        finally
        {
            first.Stop();
            second.Stop();
            await PostgresCliTests.DropDatabaseAsync(server, database);
        }
    }

    [Fact]
    public async Task Worker_WithASqliteStore_FailsWithOneLine()
    {
        using var home = new TempHome();

        var result = await RunAsync(home.Path, "worker");

        AssertFailed(result, "relearn worker needs --store postgresql://");
    }

    [Fact]
    public async Task TrainOnWorkers_WithASqliteStore_FailsWithOneLine_AndStoresNothing()
    {
        using var home = new TempHome();
        var issues = home.File("issues.jsonl", string.Join('\n', ReadSample().Take(300)));

        var result = await RunAsync(home.Path, "train", "issue-close", "--data", issues, "--executor", "hangfire");

        AssertFailed(result, "need a PostgreSQL metadata store");
        Assert.Empty(home.Objects());
    }

    private static async Task<bool> WaitForAsync(NpgsqlConnection db, string condition, Task stopWaiting)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90) && !stopWaiting.IsCompleted)
        {
            if (await ScalarAsync(db, $"SELECT to_regclass('tuning_trials') IS NOT NULL") is true && await ScalarAsync(db, condition) is true)
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return await command.ExecuteScalarAsync();
    }

    private static IEnumerable<string> ReadSample()
    {
        using var gzip = new GZipStream(File.OpenRead(Samples.Issues), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
