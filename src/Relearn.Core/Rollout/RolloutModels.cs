using System.Text.Json.Serialization;

namespace Relearn.Core.Rollout;

/// <summary>The stages of a rollout; each live stage is also the alias that points at the challenger.</summary>
public static class RolloutStage
{
    /// <summary>The challenger is registered and held by the <c>staging</c> alias; no traffic yet.</summary>
    public const string Staging = "staging";

    /// <summary>The challenger answers a share of the traffic (alias <c>canary</c>).</summary>
    public const string Canary = "canary";

    /// <summary>The challenger scores every request beside the champion, which answers (alias <c>shadow</c>).</summary>
    public const string Shadow = "shadow";

    /// <summary>Promoted: <c>production</c> points at the challenger.</summary>
    public const string Production = "production";

    /// <summary>Rolled back: the challenger's aliases were removed; production untouched.</summary>
    public const string RolledBack = "rolled_back";
}

/// <summary>How a rollout is judged: how much evidence it needs and how much worse the challenger may be.</summary>
/// <param name="MinRequests">Requests the challenger must answer (or shadow-score) before a decision.</param>
/// <param name="MinLabels">Labelled predictions each side needs before a decision.</param>
/// <param name="MinDuration">Shortest time before a decision.</param>
/// <param name="MaxDuration">Longest a rollout waits for evidence; past it without enough, it is rolled back.</param>
/// <param name="Metric">The labelled metric compared (<c>accuracy</c>).</param>
/// <param name="MetricMargin">How far the challenger's metric may fall below the champion's (0: at least as good).</param>
/// <param name="ErrorRateMargin">How much higher the challenger's error rate may be.</param>
/// <param name="P99MarginMs">How much slower (ms) the challenger's p99 latency may be.</param>
/// <param name="AlertWebhook">Where a rollback is POSTed as an alert, or null.</param>
public sealed record RolloutSettings(
    long MinRequests = 100,
    long MinLabels = 50,
    TimeSpan? MinDuration = null,
    TimeSpan? MaxDuration = null,
    string Metric = "accuracy",
    double MetricMargin = 0,
    double ErrorRateMargin = 0.01,
    double P99MarginMs = 50,
    string? AlertWebhook = null)
{
    /// <summary>The labelled metrics a gate knows.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["accuracy"];

    /// <summary>The effective longest wait (one hour when not set).</summary>
    [JsonIgnore]
    public TimeSpan Deadline => MaxDuration ?? TimeSpan.FromHours(1);
}

/// <summary>A rollout as stored: who challenges whom, how traffic is split, what the sides did so far, and how it ended.</summary>
/// <param name="Id">Store id.</param>
/// <param name="Model">Model name.</param>
/// <param name="Champion">The production version when it started (null when there was none).</param>
/// <param name="Challenger">The version tried.</param>
/// <param name="Mode"><c>canary</c> or <c>shadow</c>.</param>
/// <param name="Share">Canary: share of the requests the challenger answers, in (0, 1].</param>
/// <param name="Stage">One of <see cref="RolloutStage"/>.</param>
/// <param name="Settings">The gate.</param>
/// <param name="Stats">Request counters of both sides, summed over every replica.</param>
/// <param name="Evidence">What the decision saw, once decided.</param>
/// <param name="Decision"><c>promote</c> or <c>rollback</c>, once decided.</param>
/// <param name="Reason">Why, in one line.</param>
/// <param name="Actor">Who started it.</param>
/// <param name="StartedAt">When traffic started.</param>
/// <param name="DecidedAt">When it ended.</param>
public sealed record RolloutState(
    long Id,
    string Model,
    int? Champion,
    int Challenger,
    string Mode,
    double Share,
    string Stage,
    RolloutSettings Settings,
    RolloutStats Stats,
    RolloutEvidence? Evidence,
    string? Decision,
    string? Reason,
    string Actor,
    DateTimeOffset StartedAt,
    DateTimeOffset? DecidedAt)
{
    /// <summary>Whether the rollout still routes traffic.</summary>
    public bool IsLive => DecidedAt is null;
}

/// <summary>Both sides' request counters.</summary>
/// <param name="Champion">The champion's side.</param>
/// <param name="Challenger">The challenger's side.</param>
public sealed record RolloutStats(SideStats Champion, SideStats Challenger)
{
    /// <summary>No requests yet.</summary>
    public static RolloutStats Empty => new(SideStats.Empty, SideStats.Empty);

    /// <summary>The sum of two counters (what replicas add).</summary>
    public RolloutStats Add(RolloutStats other) => new(Champion.Add(other.Champion), Challenger.Add(other.Challenger));
}

