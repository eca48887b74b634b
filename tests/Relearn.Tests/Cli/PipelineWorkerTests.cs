using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Relearn.Core.Metadata;
using Relearn.Core.Pipelines.Runs;
using Relearn.Postgres;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// Issue 5 item 6, stages on workers: real <c>relearn worker</c> processes and a real <c>relearn pipeline run --executor
/// hangfire</c> on a fresh PostgreSQL database (RELEARN_TEST_POSTGRES). Which worker ran an attempt is its lease owner
/// (<c>host/pid/start/nonce</c>).
/// </summary>
public sealed class PipelineWorkerTests
{
    // Four independent stages (enough for two one-at-a-time workers to both get work) and one that joins them.
    private const string FanOut = """
        name: fan
        stages:
          a: {run: "sleep 0.5; echo alpha > a.tmp && mv a.tmp a.txt", outputs: [a.txt]}
          b: {run: "sleep 0.5; echo beta > b.tmp && mv b.tmp b.txt", outputs: [b.txt]}
          c: {run: "sleep 0.5; echo gamma > c.tmp && mv c.tmp c.txt", outputs: [c.txt]}
          d: {run: "sleep 0.5; echo delta > d.tmp && mv d.tmp d.txt", outputs: [d.txt]}
          all: {run: "cat ${stages.a.outputs.a.txt} ${stages.b.outputs.b.txt} ${stages.c.outputs.c.txt} ${stages.d.outputs.d.txt} > all.tmp && mv all.tmp all.txt", outputs: [all.txt]}
        """;

    // Short leases so a killed worker's stage is taken over in seconds, not the default 30.
    private static readonly Dictionary<string, string> ShortLeases = new()
    {
        ["Relearn__Pipelines__LeaseDuration"] = "00:00:02",
        ["Relearn__Pipelines__HeartbeatInterval"] = "00:00:00.300",
    };

    [Fact]
    public async Task TwoWorkers_RunTheStages_BothTakeSome_OutputsAsInProcess_AndASecondRunIsAllCached()
    {
        var expected = await InProcessOutputsAsync(FanOut, "fan");
        await using var cluster = await Cluster.StartAsync(FanOut, workers: 2, concurrency: 1);

        var first = await cluster.RunAsync();
        var second = await cluster.RunAsync();

        Assert.True(first.ExitCode == 0, first.Stderr + cluster.WorkerOutput);
        Assert.True(second.ExitCode == 0, second.Stderr + cluster.WorkerOutput);
        var runs = await cluster.Store.ListPipelineRunsAsync("fan");
        var firstAttempts = await cluster.Store.GetStageAttemptsAsync(runs[1].Id);
        Assert.All(firstAttempts, a => Assert.Equal(StageState.Succeeded, a.State));
        Assert.Equal(cluster.WorkerIds.Order(), firstAttempts.Select(a => Pid(a.LeaseOwner)).Distinct().Order());
        Assert.Equal(expected, Outputs(firstAttempts));
        var secondAttempts = await cluster.Store.GetStageAttemptsAsync(runs[0].Id);
        Assert.Equal(5, secondAttempts.Count);
        Assert.All(secondAttempts, a => Assert.Equal(StageState.Cached, a.State));
        Assert.Equal("alpha\nbeta\ngamma\ndelta\n", File.ReadAllText(Path.Combine(cluster.Home.Path, "all.txt")));
    }

