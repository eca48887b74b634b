using System.Globalization;
using System.Text.Json;
using Relearn.Core.Datasets;
using Relearn.Core.Models;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// <c>evaluate</c>: scores a registered <c>model</c> (<c>name:N</c>, <c>name@alias</c>, a bare name) on labelled data —
/// the stage's inputs, <c>data</c>, or a <c>dataset</c> version in the model task's format — or, with none given, on
/// the held-out split its training kept (<c>relearn evaluate</c>'s logic). Metrics are the task's (auc, accuracy,
/// logloss, ...), so <c>alerts:</c> can gate on them; output <c>metrics</c> is the same as JSON in the artifact store.
/// </summary>
public sealed class EvaluateStep(ModelRegistry registry, ModelTaskCatalog tasks, IDatasetCatalog datasets, IArtifactStore artifacts) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "evaluate";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["model"], ["data", "dataset"], ["metrics"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = await registry.ResolveAsync(ModelReference.Parse(context.Arg("model")), cancellationToken);
        byte[] evaluationData;
        string source;
        if (context.OptionalArg("data") is null && context.OptionalArg("dataset") is null && context.Inputs.Count == 0)
        {
            evaluationData = await registry.ReadEvaluationSplitAsync(version, cancellationToken);
            source = "the held-out split of its training run";
        }
        else
        {
            using var data = await StageData.ResolveAsync(context, datasets, artifacts, cancellationToken);
            evaluationData = tasks.Get(version.Task).ReadEvaluationData(data.Files);
            source = data.Dataset?.Id ?? string.Join(", ", data.Files.Select(Path.GetFileName));
        }
        var metrics = await registry.EvaluateAsync(version, evaluationData, cancellationToken);
        // JSON has no NaN: a metric the task cannot compute (an AUC on one class, review-assist's semantic without embeddings) is null.
        var json = metrics.ToDictionary(m => m.Key, m => double.IsFinite(m.Value) ? m.Value : (double?)null);
        var stored = await artifacts.PutTextAsync(JsonSerializer.Serialize(json, JsonDefaults.Indented), cancellationToken);
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{version.Name}:{version.Version} on {source}: ")
            + string.Join(", ", metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0.####}"))));
        return new StepResult(new Dictionary<string, StageOutput> { ["metrics"] = new(StageOutputKind.Artifact, stored.Digest, stored.Digest) }, metrics);
    }
}
