namespace Relearn.Core.Pipelines.Alerts;

/// <summary>A quality gate that failed: a metric on the wrong side of its threshold.</summary>
/// <param name="Model">Model (or pipeline) the metric belongs to.</param>
/// <param name="RunId">The run that measured it.</param>
/// <param name="Metric">Metric name, e.g. <c>auc</c>.</param>
/// <param name="Value">Measured value.</param>
/// <param name="Threshold">The value it had to reach.</param>
/// <param name="At">When the alert was raised.</param>
/// <param name="Direction">Which side of the threshold breached it: <c>below</c> (a floor, the default) or <c>above</c> (a ceiling).</param>
public sealed record QualityAlert(string Model, string RunId, string Metric, double Value, double Threshold, DateTimeOffset At, string Direction = "below")
{
    /// <summary>One line for logs and people.</summary>
    public string Message => FormattableString.Invariant($"{Model}: {Metric} {Value:0.####} is {Direction} the threshold {Threshold:0.####} (run {RunId}); not promoted");
}
