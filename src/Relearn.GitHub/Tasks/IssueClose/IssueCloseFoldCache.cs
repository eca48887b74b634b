using System.Collections.Concurrent;
using System.Globalization;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>
/// Featurized validation folds by the content hash of what they are cut from (the examples' digest, the test share, the
/// fold count and the seed). A study featurizes once and every trial — in this process or on a worker — reuses the
/// matrix; a later study on the same examples does not featurize at all. The newest few entries are kept.
/// </summary>
public sealed class IssueCloseFoldCache
{
    private const int Kept = 2;
    private readonly ConcurrentDictionary<string, Lazy<Task<IssueCloseFolds>>> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Featurizations actually run (not answered from the cache).</summary>
    public int Featurizations => _featurizations;

    private int _featurizations;

    /// <summary>The cache key: content digest of the examples and how the folds are cut.</summary>
    public static string Key(string examplesDigest, double testFraction, int folds, int seed) =>
        string.Create(CultureInfo.InvariantCulture, $"{examplesDigest}/{testFraction:R}/{folds}/{seed}");

    /// <summary>The folds for <paramref name="key"/>, featurizing them from <paramref name="examples"/> once.</summary>
    public async Task<IssueCloseFolds> GetAsync(string key, Func<Task<IReadOnlyList<IssueCloseExample>>> examples, double testFraction, int folds, int seed,
        CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(key, k =>
        {
            _order.Enqueue(k);
            return new Lazy<Task<IssueCloseFolds>>(() => Task.Run(async () =>
            {
                var (train, _) = TimeOrderedSplit.Split(await examples(), testFraction);
                Interlocked.Increment(ref _featurizations);
                return IssueCloseFolds.Featurize(train, folds, seed);
            }));
        });
        while (_order.Count > Kept && _order.TryDequeue(out var old))
        {
            _entries.TryRemove(old, out _);
        }
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Do not keep a failure (an unreachable artifact store): the next trial tries again.
            _entries.TryRemove(new KeyValuePair<string, Lazy<Task<IssueCloseFolds>>>(key, entry));
            throw;
        }
    }
}
