namespace Relearn.Core.Monitoring.Reports;

/// <summary>The task's metrics on the labelled predictions of one time window.</summary>
/// <param name="Label">The window, as shown (e.g. a date or "reference").</param>
/// <param name="Labelled">Predictions in the window that have a label.</param>
/// <param name="Metrics">Metric name → value.</param>
public sealed record PerformanceWindow(string Label, long Labelled, IReadOnlyDictionary<string, double> Metrics);
