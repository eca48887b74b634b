using Relearn.Core.Monitoring.Feedback;

namespace Relearn.Core.Monitoring;

/// <summary>
/// The predictions of one model version read so far, oldest first, and where reading stopped: each check fetches
/// only what was logged since (rows at the cursor's millisecond are fetched again and deduplicated by id, since
/// another replica may log into the same millisecond later). Bounded by <see cref="ModelMonitor.MaxWindowRows"/>.
/// </summary>
internal sealed class PredictionWindow
{
    private const int Page = 10_000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<StoredPrediction> _rows = [];
    private readonly HashSet<string> _atCursor = new(StringComparer.Ordinal);
    private DateTimeOffset? _loadedFrom;
    private DateTimeOffset _cursor;

    /// <summary>Predictions read from the store so far, over all checks (for tests and benchmarks of the incremental read).</summary>
    public long Fetched { get; private set; }

    public async Task<IReadOnlyList<StoredPrediction>> ReadAsync(IPredictionStore store, string model, int version, MonitorWindow window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (window.Last is { } last)
            {
                if (_loadedFrom is null || (_rows.Count < last && _loadedFrom != DateTimeOffset.MinValue))
                {
                    // Not enough read yet: start from the newest N and read forward from there on.
                    var limit = Math.Min(last, ModelMonitor.MaxWindowRows);
                    var latest = await store.ListLatestPredictionsAsync(model, version, limit, cancellationToken);
                    Reset(latest, latest.Count < limit ? DateTimeOffset.MinValue : null);
                }
                await ForwardAsync(store, model, version, cancellationToken);
                return _rows.Skip(Math.Max(0, _rows.Count - last)).ToList();
            }
            var from = now - window.Span!.Value;
            if (_loadedFrom is null || from < _loadedFrom)
            {
                Reset([], from);
            }
            await ForwardAsync(store, model, version, cancellationToken);
            return _rows.Where(r => r.At >= from).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Reset(IReadOnlyList<StoredPrediction> rows, DateTimeOffset? from)
    {
        _rows.Clear();
        _atCursor.Clear();
        _rows.AddRange(rows);
        Fetched += rows.Count;
        // MinValue: everything the store holds was read (fewer than asked for), so no later window needs a reload.
        _loadedFrom = from ?? rows[0].At;
        _cursor = rows.Count > 0 ? rows[^1].At : from == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : from!.Value;
        foreach (var row in rows.Where(r => r.At == _cursor))
        {
            _atCursor.Add(row.PredictionId);
        }
    }

    private async Task ForwardAsync(IPredictionStore store, string model, int version, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await store.ListPredictionsAsync(model, version, _cursor, Page, cancellationToken);
            Fetched += page.Count;
            var added = 0;
            foreach (var row in page)
            {
                if (row.At == _cursor && !_atCursor.Add(row.PredictionId))
                {
                    continue;
                }
                if (row.At > _cursor)
                {
                    _cursor = row.At;
                    _atCursor.Clear();
                    _atCursor.Add(row.PredictionId);
                }
                _rows.Add(row);
                added++;
            }
            if (_rows.Count > ModelMonitor.MaxWindowRows)
            {
                var drop = _rows.Count - ModelMonitor.MaxWindowRows;
                _rows.RemoveRange(0, drop);
                _loadedFrom = _rows[0].At;
            }
            if (page.Count < Page || added == 0)
            {
                return;
            }
        }
    }
}
