using System.Globalization;
using Relearn.Core.Datasets;
using Relearn.Core.Registry;
using Relearn.Core.Serving;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// <c>predict-batch</c>: scores inputs (the stage's inputs, <c>data</c>, or a <c>dataset</c> version; .jsonl/.json
/// objects or text lines, as <c>relearn predict</c> reads them) with a registered <c>model</c>, optionally only those
/// whose top-level field matches <c>where: FIELD=VALUE</c> (e.g. <c>state=open</c>). Output <c>predictions</c>: the
/// rows as <c>format</c> <c>jsonl</c> (default), <c>csv</c> or <c>parquet</c> in the artifact store. Metrics:
/// <c>rows</c> scored and <c>skipped</c> inputs.
/// </summary>
public sealed class PredictBatchStep(ModelRegistry registry, IDatasetCatalog datasets, IArtifactStore artifacts) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "predict-batch";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["model"], ["data", "dataset", "where", "format"], ["predictions"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var format = context.OptionalArg("format") ?? "jsonl";
        if (format is not ("jsonl" or "csv" or "parquet"))
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: format '{format}' is not jsonl, csv or parquet");
        }
        var version = await registry.ResolveAsync(ModelReference.Parse(context.Arg("model")), cancellationToken);
        using var data = await StageData.ResolveAsync(context, datasets, artifacts, cancellationToken);
        var inputs = data.Files.SelectMany(BatchPrediction.ReadFile).ToList();
        IReadOnlyList<System.Text.Json.JsonElement> selected = inputs;
        if (context.OptionalArg("where") is { } where)
        {
            var equals = where.IndexOf('=', StringComparison.Ordinal);
            selected = equals > 0 ? BatchPrediction.Where(inputs, where[..equals], where[(equals + 1)..])
                : throw RelearnException.Invalid($"stage {context.Stage.Name}: where '{where}' is not FIELD=VALUE");
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{selected.Count} of {inputs.Count} inputs have {where}"));
        }
        if (selected.Count == 0)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: no inputs to score");
        }
        var scored = await BatchPrediction.ScoreAsync(registry, version, selected, cancellationToken);
        var scratch = Directory.CreateTempSubdirectory("relearn-predictions-").FullName;
        try
        {
            var path = Path.Combine(scratch, $"predictions.{format}");
            await PredictionFile.WriteAsync(path, scored.Rows, cancellationToken);
            await using var stream = File.OpenRead(path);
            var stored = await artifacts.PutAsync(stream, cancellationToken);
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scored.Rows.Count} predictions of {version.Name}:{version.Version} ({scored.Skipped} inputs skipped) as {format}: {stored.Digest}"));
            return new StepResult(new Dictionary<string, StageOutput> { ["predictions"] = new(StageOutputKind.Artifact, stored.Digest, stored.Digest) },
                new Dictionary<string, double>
                {
                    ["rows"] = scored.Rows.Count,
                    ["skipped"] = scored.Skipped,
                });
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