    [Fact]
    public async Task ConcurrencyTag_WithLimitOne_NeverRunsTwoStagesAtOnce_AcrossWorkers()
    {
        const string tagged = """
            name: gpus
            concurrency: {gpu: 1}
            stages:
              a: {run: "sleep 0.4; echo a > a.txt", outputs: [a.txt], concurrency: gpu}
              b: {run: "sleep 0.4; echo b > b.txt", outputs: [b.txt], concurrency: gpu}
              c: {run: "sleep 0.4; echo c > c.txt", outputs: [c.txt], concurrency: gpu}
              d: {run: "sleep 0.4; echo d > d.txt", outputs: [d.txt], concurrency: gpu}
            """;
        await using var cluster = await Cluster.StartAsync(tagged, workers: 2, concurrency: 2);

        var run = await cluster.RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr + cluster.WorkerOutput);
        var attempts = (await cluster.Store.GetStageAttemptsAsync((await cluster.Store.ListPipelineRunsAsync("gpus"))[0].Id)).OrderBy(a => a.StartedAt).ToList();
        Assert.Equal(4, attempts.Count(a => a.State == StageState.Succeeded));
        // Start and end are each process's clock, taken just outside the claim's and the completion's transactions: a few
        // milliseconds of slack, far below the 400 ms a stage runs, so two stages at once still fail the test.
        var slack = TimeSpan.FromMilliseconds(50);
        for (var i = 1; i < attempts.Count; i++)
        {
            Assert.True(attempts[i].StartedAt + slack >= attempts[i - 1].EndedAt,
                $"{attempts[i].Stage} started at {attempts[i].StartedAt:O} while {attempts[i - 1].Stage} ran until {attempts[i - 1].EndedAt:O}");
        }
    }

    [Fact]
    public async Task AWorkerKilledMidStage_ItsAttemptIsAbandoned_AndTheOtherWorkerFinishesTheRun()
    {
        const string slow = """
            name: slow
            stages:
              first: {run: "sleep 3; echo one > first.tmp && mv first.tmp first.txt", outputs: [first.txt]}
              then: {run: "cat ${stages.first.outputs.first.txt} > then.tmp && mv then.tmp then.txt", outputs: [then.txt]}
            """;
        await using var cluster = await Cluster.StartAsync(slow, workers: 2, concurrency: 1, ShortLeases);
        var run = cluster.RunAsync();

        var holder = await cluster.WaitForRunningAttemptAsync("slow", run);
        var victim = cluster.Workers.Single(w => w.Id == Pid(holder.LeaseOwner));
        victim.Process.Kill(); // SIGKILL: no cleanup, no lease given back
        var result = await run;

        Assert.True(result.ExitCode == 0, result.Stderr + cluster.WorkerOutput);
        var attempts = await cluster.Store.GetStageAttemptsAsync(holder.RunId);
        Assert.Equal(StageState.Abandoned, attempts.Single(a => a.Id == holder.Id).State);
        var redone = Assert.Single(attempts, a => a.Stage == "first" && a.State == StageState.Succeeded);
        Assert.NotEqual(victim.Id, Pid(redone.LeaseOwner));
        Assert.DoesNotContain(attempts, a => a.State == StageState.Running);
        Assert.Equal("one\n", File.ReadAllText(Path.Combine(cluster.Home.Path, "then.txt")));
    }

    [Fact]
    public async Task TheCoordinatorKilledMidRun_ResumeOnWorkers_FinishesEveryStageOnce()
    {
        await using var cluster = await Cluster.StartAsync(FanOut, workers: 2, concurrency: 1, ShortLeases);
        using var coordinator = Start(cluster.Home.Path, ShortLeases, ["pipeline", "run", "--file", "relearn.yaml", "--executor", "hangfire", "--store", cluster.StoreUri]);

        var started = await cluster.WaitForRunningAttemptAsync("fan", coordinator.WaitForExitAsync());
        coordinator.Kill();
        await coordinator.WaitForExitAsync();
        var resumed = await RunAsync(cluster.Home.Path, "pipeline", "run", "--file", "relearn.yaml", "--resume", "--executor", "hangfire", "--store", cluster.StoreUri);

        Assert.True(resumed.ExitCode == 0, resumed.Stderr + cluster.WorkerOutput);
        var attempts = await cluster.Store.GetStageAttemptsAsync(started.RunId);
        foreach (var stage in new[] { "a", "b", "c", "d", "all" })
        {
            Assert.Single(attempts, a => a.Stage == stage && a.IsComplete);
        }
        Assert.DoesNotContain(attempts, a => a.State == StageState.Running);
        Assert.Equal(PipelineRunState.Succeeded, (await cluster.Store.GetPipelineRunAsync(started.RunId))!.State);
    }

    [Fact]
    public async Task OnWorkers_WithASqliteStore_FailsWithOneLine_AndStoresNothing()
    {
        using var home = new TempHome();
        home.File("relearn.yaml", FanOut);

        var result = await RunAsync(home.Path, "pipeline", "run", "--file", "relearn.yaml", "--executor", "hangfire");

        AssertFailed(result, "need a PostgreSQL metadata store");
        Assert.Empty(home.Objects());
        var path = Path.Combine(home.Path, "relearn.db");
        if (File.Exists(path))
        {
            Assert.Empty(await new SqliteMetadataStore(path, TimeProvider.System).ListPipelineRunsAsync());
            SqliteConnection.ClearPool(new SqliteConnection($"Data Source={path}"));
        }
    }

    /// <summary>The output digests of an uninterrupted in-process run on SQLite.</summary>
    private static async Task<Dictionary<string, string>> InProcessOutputsAsync(string pipeline, string name)
    {
        using var home = new TempHome();
        home.File("relearn.yaml", pipeline);
        var run = await RunAsync(home.Path, "pipeline", "run", "--file", "relearn.yaml");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var path = Path.Combine(home.Path, "relearn.db");
        var store = new SqliteMetadataStore(path, TimeProvider.System);
        try
        {
            var runs = await store.ListPipelineRunsAsync(name, 1);
            return Outputs(await store.GetStageAttemptsAsync(runs[0].Id));
        }
        finally
        {
            SqliteConnection.ClearPool(new SqliteConnection($"Data Source={path}"));
        }
    }

    private static Dictionary<string, string> Outputs(IEnumerable<StageAttempt> attempts) =>
        attempts.Where(a => a.IsComplete).SelectMany(a => a.Outputs).OrderBy(o => o.Key).ToDictionary(o => o.Key, o => o.Value.Digest!);

    private static int Pid(string? leaseOwner) => int.Parse(leaseOwner!.Split('/')[1], CultureInfo.InvariantCulture);

    /// <summary>A fresh database, a project folder holding the pipeline, and workers on both.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private Cluster(TempHome home, string server, string database, IReadOnlyDictionary<string, string> environment)
        {
            Home = home;
            Server = server;
            Database = database;
            StoreUri = new UriBuilder(server) { Path = "/" + database }.Uri.ToString();
            Store = new PostgresMetadataStore(StoreUri, TimeProvider.System);
            Environment = environment;
        }

        public TempHome Home { get; }

        public string Server { get; }

        public string Database { get; }

        public string StoreUri { get; }

        public PostgresMetadataStore Store { get; }

        public IReadOnlyDictionary<string, string> Environment { get; }

        public List<WorkerProcess> Workers { get; } = [];

        public IEnumerable<int> WorkerIds => Workers.Select(w => w.Id);

        public string WorkerOutput => string.Join("\n", Workers.Select(w => w.Output));

        public static async Task<Cluster> StartAsync(string pipeline, int workers, int concurrency, IReadOnlyDictionary<string, string>? environment = null)
        {
            var home = new TempHome();
            home.File("relearn.yaml", pipeline);
            var (server, database) = await PostgresCliTests.CreateDatabaseAsync();
            var cluster = new Cluster(home, server, database, environment ?? new Dictionary<string, string>());
            // The first worker installs Hangfire's schema; the store's own tables come with the first relearn command that uses them.
            cluster.Workers.AddRange(await Task.WhenAll(Enumerable.Range(0, workers)
                .Select(_ => WorkerProcess.StartAsync(home.Path, cluster.StoreUri, concurrency, cluster.Environment))));
            return cluster;
        }

        public Task<Result> RunAsync() =>
            RelearnProcess.RunAsync(Home.Path, "pipeline", "run", "--file", "relearn.yaml", "--executor", "hangfire", "--store", StoreUri);

        /// <summary>Waits until a worker holds a running attempt of the newest run of <paramref name="pipeline"/>, and returns it.</summary>
        public async Task<StageAttempt> WaitForRunningAttemptAsync(string pipeline, Task stopWaiting)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(60) && !stopWaiting.IsCompleted)
            {
                if (await TryReadAsync(() => Store.ListPipelineRunsAsync(pipeline, 1)) is [var run]
                    && (await Store.GetStageAttemptsAsync(run.Id)).FirstOrDefault(a => a.State == StageState.Running) is { } running)
                {
                    return running;
                }
                await Task.Delay(50);
            }
            throw new TimeoutException("no stage attempt started on a worker: " + WorkerOutput);
        }

        // Until the first relearn command migrates the database, its tables do not exist.
        private static async Task<IReadOnlyList<PipelineRun>> TryReadAsync(Func<Task<IReadOnlyList<PipelineRun>>> read)
        {
            try
            {
                return await read();
            }
            catch (Npgsql.PostgresException)
            {
                return [];
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var worker in Workers)
            {
                worker.Dispose();
            }
            await Store.DisposeAsync();
            await PostgresCliTests.DropDatabaseAsync(Server, Database);
            Home.Dispose();
        }
    }
}
