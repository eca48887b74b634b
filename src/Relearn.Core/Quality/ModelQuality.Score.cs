using System.Globalization;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.TestScore;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

namespace Relearn.Core.Quality;

/// <summary>The ML Test Score half of <see cref="ModelQuality"/>.</summary>
public sealed partial class ModelQuality
{
    /// <summary>Kind of the quality run of a recorded score.</summary>
    public const string ScoreKindName = "score";

    /// <summary>Computes the ML Test Score of <paramref name="version"/> from what the stores know.</summary>
    public async Task<TestScoreReport> ScoreAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var evidence = await GatherAsync(version, cancellationToken);
        return TestScoreReport.From(version.Name, version.Version, TestScoreRules.Evaluate(evidence));
    }

    /// <summary>Records <paramref name="report"/> as a score run of its version.</summary>
    public Task<string> RecordScoreAsync(ModelVersion version, TestScoreReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metrics = new Dictionary<string, double>(report.Sections.ToDictionary(s => "test_score_" + s.Key, s => s.Value)) { ["test_score"] = report.Score };
        return records.RecordAsync(ScoreKindName, version, report, metrics, true, cancellationToken);
    }

    /// <summary>Names the pipeline run that checks or scores a version, so the score can read that run's stages.</summary>
    public Task LinkPipelineRunAsync(ModelVersion version, string pipelineRunId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return registryStore.SetVersionTagAsync(version.Name, version.Version, QualityRecords.PipelineRunTag, pipelineRunId, cancellationToken);
    }

    private async Task<ScoreEvidence> GatherAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var training = await tracking.GetRunAsync(version.RunId, cancellationToken);
        var history = await registryStore.GetAliasHistoryAsync(version.Name, cancellationToken: cancellationToken);
        var check = await records.LatestAsync<CheckReport>(CheckKindName, version.Name, version.Version, cancellationToken);
        var nfr = await records.LatestAsync<CheckReport>(NfrKindName, version.Name, version.Version, cancellationToken);
        var previousNfr = version.Version > 1 ? await records.LatestAsync<CheckReport>(NfrKindName, version.Name, version.Version - 1, cancellationToken) : null;
        var validations = version.DatasetVersion is { } dataset
            ? (await records.FindRunsAsync("relearn.dataset", dataset, cancellationToken: cancellationToken)).Where(r => r.Tags.ContainsKey("relearn.validation")).ToList()
            : [];
        var monitoring = (await records.FindRunsAsync(QualityRecords.ModelTag, version.Name, 50, cancellationToken))
            .Where(r => r.Tags.ContainsKey("relearn.monitor") || r.Tags.ContainsKey("relearn.drift")).ToList();
        var tags = await registryStore.GetVersionTagsAsync(version.Name, version.Version, cancellationToken);
        PipelineRun? pipelineRun = null;
        PipelineDefinition? definition = null;
        IReadOnlyList<StageAttempt> stages = [];
        if (tags.TryGetValue(QualityRecords.PipelineRunTag, out var runId) && await pipelines.GetPipelineRunAsync(runId, cancellationToken) is { } run)
        {
            pipelineRun = run;
            stages = await pipelines.GetStageAttemptsAsync(run.Id, cancellationToken);
            try
            {
                definition = PipelineYaml.Parse(await artifacts.ReadTextAsync(run.DefinitionDigest, cancellationToken), $"pipeline {run.Pipeline}");
            }
            catch (RelearnException)
            {
                // A definition this build cannot parse any more is no evidence either way; the run's other records still count.
            }
        }
        var manual = await records.ManualAsync(version.Name, cancellationToken);
        return new ScoreEvidence(version, training, history, check, nfr, previousNfr, validations, monitoring, pipelineRun, definition, stages, manual);
    }

    /// <summary>
    /// The promotion guard: null when <paramref name="version"/> scores at least <paramref name="minimum"/>, else the
    /// refusal naming the score and the tests not automated.
    /// </summary>
    public async Task<PromotionResult?> GuardAsync(ModelVersion version, string alias, double minimum, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var report = await ScoreAsync(version, cancellationToken);
        if (report.Score >= minimum)
        {
            return null;
        }
        var holder = await registryStore.GetAliasAsync(version.Name, alias, cancellationToken);
        var missing = report.Tests.Where(t => t.Status == TestStatus.Missing).Select(t => t.Id).ToList();
        var manual = report.Tests.Where(t => t.Status == TestStatus.Manual).Select(t => t.Id).ToList();
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"refused: version {version.Version} has ML Test Score {report.Score:0.#} < min_test_score {minimum:0.#} (sections: {string.Join(", ", report.Sections.Select(s => $"{s.Key} {s.Value:0.#}"))}); missing: {string.Join(", ", missing)}")
            + (manual.Count > 0 ? $"; manual only: {string.Join(", ", manual)}" : "");
        return new PromotionResult(false, version.Name, alias, version.Version, holder, null, null, null, reason, PromotionRefusal.BelowTestScore);
    }
}
