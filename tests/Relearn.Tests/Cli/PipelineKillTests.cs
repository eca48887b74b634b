using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Relearn.Core.Metadata;
using Relearn.Core.Pipelines.Runs;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// Issue 5's durability promise, on the real relearn process: killed with SIGKILL at many points of a run, then
/// resumed, a pipeline always ends with the same outputs, no stage left running and no completed stage redone.
/// </summary>
public sealed class PipelineKillTests
{
    // a and c run in parallel; b after a; d after b and c. Each command sleeps briefly and writes atomically.
    private const string Pipeline = """
        name: killable
        stages:
          a: {run: "sleep 0.2; echo alpha > a.tmp && mv a.tmp a.txt", outputs: [a.txt]}
          b: {run: "sleep 0.2; cat ${stages.a.outputs.a.txt} ${stages.a.outputs.a.txt} > b.tmp && mv b.tmp b.txt", outputs: [b.txt]}
          c: {run: "sleep 0.2; echo gamma > c.tmp && mv c.tmp c.txt", outputs: [c.txt]}
          d: {run: "sleep 0.2; cat ${stages.b.outputs.b.txt} ${stages.c.outputs.c.txt} > d.tmp && mv d.tmp d.txt", outputs: [d.txt]}
        """;

    [Fact]
    public async Task KilledAfterEveryStageTransition_ResumesToTheSameOutputs()
    {
        var expected = await ReferenceOutputsAsync();
        using var home = new TempHome();
        home.File("relearn.yaml", Pipeline);

        // Alternately killed right after a stage attempt starts and right after one completes, so every resume makes progress.
        var kills = 0;
        while (await RunUntilAsync(home, resume: kills > 0, killOn: kills % 2 == 0 ? Transition.Started : Transition.Completed))
        {
            kills++;
            Assert.True(kills < 20, "the run never finished");
        }

        Assert.True(kills >= 4, $"only {kills} kills: the pipeline finished too early to test resuming");
        await AssertFinishedOnceAsync(home, expected);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    public async Task KilledAtRandomMoments_ResumesToTheSameOutputs(int seed)
    {
        var expected = await ReferenceOutputsAsync();
        using var home = new TempHome();
        home.File("relearn.yaml", Pipeline);
        var random = new Random(seed);

        for (var round = 0; await RunUntilAsync(home, resume: round > 0, killAfter: TimeSpan.FromMilliseconds(random.Next(0, 1200))); round++)
        {
            Assert.True(round < 25, "the run never finished");
        }

        await AssertFinishedOnceAsync(home, expected);
    }

    /// <summary>The outputs of one uninterrupted run, by output name.</summary>
    private static async Task<Dictionary<string, string>> ReferenceOutputsAsync()
    {
        using var home = new TempHome();
        home.File("relearn.yaml", Pipeline);
        var run = await RunAsync(home.Path, "pipeline", "run", "--file", "relearn.yaml");
        Assert.True(run.ExitCode == 0, run.Stderr);
        return (await ReadAsync(home)).Attempts.Where(a => a.IsComplete).SelectMany(a => a.Outputs).ToDictionary(o => o.Key, o => o.Value.Digest!);
    }

    private enum Transition
    {
        None,
        Started,
        Completed,
    }

    /// <summary>
    /// Starts (or resumes) the pipeline and SIGKILLs it as soon as the store shows a stage attempt that <paramref name="killOn"/>
    /// (started or completed), or <paramref name="killAfter"/> after this process started its first stage attempt (counted
    /// from there, not from process start, so a slow start on a loaded machine cannot eat every round). True when it was
    /// killed, false when it finished by itself.
    /// </summary>
    private static async Task<bool> RunUntilAsync(TempHome home, bool resume, Transition killOn = Transition.None, TimeSpan? killAfter = null)
    {
        var (latest, _) = await ReadAsync(home);
        if (latest?.State == PipelineRunState.Succeeded)
        {
            return false; // killed after the run ended but before the process exited
        }
        string[] args = resume && latest is not null ? ["pipeline", "run", "--file", "relearn.yaml", "--resume"] : ["pipeline", "run", "--file", "relearn.yaml"];
        using var process = Start(home.Path, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        var (started, completed) = await CountAsync(home);
        var clock = Stopwatch.StartNew();
        Stopwatch? sinceFirstStart = null;
        while (!process.HasExited)
        {
            await Task.Delay(15);
            var now = await CountAsync(home);
            if (sinceFirstStart is null && now.Started > started)
            {
                sinceFirstStart = Stopwatch.StartNew();
            }
            var transitioned = killOn switch
            {
                Transition.Started => now.Started > started,
                Transition.Completed => now.Completed > completed,
                _ => false,
            };
            if (transitioned || (killAfter is { } delay && sinceFirstStart?.Elapsed >= delay))
            {
                process.Kill(); // SIGKILL: no cleanup runs in relearn
                await process.WaitForExitAsync();
                return true;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "relearn pipeline run hung");
        }
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await errors} {await output}");
        return false;
    }

    private static async Task AssertFinishedOnceAsync(TempHome home, Dictionary<string, string> expected)
    {
        var (run, attempts) = await ReadAsync(home);
        Assert.Equal(PipelineRunState.Succeeded, run!.State);
        Assert.DoesNotContain(attempts, a => a.State == StageState.Running);
        foreach (var stage in new[] { "a", "b", "c", "d" })
        {
            // One completed attempt per stage: nothing completed was redone; every other attempt was abandoned by a kill.
            Assert.Single(attempts, a => a.Stage == stage && a.State == StageState.Succeeded);
            Assert.All(attempts.Where(a => a.Stage == stage && a.State != StageState.Succeeded), a => Assert.Equal(StageState.Abandoned, a.State));
        }
        var outputs = attempts.Where(a => a.IsComplete).SelectMany(a => a.Outputs).ToDictionary(o => o.Key, o => o.Value.Digest!);
        Assert.Equal(expected.OrderBy(o => o.Key), outputs.OrderBy(o => o.Key));
        Assert.Equal("alpha\nalpha\ngamma\n", File.ReadAllText(Path.Combine(home.Path, "d.txt")));
    }

    /// <summary>Attempts started and completed so far in the newest run.</summary>
    private static async Task<(int Started, int Completed)> CountAsync(TempHome home)
    {
        var (_, attempts) = await ReadAsync(home);
        return (attempts.Count, attempts.Count(a => a.IsComplete));
    }

    /// <summary>The newest run in the home's store and its attempts, read as another process would.</summary>
    private static async Task<(PipelineRun? Run, IReadOnlyList<StageAttempt> Attempts)> ReadAsync(TempHome home)
    {
        var path = Path.Combine(home.Path, "relearn.db");
        if (!File.Exists(path))
        {
            return (null, []);
        }
        var store = new SqliteMetadataStore(path, TimeProvider.System);
        try
        {
            var runs = await store.ListPipelineRunsAsync("killable", 1);
            return runs.Count == 0 ? (null, []) : (runs[0], await store.GetStageAttemptsAsync(runs[0].Id));
        }
        finally
        {
            SqliteConnection.ClearPool(new SqliteConnection($"Data Source={path}"));
        }
    }
}
