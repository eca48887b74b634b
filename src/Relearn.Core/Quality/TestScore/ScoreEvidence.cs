using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;

namespace Relearn.Core.Quality.TestScore;

/// <summary>What the stores know about one model version, gathered once for the rules of <see cref="TestScoreRules"/>.</summary>
/// <param name="Version">The version.</param>
/// <param name="Training">Its training run, when it still exists.</param>
/// <param name="AliasHistory">Every alias move of the model.</param>
/// <param name="Check">The newest behavioural check of the version.</param>
/// <param name="Nfr">The newest non-functional measurement of the version.</param>
/// <param name="PreviousNfr">The previous version's newest non-functional measurement.</param>
/// <param name="Validations">Validation runs of the training data (tag <c>relearn.validation</c>).</param>
/// <param name="Monitoring">Monitoring runs of the model (tags <c>relearn.monitor</c> / <c>relearn.drift</c>).</param>
/// <param name="PipelineRun">The pipeline run that checked or scored the version.</param>
/// <param name="Pipeline">That run's definition.</param>
/// <param name="Stages">That run's stage attempts.</param>
/// <param name="Manual">Manual records by test id.</param>
public sealed record ScoreEvidence(
    ModelVersion Version,
    Run? Training,
    IReadOnlyList<AliasChange> AliasHistory,
    QualityRun<CheckReport>? Check,
    QualityRun<CheckReport>? Nfr,
    QualityRun<CheckReport>? PreviousNfr,
    IReadOnlyList<Run> Validations,
    IReadOnlyList<Run> Monitoring,
    PipelineRun? PipelineRun,
    PipelineDefinition? Pipeline,
    IReadOnlyList<StageAttempt> Stages,
    IReadOnlyDictionary<string, ManualRecord> Manual)
{
    /// <summary>Completed stages of the pipeline run that use <paramref name="step"/>.</summary>
    public IEnumerable<StageDefinition> CompletedStages(string step) =>
        Pipeline is null ? [] : Pipeline.Stages.Where(s => s.Step == step && Stages.Any(a => a.Stage == s.Name && a.IsComplete));

    /// <summary>The check result of the newest check whose name starts with <paramref name="prefix"/>, of <paramref name="kind"/>.</summary>
    public IEnumerable<CheckResult> CheckTests(CheckKind kind, string? prefix = null) =>
        (Check?.Report.Tests ?? []).Concat(Nfr?.Report.Tests ?? [])
            .Where(t => t.Kind == CheckRunner.KindName(kind) && (prefix is null || t.Name.StartsWith(prefix, StringComparison.Ordinal)));
}
