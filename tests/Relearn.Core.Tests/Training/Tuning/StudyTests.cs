using Relearn.Core.Training.Tuning;

namespace Relearn.Core.Tests.Training.Tuning;

public sealed class StudyTests
{
    private static readonly SearchSpace Space = new([
        new FloatParameter("learning_rate", 0.01, 0.3, Log: true),
        new IntParameter("num_leaves", 4, 128, Log: true),
        new CategoricalParameter("boosting", ["gbdt", "dart"]),
    ]);

    // A noisy-free stand-in for validation accuracy over 4 epochs, reported each epoch so the pruner acts.
    private static Task<double> Accuracy(Trial trial, CancellationToken cancellationToken)
    {
        var p = trial.Params;
        var score = 1 - Math.Pow(Math.Log(p.GetDouble("learning_rate") / 0.1), 2) / 10 - Math.Abs(p.GetInt("num_leaves") - 31) / 200.0
            + (p.GetString("boosting") == "dart" ? 0.05 : 0);
        for (var epoch = 0; epoch < 4; epoch++)
        {
            trial.Report(epoch, score * (epoch + 1) / 4);
        }
        return Task.FromResult(score);
    }

    private static StudyOptions Sequential(int seed = 7, int trials = 30) =>
        new() { Direction = StudyDirection.Maximize, Trials = trials, Parallelism = 1, Seed = seed };

    private static List<string> Sequence(StudyResult result) =>
        [.. result.Trials.Select(t => $"{t.Number} {t.State} {t.Value:R} {t.Params}")];

    [Fact]
    public async Task SameSeed_GivesTheSameTrials_OtherSeed_OtherTrials()
    {
        var a = await Trials.Study().OptimizeAsync(Space, Accuracy, Sequential(seed: 7));
        var b = await Trials.Study().OptimizeAsync(Space, Accuracy, Sequential(seed: 7));
        var c = await Trials.Study().OptimizeAsync(Space, Accuracy, Sequential(seed: 8));

        Assert.Equal(Sequence(a), Sequence(b));
        Assert.NotEqual(Sequence(a), Sequence(c));
        Assert.Equal(a.BestTrial.Number, b.BestTrial.Number);
        // TPE ran after start-up (so it is the TPE path that is deterministic), and pruning happened in both.
        Assert.Contains(a.Trials, t => t.State == TrialState.Pruned);
    }

    [Fact]
    public async Task BestTrial_IsTheBestCompleteTrial()
    {
        var minimize = await Trials.Study().OptimizeAsync(Space, Accuracy, Sequential() with { Direction = StudyDirection.Minimize, Pruner = null });
        var maximize = await Trials.Study().OptimizeAsync(Space, Accuracy, Sequential());

        Assert.Equal(minimize.Trials.Min(t => t.Value), minimize.BestTrial.Value);
        Assert.Equal(maximize.Trials.Where(t => t.State == TrialState.Complete).Max(t => t.Value), maximize.BestTrial.Value);
        Assert.Equal(TrialState.Complete, maximize.BestTrial.State);
        Assert.Equal(4, maximize.BestTrial.IntermediateValues.Count);
    }

