using System.Collections.Concurrent;
using System.Globalization;
using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Monitoring.Profiles;
using Relearn.Core.Monitoring.Reports;
using Relearn.Core.Registry;
using Relearn.Core.Serving;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Core.Monitoring;

/// <summary>
/// Watches registered models: drift of a window of the prediction log (or a file) against the version's reference
/// profile, and the task's metrics on labelled predictions. The surface the CLI, the <c>monitor</c> pipeline step,
/// <c>/metrics</c>, the monitoring page and retraining triggers (issue 10) share:
/// <list type="bullet">
/// <item><see cref="DriftAsync"/> — "drift share over a window": <see cref="DriftReport.Share"/>, <see cref="DriftReport.DatasetDrift"/>, per-column results, or the verdict "not enough data".</item>
/// <item><see cref="LabelledPerformanceAsync"/> — "labelled accuracy over the last N labels".</item>
/// <item><see cref="PerformanceOverTimeAsync"/> — the same metrics per time bucket, next to the reference metrics.</item>
/// </list>
/// The log is read forward from where the last check of the same model and version stopped (a cursor kept per
/// model and version), so repeated checks read only new predictions.
/// </summary>
public sealed partial class ModelMonitor(IPredictionStore store, ModelRegistry registry, ReferenceProfiles profiles, PredictionLog log, ITrackingStore tracking,
    IArtifactStore artifacts, TimeProvider time)
{
    /// <summary>Fewest current values per column for a drift test; fewer gives the verdict "not enough data".</summary>
    public const int DefaultMinimumRows = 30;

    /// <summary>Most predictions a window holds; older ones drop out first.</summary>
    public const int MaxWindowRows = 200_000;

    /// <summary>
    /// How long after making a prediction a replica may still be storing it: each check reads again the predictions made
    /// this long before the newest one it has read, so one that another replica stored late is still counted.
    /// </summary>
    public static readonly TimeSpan LateArrival = TimeSpan.FromSeconds(10);

    /// <summary>Most labelled predictions read for performance.</summary>
    public const int MaxLabels = 100_000;

    private readonly ConcurrentDictionary<(string Model, int Version), PredictionWindow> _windows = new();

    /// <summary>
    /// Drift of <paramref name="window"/> of <paramref name="model"/>'s predictions (or a file) against the reference
    /// profile of the version it names (<c>name</c>, <c>name@alias</c>, <c>name:version</c>). Too few rows is not an
    /// error: the report's <see cref="DriftReport.Verdict"/> is "not enough data". Input columns the current data has
    /// and the reference lacks are invalid input, named in one line.
    /// </summary>
    public async Task<DriftReport> DriftAsync(ModelReference model, MonitorWindow window, DriftOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(window);
        var version = await registry.ResolveAsync(model, cancellationToken);
        var profile = await profiles.GetAsync(version, cancellationToken);
        options ??= new DriftOptions { MinimumRows = DefaultMinimumRows };
        DriftReport report;
        if (window.CurrentFile is { } file)
        {
            report = await Task.Run(() => CurrentRows.CompareFile(profile, file, options, cancellationToken), cancellationToken);
        }
        else
        {
            var predictions = await PredictionsAsync(version.Name, version.Version, window, cancellationToken);
            report = CurrentRows.Compare(profile, predictions.Select(p => ProfileRows.Row(p.InputJson, p.OutputJson)).ToList(), options);
        }
        var performance = await PerformanceOverTimeAsync(version.Name, version.Version, TimeSpan.FromDays(1), cancellationToken);
        return report with
        {
            Model = version.Name,
            Version = version.Version,
            Window = window.ToString(),
            ReferenceMetrics = profile.Metrics,
            Performance = performance.Count == 0 ? null : [new PerformanceWindow("reference", 0, profile.Metrics), .. performance],
        };
    }

    /// <summary>
    /// The task's metrics (<c>accuracy</c>, <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>auc</c>, <c>n</c>) on the
    /// newest <paramref name="lastLabels"/> labelled predictions of <paramref name="model"/> (of <paramref name="version"/>
    /// when given). <see cref="PerformanceWindow.Labelled"/> is 0 and the metrics empty when no label has arrived.
    /// </summary>
    public async Task<PerformanceWindow> LabelledPerformanceAsync(string model, int? version, int lastLabels, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lastLabels);
        var labelled = await LabelledAsync(model, version, lastLabels, cancellationToken);
        return new PerformanceWindow(string.Create(CultureInfo.InvariantCulture, $"last {lastLabels} labels"), labelled.Count, LabelledMetrics.Compute(labelled));
    }

    /// <summary>
    /// The task's metrics per <paramref name="bucket"/> of prediction time (UTC, aligned to the bucket), oldest first,
    /// over the newest <see cref="MaxLabels"/> labelled predictions; empty when no label has arrived.
    /// </summary>
    public async Task<IReadOnlyList<PerformanceWindow>> PerformanceOverTimeAsync(string model, int? version, TimeSpan bucket, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        var labelled = await LabelledAsync(model, version, MaxLabels, cancellationToken);
        return labelled
            .GroupBy(l => l.Prediction.At.UtcTicks / bucket.Ticks)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var start = new DateTimeOffset(g.Key * bucket.Ticks, TimeSpan.Zero);
                var label = bucket >= TimeSpan.FromDays(1) ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                var items = g.ToList();
                return new PerformanceWindow(label, items.Count, LabelledMetrics.Compute(items));
            })
            .ToList();
    }

    /// <summary>Predictions of <paramref name="model"/> version <paramref name="version"/> this monitor has read from the store so far (shows the log is read forward, not again per check).</summary>
    public long PredictionsRead(string model, int version) => _windows.TryGetValue((model, version), out var window) ? window.Fetched : 0;

    /// <summary>Labels received for <paramref name="model"/> (all outcomes).</summary>
    public async Task<long> FeedbackCountAsync(string model, CancellationToken cancellationToken = default) =>
        (await store.CountFeedbackAsync(model, cancellationToken)).Values.Sum();

    private async Task<IReadOnlyList<LabelledPrediction>> LabelledAsync(string model, int? version, int limit, CancellationToken cancellationToken)
    {
        var labelled = await store.ListLabelledAsync(model, version is null ? limit : MaxLabels, cancellationToken);
        return version is { } v ? labelled.Where(l => l.Prediction.Version == v).Take(limit).ToList() : labelled;
    }

    private async Task<IReadOnlyList<StoredPrediction>> PredictionsAsync(string model, int version, MonitorWindow window, CancellationToken cancellationToken)
    {
        // Predictions still queued in this process's log count too.
        await log.FlushAsync(cancellationToken);
        var cache = _windows.GetOrAdd((model, version), _ => new PredictionWindow());
        return await cache.ReadAsync(store, model, version, window, time.GetUtcNow(), cancellationToken);
    }
}
