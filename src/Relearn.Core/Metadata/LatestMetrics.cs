using Relearn.Core.Tracking;

namespace Relearn.Core.Metadata;

/// <summary>
/// The latest value of each metric key among a batch being logged — highest step, then newest timestamp, then the
/// last one given (MLflow's rule) — so the <c>latest_metrics</c> table gets one upsert per key, not one per value.
/// </summary>
public sealed class LatestMetrics
{
    /// <summary>
    /// Upsert of one run's key that keeps the stored row when it is later than the new one (<c>@r @k @v @s @t</c>;
    /// the same text runs on SQLite and PostgreSQL).
    /// </summary>
    public const string UpsertSql = """
        INSERT INTO latest_metrics (run_id, key, value, step, timestamp) VALUES (@r, @k, @v, @s, @t)
        ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, step = excluded.step, timestamp = excluded.timestamp
        WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.timestamp >= latest_metrics.timestamp)
        """;

    private readonly Dictionary<string, MetricPoint> _latest = new(StringComparer.Ordinal);

    /// <summary>The latest point per key so far.</summary>
    public IEnumerable<MetricPoint> Points => _latest.Values;

    /// <summary>Keeps <paramref name="point"/> when it is at least as late as the one held for its key.</summary>
    public void Offer(MetricPoint point)
    {
        if (!_latest.TryGetValue(point.Key, out var held)
            || point.Step > held.Step || (point.Step == held.Step && point.Timestamp >= held.Timestamp))
        {
            _latest[point.Key] = point;
        }
    }
}
