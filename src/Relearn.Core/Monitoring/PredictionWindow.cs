using Relearn.Core.Monitoring.Feedback;

namespace Relearn.Core.Monitoring;

/// <summary>
/// The predictions of one model version read so far, oldest first, and where reading stopped: each check fetches
/// only what was logged since, plus the last <see cref="ModelMonitor.LateArrival"/> before the newest prediction read,
/// deduplicated by id: every replica's writer stores its predictions a little after making them, so a prediction one
/// replica made before the newest one read may reach the store after the read. Bounded by <see cref="ModelMonitor.MaxWindowRows"/>.
/// </summary>
internal sealed class PredictionWindow
{
    private const int Page = 10_000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<StoredPrediction> _rows = [];
    private readonly Dictionary<string, DateTimeOffset> _recent = new(StringComparer.Ordinal);
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
        _recent.Clear();
        _rows.AddRange(rows);
        Fetched += rows.Count;
        // MinValue: everything the store holds was read (fewer than asked for), so no later window needs a reload.
        _loadedFrom = from ?? rows[0].At;
        _cursor = rows.Count > 0 ? rows[^1].At : from == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : from!.Value;
        foreach (var row in rows.Where(r => r.At >= _cursor - ModelMonitor.LateArrival))
        {
            _recent[row.PredictionId] = row.At;
        }
    }

    private async Task ForwardAsync(IPredictionStore store, string model, int version, CancellationToken cancellationToken)
    {
        var from = _cursor - ModelMonitor.LateArrival;
        while (true)
        {
            var page = await store.ListPredictionsAsync(model, version, from, Page, cancellationToken);
            Fetched += page.Count;
            foreach (var row in page.Where(r => _recent.TryAdd(r.PredictionId, r.At)))
            {
                _rows.Add(row);
                if (row.At > _cursor)
                {
                    _cursor = row.At;
                }
            }
            if (_rows.Count > ModelMonitor.MaxWindowRows)
            {
                var drop = _rows.Count - ModelMonitor.MaxWindowRows;
                _rows.RemoveRange(0, drop);
                _loadedFrom = _rows[0].At;
            }
            // The next page starts at this one's last millisecond (its rows come again and are skipped by id).
            if (page.Count < Page || page[^1].At == from)
            {
                break;
            }
            from = page[^1].At;
        }
        // Ids older than the margin can no longer come again.
        var forget = _cursor - ModelMonitor.LateArrival;
        foreach (var (id, _) in _recent.Where(r => r.Value < forget).ToList())
        {
            _recent.Remove(id);
        }
    }
}
