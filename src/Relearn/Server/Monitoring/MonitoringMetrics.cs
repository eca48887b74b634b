using Prometheus;
using Relearn.Core.Monitoring;
using Relearn.Core.Monitoring.Feedback;

namespace Relearn.Server.Monitoring;

/// <summary>
/// Monitoring gauges on <c>/metrics</c>, per model and version, from the newest check (<see cref="ModelMonitor.LatestChecks"/>)
/// and, for the label count, from the store (so every replica reports every replica's labels). Refreshed before each scrape.
/// The names are what docs/monitoring/grafana-dashboard.json and prometheus-alerts.yml use.
/// </summary>
internal sealed class MonitoringMetrics
{
    public MonitoringMetrics(ServingMetrics serving, ModelMonitor monitor, IPredictionStore store)
    {
        var factory = Metrics.WithCustomRegistry(serving.Registry);
        var driftShare = factory.CreateGauge("relearn_monitor_drift_share", "Share of columns that drifted in the newest check, by model and version.", ModelVersion);
        var datasetDrift = factory.CreateGauge("relearn_monitor_dataset_drift", "1 when the newest check found dataset drift (share ≥ 0.5), else 0.", ModelVersion);
        var notEnough = factory.CreateGauge("relearn_monitor_not_enough_data", "1 when the newest check's window had too few predictions to test.", ModelVersion);
        var columnScore = factory.CreateGauge("relearn_monitor_column_drift_score", "Drift score per column in the newest check: the p-value where the test has one, else the distance.",
            new GaugeConfiguration { LabelNames = ["model", "version", "column", "test"] });
        var columnDrift = factory.CreateGauge("relearn_monitor_column_drift", "1 when the column drifted in the newest check.",
            new GaugeConfiguration { LabelNames = ["model", "version", "column"] });
        var accuracy = factory.CreateGauge("relearn_monitor_labelled_accuracy", "Accuracy on the newest labelled predictions, by model and version.", ModelVersion);
        var labelled = factory.CreateGauge("relearn_monitor_labelled_predictions", "Labelled predictions the labelled metrics were computed on.", ModelVersion);
        var windowRows = factory.CreateGauge("relearn_monitor_window_predictions", "Predictions in the newest check's window.", ModelVersion);
        var checkedAt = factory.CreateGauge("relearn_monitor_last_check_timestamp_seconds", "When the newest check ran (Unix seconds).", ModelVersion);
        var feedback = factory.CreateGauge("relearn_monitor_feedback_labels", "Feedback labels stored for the model, from every replica.",
            new GaugeConfiguration { LabelNames = ["model"] });

        serving.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            foreach (var check in monitor.LatestChecks)
            {
                var model = check.Drift.Model!;
                var version = check.Drift.Version!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                driftShare.WithLabels(model, version).Set(check.Drift.Share);
                datasetDrift.WithLabels(model, version).Set(check.Drift.DatasetDrift ? 1 : 0);
                notEnough.WithLabels(model, version).Set(check.Drift.Verdict is null ? 0 : 1);
                windowRows.WithLabels(model, version).Set(check.Drift.CurrentRows);
                labelled.WithLabels(model, version).Set(check.Labelled.Labelled);
                checkedAt.WithLabels(model, version).Set(check.At.ToUnixTimeMilliseconds() / 1000.0);
                if (check.Labelled.Metrics.TryGetValue("accuracy", out var value))
                {
                    accuracy.WithLabels(model, version).Set(value);
                }
                foreach (var column in check.Drift.Columns)
                {
                    if (column.Score is { } score)
                    {
                        columnScore.WithLabels(model, version, column.Column, column.Test).Set(score);
                    }
                    columnDrift.WithLabels(model, version, column.Column).Set(column.Drift ? 1 : 0);
                }
            }
            foreach (var model in monitor.LatestChecks.Select(c => c.Drift.Model!).Distinct(StringComparer.Ordinal))
            {
                try
                {
                    feedback.WithLabels(model).Set(await monitor.FeedbackCountAsync(model, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A scrape still answers with the other metrics when the store is briefly unreachable.
                    _ = e;
                }
            }
        });
    }

    private static readonly GaugeConfiguration ModelVersion = new() { LabelNames = ["model", "version"] };
}
