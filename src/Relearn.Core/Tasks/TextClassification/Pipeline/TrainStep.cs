using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Tasks.TextClassification.Pipeline;

/// <summary>
/// <c>train</c>: a tracked text-classification training (<c>relearn train sentiment</c>) on the stage's inputs (or
/// <c>data</c>). Outputs the tracking <c>run</c>, the <c>model</c> blob and the <c>dataset</c> version; metrics are the
/// run's test metrics (accuracy, auc, logloss, ...).
/// </summary>
public sealed class TrainStep(TextClassificationTraining training) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "train";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["experiment"], ["data", "trainer", "seed", "test_fraction"], ["run", "model", "dataset"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trainer = context.OptionalArg("trainer") ?? "lbfgs";
        var options = new TextClassificationOptions
        {
            Trainer = Enum.TryParse<TextTrainer>(trainer, ignoreCase: true, out var t) ? t
                : throw RelearnException.Invalid($"stage {context.Stage.Name}: trainer '{trainer}' is not lbfgs, sdca or lightgbm"),
            Seed = context.Int("seed", 42),
            TestFraction = context.Number("test_fraction", 0.2),
        };
        var progress = new Progress<string>(line => context.Log.WriteLine(line));
        var result = await training.TrainAsync(context.Arg("experiment"), context.DataFiles(), options, progress, null, cancellationToken);
        context.Log.WriteLine($"run {result.RunId} on {result.Dataset.Id}: auc {result.Metrics.GetValueOrDefault("auc"):0.####}");
        return new StepResult(new Dictionary<string, StageOutput>
        {
            ["run"] = StageOutput.Reference(result.RunId),
            ["model"] = new(StageOutputKind.Artifact, result.ModelDigest, result.ModelDigest),
            ["dataset"] = StageOutput.Reference(result.Dataset.Id),
        }, result.Metrics);
    }
}