    [Fact]
    public async Task MedianPruner_PrunesPoorTrials_OnlyAfterStartup()
    {
        // Trials 0–4 report 1.0; later even trials report 0.0 (far below the median), odd ones 2.0.
        var recorder = new Trials.Recorder();
        var result = await Trials.Study().OptimizeAsync(Space, (trial, _) =>
        {
            var value = trial.Number < 5 ? 1.0 : trial.Number % 2 == 0 ? 0.0 : 2.0;
            trial.Report(0, value);
            trial.Report(1, value);
            return Task.FromResult(value);
        }, Sequential(trials: 10), recorder);

        Assert.All(result.Trials.Take(5), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal([6, 8], result.Trials.Where(t => t.State == TrialState.Pruned).Select(t => t.Number));
        var pruned = result.Trials[6];
        Assert.Equal(0.0, pruned.Value);
        Assert.Equal([0], pruned.IntermediateValues.Keys);
        Assert.Equal(10, recorder.Reports.Count);
        Assert.Equal(2, recorder.Reports.Count(r => r.State == TrialState.Pruned));
    }

    [Fact]
    public async Task FailingTrials_AreRecordedFailed_AndTheStudyContinues()
    {
        var recorder = new Trials.Recorder();
        var result = await Trials.Study().OptimizeAsync(Space, (trial, _) => trial.Number is 1 or 3
            ? throw new InvalidOperationException($"boom {trial.Number}")
            : Task.FromResult(trial.Number == 5 ? double.NaN : trial.Number), Sequential(trials: 8), recorder);

        Assert.Equal(8, result.Trials.Count);
        Assert.Equal([1, 3, 5], result.Trials.Where(t => t.State == TrialState.Failed).Select(t => t.Number));
        Assert.Equal("boom 3", result.Trials[3].Error?.Message);
        Assert.Null(result.Trials[3].Value);
        Assert.Equal(7, result.BestTrial.Number);
        Assert.Equal(3, recorder.Reports.Count(r => r.State == TrialState.Failed));
    }

    [Fact]
    public async Task AllTrialsFailing_FailsTheStudy_WithTheFirstError()
    {
        var error = await Assert.ThrowsAsync<StudyFailedException>(() => Trials.Study().OptimizeAsync(Space,
            (trial, _) => throw new InvalidOperationException($"no data {trial.Number}"), Sequential(trials: 4)));

        Assert.Equal(4, error.Trials.Count);
        Assert.All(error.Trials, t => Assert.Equal(TrialState.Failed, t.State));
        Assert.Equal("no data 0", error.InnerException?.Message);
    }

    [Fact]
    public async Task Parallelism2_RunsTrialsConcurrently_AndExactlyTheRequestedNumber()
    {
        var running = 0;
        var mostAtOnce = 0;
        var overlapped = new TaskCompletionSource();
        var gate = new Lock();
        var result = await Trials.Study().OptimizeAsync(Space, async (trial, cancellationToken) =>
        {
            lock (gate)
            {
                mostAtOnce = Math.Max(mostAtOnce, ++running);
                if (running == 2)
                {
                    overlapped.TrySetResult();
                }
            }
            // The first trial waits until a second one runs beside it; run sequentially, this would time out.
            await Task.WhenAny(overlapped.Task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
            await Task.Delay(10, cancellationToken);
            lock (gate)
            {
                running--;
            }
            return trial.Number;
        }, new StudyOptions { Direction = StudyDirection.Maximize, Trials = 9, Parallelism = 2, Pruner = null });

        Assert.True(overlapped.Task.IsCompleted, "no two trials ever ran at the same time");
        Assert.Equal(2, mostAtOnce);
        Assert.Equal(Enumerable.Range(0, 9), result.Trials.Select(t => t.Number));
        Assert.All(result.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public async Task Cancellation_StopsTheStudy_BeforeTheNextTrial()
    {
        using var cancel = new CancellationTokenSource();
        var ran = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Trials.Study().OptimizeAsync(Space, (trial, _) =>
        {
            ran++;
            if (trial.Number == 3)
            {
                cancel.Cancel();
            }
            return Task.FromResult(1.0);
        }, Sequential(), cancellationToken: cancel.Token));

        Assert.Equal(4, ran);
    }

    [Fact]
    public async Task Cancellation_ReachesARunningObjective()
    {
        using var cancel = new CancellationTokenSource();
        var started = 0;

        // Cancel once both trials are inside the objective (not on a timer, which a loaded machine can beat).
        var study = Trials.Study().OptimizeAsync(Space, async (trial, cancellationToken) =>
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                await cancel.CancelAsync();
            }
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }, Sequential() with { Parallelism = 2 }, cancellationToken: cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => study).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, started);
    }

    [Fact]
    public async Task Report_IgnoresASecondValueForAStep()
    {
        var result = await Trials.Study().OptimizeAsync(Space, (trial, _) =>
        {
            trial.Report(0, 0.5);
            trial.Report(0, 0.9);
            return Task.FromResult(1.0);
        }, Sequential(trials: 1));

        Assert.Equal(0.5, result.Trials[0].IntermediateValues[0]);
    }

    [Fact]
    public void Options_AndSpaces_RejectNonsense()
    {
        Assert.Throws<RelearnException>(() => new StudyOptions { Direction = StudyDirection.Maximize, Trials = 0 }.Validate());
        Assert.Throws<RelearnException>(() => new StudyOptions { Direction = StudyDirection.Maximize, Parallelism = 0 }.Validate());
        Assert.Throws<RelearnException>(() => new SearchSpace([]));
        Assert.Throws<RelearnException>(() => new SearchSpace([new FloatParameter("a", 1, 1)]));
        Assert.Throws<RelearnException>(() => new SearchSpace([new FloatParameter("a", 0, 1, Log: true)]));
        Assert.Throws<RelearnException>(() => new SearchSpace([new IntParameter("a", 0, 8, Log: true)]));
        Assert.Throws<RelearnException>(() => new SearchSpace([new CategoricalParameter("a", ["x", "x"])]));
        Assert.Throws<RelearnException>(() => new SearchSpace([new IntParameter("a", 1, 8), new FloatParameter("a", 0, 1)]));
    }

    [Fact]
    public void Params_ReadByTypedGetters_AndFormatForTracking()
    {
        var p = new TrialParams(Space, [0.05, 16, 1]);

        Assert.Equal(0.05, p.GetDouble("learning_rate"));
        Assert.Equal(16, p.GetInt("num_leaves"));
        Assert.Equal("dart", p.GetString("boosting"));
        Assert.Throws<InvalidOperationException>(() => p.GetInt("learning_rate"));
        Assert.Throws<InvalidOperationException>(() => p.GetDouble("boosting"));
        Assert.Throws<KeyNotFoundException>(() => p.GetDouble("momentum"));
        Assert.Equal(new Dictionary<string, string> { ["learning_rate"] = "0.05", ["num_leaves"] = "16", ["boosting"] = "dart" }, p.ToParams());
        Assert.Throws<ArgumentException>(() => new TrialParams(Space, [0.5, 16, 1]));
        Assert.Throws<ArgumentException>(() => new TrialParams(Space, [0.05, 16.5, 1]));
    }
}
