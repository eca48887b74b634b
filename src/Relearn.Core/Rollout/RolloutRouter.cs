using System.Collections.Concurrent;
using System.Text;

namespace Relearn.Core.Rollout;

/// <summary>
/// The serving side of rollouts: which version answers a request for a model's default alias while a rollout is live,
/// and the per-side request counters that replicas add to the store. The hot path reads one immutable snapshot (no
/// lock, no I/O); <see cref="RolloutController"/> replaces it every pass, so routing follows the stored state without a
/// restart.
/// </summary>
public sealed class RolloutRouter
{
    /// <summary>The request header whose value keeps a caller on one side of a canary (same key, same side).</summary>
    public const string KeyHeader = "X-Rollout-Key";

    private volatile IReadOnlyDictionary<string, RolloutState> _live = new Dictionary<string, RolloutState>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(long Id, bool Challenger), Counter> _counters = new();

    /// <summary>The live rollouts routed now, by model.</summary>
    public IReadOnlyDictionary<string, RolloutState> Live => _live;

    /// <summary>Replaces the live rollouts (the controller's pass).</summary>
    public void Update(IEnumerable<RolloutState> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        _live = live.ToDictionary(r => r.Model, StringComparer.Ordinal);
    }

    /// <summary>
    /// For a request of <paramref name="model"/>'s default alias: the version that answers (the challenger for a canary's
    /// share, deterministic per <paramref name="key"/> when given, else random; null for the champion) and the version that
    /// scores in the shadow (null when none).
    /// </summary>
    public (int? Answer, int? Shadow) Route(string model, string? key)
    {
        if (!_live.TryGetValue(model, out var rollout))
        {
            return (null, null);
        }
        if (rollout.Mode == RolloutStage.Shadow)
        {
            return (null, rollout.Challenger);
        }
        var draw = key is { Length: > 0 } ? Fraction(rollout.Id, key) : Random.Shared.NextDouble();
        return (draw < rollout.Share ? rollout.Challenger : null, null);
    }

    /// <summary>
    /// A stable draw in [0, 1) for a request key within one rollout: FNV-1a over the rollout id and the key's UTF-8
    /// bytes, then a SplitMix64 finalizer to spread short keys; the same on every replica and run (string.GetHashCode is not).
    /// </summary>
    public static double Fraction(long rolloutId, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = 14695981039346656037UL ^ (ulong)rolloutId;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9UL;
        hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebUL;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Counts one request of <paramref name="version"/> of <paramref name="model"/> when a live rollout compares that version.</summary>
    public void Record(string model, int version, double milliseconds, bool failed)
    {
        if (!_live.TryGetValue(model, out var rollout) || (version != rollout.Challenger && version != rollout.Champion))
        {
            return;
        }
        var counter = _counters.GetOrAdd((rollout.Id, version == rollout.Challenger), _ => new Counter());
        Interlocked.Increment(ref counter.Requests);
        if (failed)
        {
            Interlocked.Increment(ref counter.Errors);
        }
        Interlocked.Increment(ref counter.Buckets[SideStats.Bucket(milliseconds)]);
    }

    /// <summary>Takes the counts recorded since the last call, per rollout id (what the controller adds to the store).</summary>
    public IReadOnlyDictionary<long, RolloutStats> TakeCounts()
    {
        var taken = new Dictionary<long, RolloutStats>();
        foreach (var ((id, challenger), counter) in _counters)
        {
            var side = counter.Take();
            if (side.Requests == 0)
            {
                continue;
            }
            var stats = taken.TryGetValue(id, out var s) ? s : RolloutStats.Empty;
            taken[id] = challenger ? stats with { Challenger = stats.Challenger.Add(side) } : stats with { Champion = stats.Champion.Add(side) };
        }
        return taken;
    }

    /// <summary>Puts counts back that could not be stored, so the next pass adds them.</summary>
    public void Restore(long id, RolloutStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        foreach (var (challenger, side) in new[] { (false, stats.Champion), (true, stats.Challenger) })
        {
            var counter = _counters.GetOrAdd((id, challenger), _ => new Counter());
            Interlocked.Add(ref counter.Requests, side.Requests);
            Interlocked.Add(ref counter.Errors, side.Errors);
            for (var i = 0; i < side.Buckets.Count && i < counter.Buckets.Length; i++)
            {
                Interlocked.Add(ref counter.Buckets[i], side.Buckets[i]);
            }
        }
    }

    private sealed class Counter
    {
        public long Requests;
        public long Errors;
        public readonly long[] Buckets = new long[SideStats.BoundsMs.Count + 1];

        public SideStats Take()
        {
            var buckets = new long[Buckets.Length];
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] = Interlocked.Exchange(ref Buckets[i], 0);
            }
            return new SideStats(Interlocked.Exchange(ref Requests, 0), Interlocked.Exchange(ref Errors, 0), buckets);
        }
    }
}
