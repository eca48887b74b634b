using System.Globalization;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Storage;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;

namespace Relearn.GitHub.Tasks.ReviewAssist.Pipeline;

/// <summary>
/// <c>train-review-assist</c>: the TPE-tuned review-assist training on the stage's inputs (or <c>data</c>). The inputs
/// named in <c>evaluation</c> (comma-separated) are not trained on: they become the run's evaluation data, which the
/// <c>evaluate</c> step and guarded promotion score. Outputs the tracking <c>run</c>, the <c>model</c> blob and the
/// training <c>dataset</c> version; metrics are those on the evaluation data (auc, f1, bleu4, distinct, ...).
/// <c>datasets</c> (comma-separated <c>NAME:N</c>) adds dataset versions of CodeReviewer-format rows to the training
/// data only — the <c>review-feedback</c> stage's reviewer feedback, an <c>ingest kind: pulls</c> stage's hunks; their
/// ids are part of the fingerprint, so new feedback reruns the training.
/// </summary>
public sealed class TrainReviewAssistStep(ReviewAssistTraining training, IDatasetCatalog datasets, IArtifactStore artifacts) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "train-review-assist";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new([], ["data", "datasets", "evaluation", "trials", "parallelism", "seed", "candidates", "consensus", "other_language"], ["run", "model", "dataset"]);

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
        var progress = context.LogProgress;
        var scratch = Directory.CreateTempSubdirectory("relearn-review-datasets-").FullName;
        try
        {
            var trainFiles = files.Except(evaluation, StringComparer.Ordinal).Concat(await DatasetFilesAsync(context, scratch, cancellationToken)).ToArray();
            var result = await training.TrainAsync(trainFiles, evaluation, options, progress, cancellationToken);
            context.Log.WriteLine($"run {result.RunId} on {result.Dataset.Id}: auc {result.Metrics.GetValueOrDefault("auc"):0.####}, f1 {result.Metrics.GetValueOrDefault("f1"):0.####}, bleu4 {result.Metrics.GetValueOrDefault("bleu4"):0.##}");
            return new StepResult(new Dictionary<string, StageOutput>
            {
                ["run"] = StageOutput.Reference(result.RunId),
                ["model"] = new(StageOutputKind.Artifact, result.ModelDigest, result.ModelDigest),
                ["dataset"] = StageOutput.Reference(result.Dataset.Id),
            }, result.Metrics);
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The <c>datasets</c> versions copied into <paramref name="scratch"/>, one file each named after the version (so the
    /// training dataset's source names the feedback it learned from); empty versions (no feedback yet) are left out.
    /// </summary>
    private async Task<IReadOnlyList<string>> DatasetFilesAsync(StepContext context, string scratch, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        foreach (var id in (context.OptionalArg("datasets") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var version = await StageData.FindDatasetAsync(context, datasets, id, cancellationToken);
            if (version.RowCount == 0)
            {
                context.Log.WriteLine($"dataset {version.Id} is empty: nothing to add");
                continue;
            }
            var path = Path.Combine(scratch, string.Create(CultureInfo.InvariantCulture, $"{version.Name.Replace('/', '-')}-v{version.Version}.jsonl"));
            await StageData.CopyAsync(artifacts, version, path, cancellationToken);
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"adding {version.RowCount} rows of {version.Id} to the training data"));
            files.Add(path);
        }
        return files;
    }
}
