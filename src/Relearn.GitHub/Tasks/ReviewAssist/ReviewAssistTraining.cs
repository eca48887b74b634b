using System.Globalization;
using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;
using Relearn.Core.Training;
using Relearn.Core.Training.Tuning;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Evaluation;
using Relearn.GitHub.Tasks.ReviewAssist.Location;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>
/// Trains review-assist from CodeReviewer-format files: the location model TPE-tuned on the labelled hunks (<c>y</c>),
/// the comment index built from the hunks with comments (<c>msg</c>), both scored once on evaluation files the
/// training never reads (or, without them, on a seeded held-out share). A tracked run with the model package,
/// its evaluation data, metrics and model card, ready to register.
/// </summary>
public sealed class ReviewAssistTraining(IArtifactStore artifacts, IDatasetCatalog datasets, ITrackingStore tracking, TimeProvider time)
{
    /// <summary>Experiment and dataset name.</summary>
    public const string Name = "review-assist";

    /// <summary>Fewest labelled training hunks.</summary>
    public const int MinimumLabelled = 20;

    /// <summary>Trains on <paramref name="files"/>, evaluates on <paramref name="evaluationFiles"/> (or a held-out share when empty).</summary>
    public async Task<TrainingResult> TrainAsync(IReadOnlyList<string> files, IReadOnlyList<string> evaluationFiles, ReviewAssistTrainingOptions options,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(evaluationFiles);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (files.Count == 0)
        {
            throw RelearnException.Invalid("no data files given");
        }
        var all = Checked(ReviewData.ReadFiles(files));
        IReadOnlyList<ReviewExample> train, test;
        if (evaluationFiles.Count > 0)
        {
            (train, test) = (all, Checked(ReviewData.ReadFiles(evaluationFiles)));
        }
        else
        {
            var (labelledTrain, labelledTest) = Split(all.Where(e => e.Y is not null).ToList(), e => e.Y!.Value, options);
            var (commentTrain, commentTest) = Split(all.Where(e => e.Y is null && e.Msg is not null).ToList(), _ => 0, options);
            (train, test) = ([.. labelledTrain, .. commentTrain], [.. labelledTest, .. commentTest]);
        }
        var labelled = train.Where(e => e.Y is not null).ToList();
        if (labelled.Count < MinimumLabelled || labelled.All(e => e.Y == 1) || labelled.All(e => e.Y == 0))
        {
            throw RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"review-assist needs at least {MinimumLabelled} training hunks labelled \"y\" with both 0 and 1; got {labelled.Count}"));
        }
        var commented = train.Where(e => e.Msg is not null).ToList();
        if (commented.Count == 0)
        {
            throw RelearnException.Invalid("review-assist needs training hunks with the reviewer's comment (\"msg\") to suggest comments from");
        }

        var stored = await artifacts.PutBytesAsync(ReviewData.ToCanonicalBytes(train), cancellationToken);
        var source = string.Join(", ", files.Select(Path.GetFileName));
        var dataset = await datasets.RegisterAsync(Name, stored.Digest, train.Count, "review-example", source, cancellationToken);
        var experiment = await tracking.GetOrCreateExperimentAsync(Name, cancellationToken);
        var run = await tracking.CreateRunAsync(experiment.Id, "review-assist-tpe", cancellationToken: cancellationToken);
        try
        {
            await tracking.LogParamsAsync(run.RunId, new Dictionary<string, string>(options.ToParams())
            {
                ["evaluation"] = evaluationFiles.Count > 0 ? string.Join(", ", evaluationFiles.Select(Path.GetFileName)) : "held-out share",
            }, cancellationToken);
            await tracking.LinkDatasetAsync(run.RunId, dataset.Id, cancellationToken);
            await tracking.SetTagsAsync(run.RunId, new Dictionary<string, string> { ["relearn.task"] = ReviewAssistModel.TaskName, ["relearn.dataset"] = dataset.Id }, cancellationToken);

            var started = time.GetTimestamp();
            progress?.Report($"tuning the location model on {labelled.Count} labelled hunks ({options.Trials} TPE trials)");
            var tuned = await LocationTuning.TuneAsync(labelled, options, time, progress, cancellationToken);
            var index = new CommentIndex(commented.Select(e => new PastComment(CommentIndex.TokensOf(DiffHunk.Parse(e.Patch)), e.Msg!, e.Language)).ToList());
            var model = new ReviewAssistModel(tuned.Model, index, options.Ranking);

            progress?.Report($"evaluating on {test.Count} hunks never used for training");
            var metrics = new Dictionary<string, double>(ReviewMetrics.Compute(model, test).Where(m => double.IsFinite(m.Value)).ToDictionary())
            {
                ["cv_auc"] = tuned.CrossValidatedAuc,
                ["train_seconds"] = time.GetElapsedTime(started).TotalSeconds,
                ["trials_complete"] = tuned.Study.Trials.Count(t => t.State == TrialState.Complete),
                ["trials_pruned"] = tuned.Study.Trials.Count(t => t.State == TrialState.Pruned),
                ["train_labelled"] = labelled.Count,
                ["train_comments"] = commented.Count,
            };
            var now = time.GetUtcNow();
            await tracking.LogParamsAsync(run.RunId, tuned.Model.Parameters.ToParams().ToDictionary(p => "best." + p.Key, p => p.Value), cancellationToken);
            await tracking.LogMetricsAsync(run.RunId, metrics.Select(m => new MetricPoint(m.Key, m.Value, 0, now)), cancellationToken);

            var package = await artifacts.PutBytesAsync(model.ToPackage(), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, ModelRegistry.ModelArtifact, package, cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, ModelRegistry.EvaluationArtifact, await artifacts.PutBytesAsync(ReviewData.ToCanonicalBytes(test), cancellationToken), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, "metrics.json", await artifacts.PutTextAsync(JsonSerializer.Serialize(metrics, JsonDefaults.Indented), cancellationToken), cancellationToken);
            var card = ModelCard.Write(Name, ReviewAssistModel.TaskName,
                "Point maintainers at the hunks of a pull request a human reviewer would likely comment on, and suggest what past reviewers said on "
                + "the most similar code. Suggestions are retrieved, not written: they can be off-topic and must be read before posting.",
                dataset, train.Count, test.Count, tuned.Model.Parameters.ToParams(), metrics, run.RunId);
            await tracking.AddArtifactAsync(run.RunId, "model-card.md", await artifacts.PutTextAsync(card, cancellationToken), cancellationToken);
            await tracking.EndRunAsync(run.RunId, RunStatus.Finished, cancellationToken);
            return new TrainingResult(run.RunId, dataset, package.Digest, metrics);
        }
        catch
        {
            await tracking.EndRunAsync(run.RunId, RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }

    private static IReadOnlyList<ReviewExample> Checked(IReadOnlyList<ReviewExample> examples)
    {
        for (var i = 0; i < examples.Count; i++)
        {
            try
            {
                DiffHunk.Parse(examples[i].Patch);
            }
            catch (RelearnException e)
            {
                throw RelearnException.Invalid($"row {(i + 1).ToString(CultureInfo.InvariantCulture)}: {e.Message}", e);
            }
        }
        return examples;
    }

    private static (IReadOnlyList<ReviewExample> Train, IReadOnlyList<ReviewExample> Test) Split(IReadOnlyList<ReviewExample> rows, Func<ReviewExample, int> label, ReviewAssistTrainingOptions options) =>
        rows.Count < 2 ? (rows, []) : StratifiedSplit.Split(rows, label, options.TestFraction, options.Seed);
}
