using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Tasks.TextClassification.Pipeline;

/// <summary>
/// <c>tune-text-classification</c> (formerly <c>tune</c>, still accepted): a TPE search over the text classifier's trainer, L2 and n-gram lengths (<c>trials</c>, default 8;
/// <c>parallelism</c>, default 1), scored on a validation part of the training rows, then the best settings trained as
/// <c>train-text-classification</c> does (<c>experiment</c>, <c>seed</c>, <c>test_fraction</c>, data). Same outputs as <c>train-text-classification</c>;
/// metrics are the final run's test metrics plus <c>best_validation_auc</c> and <c>trials</c>. The issue-close
/// pipeline's tuning is its own step, <c>train-issue-close</c>, because its search, folds and features are the task's.
/// </summary>
public sealed class TuneTextClassificationStep(TextClassificationTuning tuning) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "tune-text-classification";

    /// <inheritdoc />
    public IReadOnlyList<string> Aliases { get; } = ["tune"];

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["experiment"], ["data", "trials", "parallelism", "seed", "test_fraction"], ["run", "model", "dataset"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trials = context.Int("trials", 8);
        var parallelism = context.Int("parallelism", 1);
        if (trials < 1 || parallelism < 1)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: trials and parallelism must be at least 1");
        }
        var baseline = new TextClassificationOptions { Seed = context.Int("seed", 42), TestFraction = context.Number("test_fraction", 0.2) };
        var progress = context.LogProgress;
        var result = await tuning.TuneAsync(context.Arg("experiment"), context.DataFiles(), baseline, trials, parallelism, progress, cancellationToken);
        var run = result.Training;
        context.Log.WriteLine($"run {run.RunId} on {run.Dataset.Id} with {string.Join(", ", result.BestParams.Select(p => $"{p.Key}={p.Value}"))}");
        var metrics = new Dictionary<string, double>(run.Metrics) { ["best_validation_auc"] = result.BestValidationAuc, ["trials"] = result.Trials };
        return new StepResult(new Dictionary<string, StageOutput>
        {
            ["run"] = StageOutput.Reference(run.RunId),
            ["model"] = new(StageOutputKind.Artifact, run.ModelDigest, run.ModelDigest),
            ["dataset"] = StageOutput.Reference(run.Dataset.Id),
        }, metrics);
    }
}