/// <summary>
/// One side's requests, failures and a latency histogram over fixed bounds (<see cref="BoundsMs"/>): histograms of
/// replicas add up, so p99 over every replica is read from their sum, as Prometheus does with its buckets.
/// </summary>
/// <param name="Requests">Requests scored.</param>
/// <param name="Errors">Requests that failed on the server's side (5xx).</param>
/// <param name="Buckets">Count per latency bucket; the last is everything above the last bound.</param>
public sealed record SideStats(long Requests, long Errors, IReadOnlyList<long> Buckets)
{
    /// <summary>Upper bounds of the latency buckets, in milliseconds.</summary>
    public static readonly IReadOnlyList<double> BoundsMs = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

    /// <summary>What a latency past the last bound counts as (a minute).</summary>
    public const double OverflowMs = 60_000;

    /// <summary>No requests.</summary>
    public static SideStats Empty => new(0, 0, new long[BoundsMs.Count + 1]);

    /// <summary>Failed share of the requests (0 with none).</summary>
    [JsonIgnore]
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    /// <summary>
    /// The 99th percentile latency: the upper bound of the bucket it falls in (null without requests); past the last
    /// bound it reads as <see cref="OverflowMs"/>.
    /// </summary>
    [JsonIgnore]
    public double? P99Ms
    {
        get
        {
            var total = Buckets.Sum();
            if (total == 0)
            {
                return null;
            }
            var rank = (long)Math.Ceiling(total * 0.99);
            long seen = 0;
            for (var i = 0; i < Buckets.Count; i++)
            {
                seen += Buckets[i];
                if (seen >= rank)
                {
                    return i < BoundsMs.Count ? BoundsMs[i] : OverflowMs;
                }
            }
            return OverflowMs;
        }
    }

    /// <summary>The bucket a latency falls in.</summary>
    public static int Bucket(double ms)
    {
        for (var i = 0; i < BoundsMs.Count; i++)
        {
            if (ms <= BoundsMs[i])
            {
                return i;
            }
        }
        return BoundsMs.Count;
    }

    /// <summary>The sum of two counters.</summary>
    public SideStats Add(SideStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var buckets = new long[BoundsMs.Count + 1];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = (i < Buckets.Count ? Buckets[i] : 0) + (i < other.Buckets.Count ? other.Buckets[i] : 0);
        }
        return new SideStats(Requests + other.Requests, Errors + other.Errors, buckets);
    }
}

/// <summary>What one side did during the rollout: its requests and latency, and its labelled predictions.</summary>
/// <param name="Version">The version.</param>
/// <param name="Requests">Requests scored.</param>
/// <param name="Errors">Server-side failures.</param>
/// <param name="ErrorRate">Errors per request.</param>
/// <param name="P99Ms">99th percentile latency (bucket bound), or null.</param>
/// <param name="Labels">Predictions with a label.</param>
/// <param name="Correct">Of those, how many the label agrees with.</param>
/// <param name="Accuracy">Correct per label, or null without labels.</param>
public sealed record SideEvidence(int? Version, long Requests, long Errors, double ErrorRate, double? P99Ms, long Labels, long Correct, double? Accuracy);

/// <summary>Both sides over the same period.</summary>
/// <param name="Champion">The champion.</param>
/// <param name="Challenger">The challenger.</param>
/// <param name="Elapsed">Seconds since the rollout started.</param>
public sealed record RolloutEvidence(SideEvidence Champion, SideEvidence Challenger, double Elapsed)
{
    /// <summary>One line for the audit log: counts and metrics of both sides.</summary>
    public string Summary => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"challenger v{Challenger.Version}: {Challenger.Requests} requests, {Challenger.Labels} labels, accuracy {Fmt(Challenger.Accuracy)}, error rate {Challenger.ErrorRate:0.####}, p99 {Fmt(Challenger.P99Ms)} ms; champion v{Champion.Version}: {Champion.Requests} requests, {Champion.Labels} labels, accuracy {Fmt(Champion.Accuracy)}, error rate {Champion.ErrorRate:0.####}, p99 {Fmt(Champion.P99Ms)} ms");

    private static string Fmt(double? value) => value is { } v ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}

/// <summary>A labelled prediction of one side: the version that made it and whether the label agrees.</summary>
/// <param name="Version">The version.</param>
/// <param name="Correct">Whether the predicted class equals the label.</param>
public readonly record struct LabelledOutcome(int Version, bool Correct);

/// <summary>What <c>relearn models rollout status</c> and <c>GET /api/v1/models/{name}/rollout</c> show.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Aliases">Where its aliases point now (<c>production</c>, <c>staging</c>, <c>canary</c>/<c>shadow</c>).</param>
/// <param name="Live">The live rollout, or null.</param>
/// <param name="Evidence">The live rollout's evidence so far.</param>
/// <param name="History">Decided rollouts, newest first, each with the evidence it was decided on.</param>
public sealed record RolloutStatus(string Model, IReadOnlyDictionary<string, int> Aliases, RolloutState? Live, RolloutEvidence? Evidence, IReadOnlyList<RolloutState> History);
