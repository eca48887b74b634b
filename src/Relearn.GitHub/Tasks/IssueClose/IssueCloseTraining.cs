using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Pipelines.Alerts;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;
using Relearn.Core.Training;
using Relearn.Core.Training.Tuning;
using Relearn.Core.Training.Tuning.Distributed;
using Relearn.GitHub.Ingest;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>What an issue-close training produced, and whether it raised the quality alert.</summary>
public sealed record IssueCloseTrainingResult(TrainingResult Training, QualityAlert? Alert, IssueSkips Skips, double BestValidationAuc, IReadOnlyDictionary<string, string> BestParams);

/// <summary>
/// The issue-close pipeline's training: at-open examples from raw issues, a time-ordered test split, TPE
/// search over LightGBM settings with median pruning on expanding-window folds (each trial a child run),
/// the best settings refitted on the whole training period and scored once on the newest issues. A test AUC
/// under the alert threshold fails the run red and raises an alert. Trials run in this process, or, with a
/// named executor such as <c>hangfire</c> (<see cref="TrialExecutors"/>), on <c>relearn worker</c> processes that share the
/// trial history through the store.
/// </summary>
public sealed class IssueCloseTraining(IArtifactStore artifacts, IDatasetCatalog datasets, ITrackingStore tracking, AlertNotifier alerts, TimeProvider time,
    TrialExecutors? executors = null, IssueCloseFoldCache? folds = null)
{
    private readonly IssueCloseFoldCache _folds = folds ?? new IssueCloseFoldCache();

    /// <summary>Experiment and dataset name.</summary>
    public const string Name = "issue-close";

    internal static readonly SearchSpace Space = new(
    [
        new IntParameter("iterations", 50, 600, Log: true),
        new IntParameter("leaves", 4, 64, Log: true),
        new FloatParameter("learning_rate", 0.005, 0.2, Log: true),
        new IntParameter("min_examples_per_leaf", 5, 100, Log: true),
        new FloatParameter("feature_fraction", 0.3, 1.0),
        new FloatParameter("l2", 0.01, 10, Log: true),
    ]);

    /// <summary>Trains from raw GitHub issue files (JSON Lines, plain or gzip).</summary>
    public Task<IssueCloseTrainingResult> TrainFromFilesAsync(IReadOnlyList<string> files, IssueCloseTrainingOptions options,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (files.Count == 0)
        {
            throw RelearnException.Invalid("no data files given");
        }
        return TrainAsync(IssueCloseData.ReadFiles(files), string.Join(", ", files.Select(Path.GetFileName)), null, options, progress, cancellationToken);
    }

    /// <summary>Trains from a crawled dataset version (raw issue objects, one a line).</summary>
    public async Task<IssueCloseTrainingResult> TrainFromDatasetAsync(DatasetVersion dataset, IssueCloseTrainingOptions options,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var rows = await SilverIssues.ReadAsync(artifacts, dataset, cancellationToken);
        var data = IssueCloseData.FromJsonLines(rows.Select(r => r.GetRawText()));
        return await TrainAsync(data, $"dataset {dataset.Id}", dataset.Id, options, progress, cancellationToken);
    }

    private async Task<IssueCloseTrainingResult> TrainAsync(IssueCloseData data, string source, string? upstream, IssueCloseTrainingOptions options,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        data.RequireTrainable();
        var distributed = (executors ?? TrialExecutors.InProcessOnly).StudyFor(options.Executor);
        var canonical = IssueCloseTask.ToCanonicalBytes(data.Examples);
        var stored = await artifacts.PutBytesAsync(canonical, cancellationToken);
        var dataset = await datasets.RegisterAsync(Name, stored.Digest, data.Examples.Count, "issue-close-example", source, cancellationToken);

        var experiment = await tracking.GetOrCreateExperimentAsync(Name, cancellationToken);
        var run = await tracking.CreateRunAsync(experiment.Id, "issue-close-tpe", cancellationToken: cancellationToken);
        try
        {
            await tracking.LogParamsAsync(run.RunId, new Dictionary<string, string>(options.ToParams())
            {
                ["as_of"] = data.AsOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["skipped"] = data.Skips.ToString(),
            }, cancellationToken);
            await tracking.LinkDatasetAsync(run.RunId, dataset.Id, cancellationToken);
            var tags = new Dictionary<string, string> { ["relearn.task"] = IssueCloseModel.TaskName, ["relearn.dataset"] = dataset.Id };
            if (upstream is not null)
            {
                tags["relearn.upstream_dataset"] = upstream;
            }
            await tracking.SetTagsAsync(run.RunId, tags, cancellationToken);

            var (train, test) = TimeOrderedSplit.Split(data.Examples, options.TestFraction);
            var started = time.GetTimestamp();
            var study = distributed is not null
                ? await TuneOnWorkersAsync(distributed, stored.Digest, experiment.Id, run.RunId, options, progress, cancellationToken)
                : await TuneInProcessAsync(data.Examples, stored.Digest, experiment.Id, run.RunId, options, progress, cancellationToken);
            var bestValue = study.BestTrial.Value!.Value;
            var best = ToParameters(study.BestTrial.Params, options.Seed);

            progress?.Report("refitting the best settings on the whole training period");
            var model = await Task.Run(() => IssueCloseModel.Train(train, best), cancellationToken);
            var testMetrics = model.Evaluate(test);
            var tuneSeconds = time.GetElapsedTime(started).TotalSeconds;
            progress?.Report("rolling-origin backtests: refitting at each quarter of the test period");
            var backtest = await Task.Run(() => IssueCloseBacktest.Run(data.Examples, IssueCloseBacktest.Origins(data.Examples, test[0].CreatedAt), best, cancellationToken), cancellationToken);
            var metrics = new Dictionary<string, double>(testMetrics.Concat(backtest.ToMetrics()))
            {
                ["tune_seconds"] = tuneSeconds,
                ["best_validation_auc"] = bestValue,
                ["train_seconds"] = time.GetElapsedTime(started).TotalSeconds,
                ["trials_complete"] = study.Trials.Count(t => t.State == TrialState.Complete),
                ["trials_pruned"] = study.Trials.Count(t => t.State == TrialState.Pruned),
            };
            var now = time.GetUtcNow();
            await tracking.LogParamsAsync(run.RunId, best.ToParams().ToDictionary(p => "best." + p.Key, p => p.Value), cancellationToken);
            await tracking.LogMetricsAsync(run.RunId, metrics.Select(m => new MetricPoint(m.Key, m.Value, 0, now)), cancellationToken);

            progress?.Report("storing artifacts");
            var package = await artifacts.PutBytesAsync(model.ToPackage(), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, ModelRegistry.ModelArtifact, package, cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, ModelRegistry.EvaluationArtifact, await artifacts.PutBytesAsync(IssueCloseTask.ToCanonicalBytes(test), cancellationToken), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, "metrics.json", await artifacts.PutTextAsync(JsonSerializer.Serialize(metrics, JsonDefaults.Indented), cancellationToken), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, "features.json", await artifacts.PutTextAsync(JsonSerializer.Serialize(IssueFeatures.Names.Concat(RepositoryHistory.Names), JsonDefaults.Indented), cancellationToken), cancellationToken);
            var card = ModelCard.Write(Name, IssueCloseModel.TaskName,
                "Estimate, when a GitHub issue is opened, the probability that it is closed within 7 days — to triage new issues. "
                + "Uses only what is known at opening (title, body, author association, time, and the repository's history strictly before it: "
                + "the author's earlier issues and pull requests, the open backlog, recent opens, closes and merges); comments, labels and later updates are never features.",
                dataset, train.Count, test.Count, best.ToParams(), metrics, run.RunId, split: "time-ordered: the newest issues by created_at are the test set")
                + "\n## Evaluation protocol\n\n" + backtest.Describe();
            await tracking.AddArtifactAsync(run.RunId, "model-card.md", await artifacts.PutTextAsync(card, cancellationToken), cancellationToken);

            var training = new TrainingResult(run.RunId, dataset, package.Digest, metrics);
            if (metrics["auc"] < options.AlertBelowAuc)
            {
                var alert = new QualityAlert(Name, run.RunId, "auc", metrics["auc"], options.AlertBelowAuc, time.GetUtcNow());
                await tracking.SetTagsAsync(run.RunId, new Dictionary<string, string> { ["relearn.alert"] = alert.Message }, cancellationToken);
                await tracking.EndRunAsync(run.RunId, RunStatus.Failed, cancellationToken);
                await alerts.NotifyAsync(alert, options.AlertWebhook, cancellationToken);
                return new IssueCloseTrainingResult(training, alert, data.Skips, bestValue, best.ToParams());
            }
            await tracking.EndRunAsync(run.RunId, RunStatus.Finished, cancellationToken);
            return new IssueCloseTrainingResult(training, null, data.Skips, bestValue, best.ToParams());
        }
        catch
        {
            await tracking.EndRunAsync(run.RunId, RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }

    private async Task<StudyResult> TuneInProcessAsync(IReadOnlyList<IssueCloseExample> examples, string digest, long experimentId, string runId,
        IssueCloseTrainingOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report($"featurizing {options.Folds} time-ordered folds (once per study, cached by content hash)");
        var folds = await _folds.GetAsync(IssueCloseFoldCache.Key(digest, options.TestFraction, options.Folds, options.Seed),
            () => Task.FromResult(examples), options.TestFraction, options.Folds, options.Seed, cancellationToken);
        var trial = new IssueCloseTrial(tracking, time);
        var finished = 0;
        return await new Study(time).OptimizeAsync(Space, async (t, token) =>
        {
            var value = await trial.RunAsync(experimentId, runId, t, folds, options.Seed, WorkerIdentity.Current, null, token);
            progress?.Report($"tuning: {Interlocked.Increment(ref finished)}/{options.Trials} trials");
            return value;
        }, new StudyOptions { Direction = StudyDirection.Maximize, Trials = options.Trials, Parallelism = options.Parallelism, Seed = options.Seed }, null, cancellationToken);
    }

    /// <summary>Trials as Hangfire jobs: workers read the examples from the artifact store by digest, never from this process.</summary>
    private async Task<StudyResult> TuneOnWorkersAsync(DistributedStudy study, string examples, long experimentId, string runId,
        IssueCloseTrainingOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new IssueCloseStudyPayload(examples, experimentId, runId, options.Seed, options.TestFraction, options.Folds));
        var id = await study.CreateAsync(new StudyDefinition(Name, StudyDirection.Maximize, options.Trials, options.Seed, options.TrialLease, payload), cancellationToken);
        await tracking.SetTagsAsync(runId, new Dictionary<string, string> { ["relearn.study"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
        progress?.Report($"study {id}: waiting for relearn worker processes to run {options.Trials} trials");
        return await study.WaitAsync(id, Space, new SynchronousProgress<int>(done => progress?.Report($"tuning on workers: {done}/{options.Trials} trials")), cancellationToken);
    }

    internal static IssueCloseParameters ToParameters(TrialParams p, int seed) => new()
    {
        Iterations = p.GetInt("iterations"),
        Leaves = p.GetInt("leaves"),
        LearningRate = p.GetDouble("learning_rate"),
        MinExamplesPerLeaf = p.GetInt("min_examples_per_leaf"),
        FeatureFraction = p.GetDouble("feature_fraction"),
        L2 = p.GetDouble("l2"),
        Seed = seed,
    };
}
