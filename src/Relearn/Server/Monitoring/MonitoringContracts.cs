using System.Text.Json.Serialization;

namespace Relearn.Server.Monitoring;

/// <summary>A model's monitoring: its recorded checks (newest first), the newest check's columns and performance over time.</summary>
internal sealed record MonitoringResponse(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("checks")] IReadOnlyList<MonitoringCheckSummary> Checks,
    [property: JsonPropertyName("columns")] IReadOnlyList<MonitoringColumn> Columns,
    [property: JsonPropertyName("reference_metrics")] IReadOnlyDictionary<string, double> ReferenceMetrics,
    [property: JsonPropertyName("performance")] IReadOnlyList<MonitoringPerformance> Performance,
    [property: JsonPropertyName("feedback_labels")] long FeedbackLabels);

/// <summary>One recorded check (a run of experiment <c>monitor-MODEL</c>).</summary>
internal sealed record MonitoringCheckSummary(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("window")] string Window,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("metrics"), JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] IReadOnlyDictionary<string, double> Metrics,
    [property: JsonPropertyName("report")] string Report);

/// <summary>One column of the newest check.</summary>
internal sealed record MonitoringColumn(
    [property: JsonPropertyName("column")] string Column,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("test")] string Test,
    [property: JsonPropertyName("statistic")] double? Statistic,
    [property: JsonPropertyName("p_value")] double? PValue,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("drift")] bool Drift);

/// <summary>The task's metrics on the labelled predictions of one day (or the reference at registration).</summary>
internal sealed record MonitoringPerformance(
    [property: JsonPropertyName("window")] string Window,
    [property: JsonPropertyName("labelled")] long Labelled,
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, double> Metrics);
