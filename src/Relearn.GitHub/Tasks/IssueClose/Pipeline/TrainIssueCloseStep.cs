using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.GitHub.Tasks.IssueClose.Pipeline;

/// <summary>
/// <c>train-issue-close</c>: the TPE-tuned issue-close training (<c>relearn train issue-close</c>) on raw issue files
/// (the stage's inputs, or <c>data</c>) or on a silver issues <c>dataset</c> version (an <c>ingest</c> stage's output, recorded
/// as the run's upstream dataset). The quality gate is the stage's <c>alerts:</c>, so the training's own threshold
/// is off here. Outputs the tracking <c>run</c>, the <c>model</c> blob and the <c>dataset</c> version; metrics are the
/// time-ordered test metrics (auc, pr_auc, logloss, ...).
/// </summary>
public sealed class TrainIssueCloseStep(IssueCloseTraining training, IDatasetCatalog datasets) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "train-issue-close";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new([], ["data", "dataset", "trials", "parallelism", "seed", "test_fraction"], ["run", "model", "dataset"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parallelism = context.Int("parallelism", 0);
        var options = new IssueCloseTrainingOptions
        {
            Trials = context.Int("trials", 30),
            Parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount,
            Seed = context.Int("seed", 42),
            TestFraction = context.Number("test_fraction", 0.2),
            AlertBelowAuc = 0,
        };
        var progress = context.LogProgress;
        var result = context.OptionalArg("dataset") is { } id
            ? await training.TrainFromDatasetAsync(await StageData.FindDatasetAsync(context, datasets, id, cancellationToken), options, progress, cancellationToken)
            : await training.TrainFromFilesAsync(context.DataFiles(), options, progress, cancellationToken);
        var run = result.Training;
        context.Log.WriteLine($"run {run.RunId} on {run.Dataset.Id}: test auc {run.Metrics.GetValueOrDefault("auc"):0.####}, skipped {result.Skips}");
        var metrics = new Dictionary<string, double>(run.Metrics) { ["best_validation_auc"] = result.BestValidationAuc };
        return new StepResult(new Dictionary<string, StageOutput>
        {
            ["run"] = StageOutput.Reference(run.RunId),
            ["model"] = new(StageOutputKind.Artifact, run.ModelDigest, run.ModelDigest),
            ["dataset"] = StageOutput.Reference(run.Dataset.Id),
        }, metrics);
    }
}
