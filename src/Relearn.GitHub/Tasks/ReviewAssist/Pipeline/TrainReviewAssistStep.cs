using Relearn.Core;
using Relearn.Core.Pipelines.Steps;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;

namespace Relearn.GitHub.Tasks.ReviewAssist.Pipeline;

/// <summary>
/// <c>train-review-assist</c>: the TPE-tuned review-assist training on the stage's inputs (or <c>data</c>). The inputs
/// named in <c>evaluation</c> (comma-separated) are not trained on: they become the run's evaluation data, which the
/// <c>evaluate</c> step and guarded promotion score. Outputs the tracking <c>run</c>, the <c>model</c> blob and the
/// training <c>dataset</c> version; metrics are those on the evaluation data (auc, f1, bleu4, distinct, ...).
/// </summary>
public sealed class TrainReviewAssistStep(ReviewAssistTraining training) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "train-review-assist";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new([], ["data", "evaluation", "trials", "parallelism", "seed", "candidates", "consensus", "other_language"], ["run", "model", "dataset"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = context.DataFiles();
        var evaluation = (context.OptionalArg("evaluation") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(context.PathArg).ToArray();
        var missing = evaluation.Where(e => !files.Contains(e, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            // Evaluation files must be inputs too, so a change to them reruns the stage.
            throw RelearnException.Invalid($"stage {context.Stage.Name}: evaluation file {Path.GetFileName(missing[0])} is not among the stage's inputs");
        }
        var parallelism = context.Int("parallelism", 0);
        var defaults = new CommentRanking();
        var options = new ReviewAssistTrainingOptions
        {
            Trials = context.Int("trials", 30),
            Parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount,
            Seed = context.Int("seed", 42),
            Ranking = new CommentRanking(context.Int("candidates", defaults.Candidates), context.Number("consensus", defaults.Consensus),
                context.Number("other_language", defaults.OtherLanguage)),
        };
        var progress = new Progress<string>(line => context.Log.WriteLine(line));
        var result = await training.TrainAsync(files.Except(evaluation, StringComparer.Ordinal).ToArray(), evaluation, options, progress, cancellationToken);
        context.Log.WriteLine($"run {result.RunId} on {result.Dataset.Id}: auc {result.Metrics.GetValueOrDefault("auc"):0.####}, f1 {result.Metrics.GetValueOrDefault("f1"):0.####}, bleu4 {result.Metrics.GetValueOrDefault("bleu4"):0.##}");
        return new StepResult(new Dictionary<string, StageOutput>
        {
            ["run"] = StageOutput.Reference(result.RunId),
            ["model"] = new(StageOutputKind.Artifact, result.ModelDigest, result.ModelDigest),
            ["dataset"] = StageOutput.Reference(result.Dataset.Id),
        }, result.Metrics);
    }
}
