using System.Globalization;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Storage;
using Relearn.GitHub.Ingest.Pulls;
using Relearn.GitHub.Tasks.ReviewAssist.Feedback;

namespace Relearn.GitHub.Tasks.ReviewAssist.Pipeline;

/// <summary>
/// <c>review-feedback</c>: the reviewers' feedback on a served review-assist <c>model</c>'s answers (default
/// <c>review-assist</c>; the newest <c>limit</c> labels, default 10,000) as training rows (<see cref="ReviewFeedbackRows"/>),
/// registered as a version of dataset <c>name</c> (default <c>MODEL-feedback</c>) in CodeReviewer's JSON Lines — an
/// empty version when there is no feedback yet, so the pipeline runs the same either way. Output <c>dataset</c>
/// (<c>name:N</c>) goes to <c>train-review-assist</c>'s <c>datasets</c>. It reads the feedback as it is now, so it
/// always runs; the same feedback gives the same version, and the training downstream stays cached.
/// </summary>
public sealed class ReviewFeedbackStep(IPredictionStore predictions, IArtifactStore artifacts, IDatasetCatalog datasets) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "review-feedback";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    /// <remarks>Feedback arrives between runs while the arguments stay the same.</remarks>
    public bool AlwaysRuns => true;

    /// <inheritdoc />
    public StepSignature Signature { get; } = new([], ["model", "limit", "name"], ["dataset"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var model = context.OptionalArg("model") ?? ReviewAssistTraining.Name;
        var limit = context.Int("limit", 10_000);
        if (limit <= 0)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: limit must be a positive number, not {limit.ToString(CultureInfo.InvariantCulture)}");
        }
        var labelled = await predictions.ListLabelledAsync(model, limit, cancellationToken);
        var rows = ReviewFeedbackRows.From(labelled);
        var stored = await artifacts.PutBytesAsync(ReviewData.ToCanonicalBytes(rows), cancellationToken);
        var source = string.Create(CultureInfo.InvariantCulture, $"review feedback: {labelled.Count} labelled predictions of {model}");
        var dataset = await datasets.RegisterAsync(context.OptionalArg("name") ?? $"{model}-feedback", stored.Digest, rows.Count, GitHubPullCrawler.HunksSchema, source, cancellationToken);
        var positives = rows.Count(r => r.Y == 1);
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{labelled.Count} labelled predictions of {model} -> {rows.Count} rows ({positives} commented, {rows.Count - positives} rejected, {rows.Count(r => r.Msg is not null)} with a comment) as {dataset.Id}"));
        return new StepResult(new Dictionary<string, StageOutput> { ["dataset"] = StageOutput.Reference(dataset.Id) }, new Dictionary<string, double>
        {
            ["labelled"] = labelled.Count,
            ["rows"] = rows.Count,
            ["positives"] = positives,
            ["comments"] = rows.Count(r => r.Msg is not null),
        });
    }
}
