using System.Globalization;
using System.Text.Json;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

namespace Relearn.Core.Quality.Steps;

/// <summary>
/// <c>score</c>: computes the ML Test Score of <c>model</c> (<c>name:N</c>) from what the stores know — this pipeline
/// run's stages included — records it for the version, writes it into the model card and outputs the <c>report</c>.
/// Metrics <c>test_score</c> and <c>test_score_data|model|infrastructure|monitoring</c>, so <c>alerts:</c> can gate on
/// them; the promote step's <c>min_test_score</c> is the usual gate.
/// </summary>
public sealed class ScoreStep(ModelRegistry registry, ModelQuality quality, IArtifactStore artifacts) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "score";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["model"], [], ["report"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = await registry.ResolveAsync(ModelReference.Parse(context.Arg("model")), cancellationToken);
        await quality.LinkPipelineRunAsync(version, context.RunId, cancellationToken);
        var report = await quality.ScoreAsync(version, cancellationToken);
        await quality.RecordScoreAsync(version, report, cancellationToken);
        await quality.AddToCardAsync(version, report, cancellationToken);
        var stored = await artifacts.PutTextAsync(JsonSerializer.Serialize(report, JsonDefaults.Indented), cancellationToken);
        context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{version.Name}:{version.Version} ML Test Score {report.Score:0.#} ({string.Join(", ", report.Sections.Select(s => $"{s.Key} {s.Value:0.#}"))}); not automated: {string.Join(", ", report.Missing.Select(t => t.Id))}"));
        var metrics = new Dictionary<string, double>(report.Sections.ToDictionary(s => "test_score_" + s.Key, s => s.Value)) { ["test_score"] = report.Score };
        return new StepResult(new Dictionary<string, StageOutput> { ["report"] = new(StageOutputKind.Artifact, stored.Digest, stored.Digest) }, metrics);
    }
}
