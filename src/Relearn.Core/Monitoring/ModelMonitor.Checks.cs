using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Monitoring.Reports;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Core.Monitoring;

/// <summary>One recorded monitoring check: drift of a window, labelled performance, and the tracking run that keeps them.</summary>
/// <param name="Drift">The drift report (with the version's reference metrics and performance over time).</param>
/// <param name="Labelled">The task's metrics on the newest labels.</param>
/// <param name="Metrics">What the check measured, by name: <c>drift_share</c>, <c>drifted_columns</c>, <c>dataset_drift</c> (1/0),
/// <c>current_rows</c>, <c>not_enough_data</c> (1/0), <c>drift_score.COLUMN</c>, <c>labelled</c>, and once labels exist
/// <c>accuracy</c>, <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>auc</c>.</param>
/// <param name="RunId">The tracking run (experiment <c>monitor-MODEL</c>) the check is recorded as.</param>
/// <param name="At">When it ran.</param>
public sealed record MonitorCheck(DriftReport Drift, PerformanceWindow Labelled, IReadOnlyDictionary<string, double> Metrics, string RunId, DateTimeOffset At);

public sealed partial class ModelMonitor
{
    /// <summary>Labels the <c>labelled</c> metrics of a check are computed on when none is asked for.</summary>
    public const int DefaultLabels = 1000;

    /// <summary>Run artifact holding the drift JSON of a check.</summary>
    public const string DriftArtifact = "drift.json";

    /// <summary>Run artifact holding the HTML report of a check.</summary>
    public const string ReportArtifact = "drift-report.html";

    private readonly ConcurrentDictionary<(string Model, int Version), MonitorCheck> _latest = new();

    /// <summary>The experiment a model's checks are recorded under.</summary>
    public static string ExperimentName(string model) => $"monitor-{model}";

    /// <summary>The newest check this process ran per model and version (for <c>/metrics</c>).</summary>
    public IReadOnlyCollection<MonitorCheck> LatestChecks => _latest.Values.ToArray();

    /// <summary>
    /// Runs <see cref="DriftAsync"/> and <see cref="LabelledPerformanceAsync"/> over the newest <paramref name="lastLabels"/>
    /// labels, and records both as a finished tracking run in experiment <c>monitor-MODEL</c> (metrics, the drift JSON
    /// and the HTML report as artifacts), so the history of checks is queryable like any run's.
    /// </summary>
    public async Task<MonitorCheck> CheckAsync(ModelReference model, MonitorWindow window, int lastLabels = DefaultLabels, DriftOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var drift = await DriftAsync(model, window, options, cancellationToken);
        var labelled = await LabelledPerformanceAsync(drift.Model!, drift.Version, lastLabels, cancellationToken);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["drift_share"] = drift.Share,
            ["drifted_columns"] = drift.DriftedColumns,
            ["dataset_drift"] = drift.DatasetDrift ? 1 : 0,
            ["current_rows"] = drift.CurrentRows,
            ["not_enough_data"] = drift.Verdict is null ? 0 : 1,
            ["labelled"] = labelled.Labelled,
        };
        foreach (var column in drift.Columns.Where(c => c.Score is { } s && double.IsFinite(s)))
        {
            metrics[$"drift_score.{column.Column}"] = column.Score!.Value;
        }
        foreach (var (name, value) in labelled.Metrics.Where(m => m.Key != "n" && double.IsFinite(m.Value)))
        {
            metrics[name] = value;
        }
        var at = time.GetUtcNow();
        var runId = await RecordAsync(drift, metrics, at, cancellationToken);
        var check = new MonitorCheck(drift, labelled, metrics, runId, at);
        _latest[(drift.Model!, drift.Version!.Value)] = check;
        return check;
    }

    private async Task<string> RecordAsync(DriftReport drift, IReadOnlyDictionary<string, double> metrics, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var experiment = await tracking.GetOrCreateExperimentAsync(ExperimentName(drift.Model!), cancellationToken);
        var run = await tracking.CreateRunAsync(experiment.Id, string.Create(CultureInfo.InvariantCulture, $"drift-v{drift.Version}-{at:yyyyMMdd-HHmmss}"), cancellationToken: cancellationToken);
        try
        {
            await tracking.SetTagsAsync(run.RunId, new Dictionary<string, string>
            {
                ["relearn.model"] = drift.Model!,
                ["relearn.version"] = drift.Version!.Value.ToString(CultureInfo.InvariantCulture),
                ["relearn.window"] = drift.Window ?? "",
                ["relearn.verdict"] = drift.Verdict ?? (drift.DatasetDrift ? "dataset drift" : "no dataset drift"),
                // What the check covered, read as ML Test Score evidence (Quality/TestScore/TestScoreRules).
                ["relearn.monitor"] = metrics.TryGetValue("labelled", out var labelled) && labelled > 0 ? "drift,performance" : "drift",
                ["relearn.drift"] = drift.Share.ToString("R", CultureInfo.InvariantCulture),
            }, cancellationToken);
            await tracking.LogMetricsAsync(run.RunId, metrics.Select(m => new MetricPoint(m.Key, m.Value, 0, at)), cancellationToken);
            var json = await artifacts.PutTextAsync(JsonSerializer.Serialize(drift, DriftJson.Indented), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, DriftArtifact, json, cancellationToken);
            var html = await artifacts.PutTextAsync(DriftReportHtml.Render(drift,
                $"Drift: {drift.Model} version {drift.Version}, {drift.Window}, against its reference profile", drift.Performance), cancellationToken);
            await tracking.AddArtifactAsync(run.RunId, ReportArtifact, html, cancellationToken);
            await tracking.EndRunAsync(run.RunId, RunStatus.Finished, cancellationToken);
        }
        catch
        {
            await tracking.EndRunAsync(run.RunId, RunStatus.Failed, CancellationToken.None);
            throw;
        }
        return run.RunId;
    }
}
