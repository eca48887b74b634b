using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Tasks.TextClassification.Pipeline;

/// <summary>
/// <c>train-text-classification</c> (formerly <c>train</c>, still accepted): a tracked text-classification training
/// (<c>relearn train sentiment</c>) on the stage's inputs (or <c>data</c>). Outputs the tracking <c>run</c>, the <c>model</c> blob and the <c>dataset</c> version; metrics are the
/// run's test metrics (accuracy, auc, logloss, ...), with <c>featurizer: auto</c> also the leave-one-domain-out figures.
/// </summary>
public sealed class TrainTextClassificationStep(TextClassificationTraining training) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "train-text-classification";

    /// <inheritdoc />
    public IReadOnlyList<string> Aliases { get; } = ["train"];

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["experiment"], ["data", "trainer", "featurizer", "seed", "test_fraction"], ["run", "model", "dataset"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var trainer = context.OptionalArg("trainer") ?? "lbfgs";
        var featurizer = context.OptionalArg("featurizer") ?? "tfidf";
        var options = new TextClassificationOptions
        {
            Trainer = Enum.TryParse<TextTrainer>(trainer, ignoreCase: true, out var t) ? t
                : throw RelearnException.Invalid($"stage {context.Stage.Name}: trainer '{trainer}' is not lbfgs, sdca or lightgbm"),
            Featurizer = Enum.TryParse<TextFeaturizer>(featurizer, ignoreCase: true, out var f) ? f
                : throw RelearnException.Invalid($"stage {context.Stage.Name}: featurizer '{featurizer}' is not tfidf, embeddings or auto"),
            Seed = context.Int("seed", 42),
            TestFraction = context.Number("test_fraction", 0.2),
        };
        var progress = context.LogProgress;
        var result = await training.TrainAsync(context.Arg("experiment"), context.DataFiles(), options, progress, null, cancellationToken);
        context.Log.WriteLine(result.Metrics.TryGetValue("lodo_accuracy", out var lodo)
            ? $"run {result.RunId} on {result.Dataset.Id}: leave-one-domain-out accuracy {lodo:0.###}, in-domain test auc {result.Metrics.GetValueOrDefault("auc"):0.####}"
            : $"run {result.RunId} on {result.Dataset.Id}: auc {result.Metrics.GetValueOrDefault("auc"):0.####}");
        return new StepResult(new Dictionary<string, StageOutput>
        {
            ["run"] = StageOutput.Reference(result.RunId),
            ["model"] = new(StageOutputKind.Artifact, result.ModelDigest, result.ModelDigest),
            ["dataset"] = StageOutput.Reference(result.Dataset.Id),
        }, result.Metrics);
    }
}
