using Relearn.Core.Rollout;

namespace Relearn.Core.Tests.Rollout;

public sealed class RolloutGateTests
{
    private static readonly RolloutSettings Gate = new(MinRequests: 100, MinLabels: 50, MinDuration: TimeSpan.FromSeconds(30), MaxDuration: TimeSpan.FromMinutes(10),
        ErrorRateMargin: 0.01, P99MarginMs: 20);

    private static SideEvidence Side(int version, long requests = 200, long errors = 0, double p99 = 10, long labels = 100, double accuracy = 0.8) =>
        new(version, requests, errors, requests == 0 ? 0 : (double)errors / requests, p99, labels, (long)(labels * accuracy), labels == 0 ? null : accuracy);

    [Fact]
    public void Judge_WithTooFewLabels_WaitsUntilTheDeadlineThenRollsBack_Issue10()
    {
        var early = new RolloutEvidence(Side(1), Side(2, labels: 49), 60);
        var late = early with { Elapsed = 601 };

        Assert.Null(RolloutGate.Judge(Gate, early));
        var verdict = RolloutGate.Judge(Gate, late)!;
        Assert.Equal("rollback", verdict.Decision);
        Assert.Contains("not enough evidence", verdict.Reason);
        Assert.Contains("49/50 labels", verdict.Reason);
    }

    [Fact]
    public void Judge_BeforeTheMinimumDuration_Waits_Issue10() =>
        Assert.Null(RolloutGate.Judge(Gate, new RolloutEvidence(Side(1), Side(2, accuracy: 0.9), 29)));

    [Fact]
    public void Judge_WhenTheChallengerIsAtLeastAsAccurate_Promotes_Issue10()
    {
        var verdict = RolloutGate.Judge(Gate, new RolloutEvidence(Side(1, accuracy: 0.8), Side(2, accuracy: 0.8, p99: 20), 60))!;

        Assert.Equal("promote", verdict.Decision);
        Assert.Contains("accuracy 0.8 vs champion's 0.8", verdict.Reason);
    }

    [Fact]
    public void Judge_WhenTheChallengerIsLessAccurate_RollsBackNamingBothScores_Issue10()
    {
        var verdict = RolloutGate.Judge(Gate, new RolloutEvidence(Side(1, accuracy: 0.8), Side(2, accuracy: 0.7), 60))!;

        Assert.Equal("rollback", verdict.Decision);
        Assert.Equal("accuracy", verdict.Criterion);
        Assert.Contains("accuracy 0.7 < champion's 0.8", verdict.Reason);
    }

    [Fact]
    public void Judge_WhenTheChallengerFailsMoreOrIsSlower_RollsBackEvenIfMoreAccurate_Issue10()
    {
        var failing = RolloutGate.Judge(Gate, new RolloutEvidence(Side(1), Side(2, errors: 5, accuracy: 0.95), 60))!;
        var slow = RolloutGate.Judge(Gate, new RolloutEvidence(Side(1, p99: 10), Side(2, p99: 50, accuracy: 0.95), 60))!;
        var withinMargin = RolloutGate.Judge(Gate, new RolloutEvidence(Side(1, p99: 10), Side(2, p99: 30, errors: 2, accuracy: 0.95), 60))!;

        Assert.Equal(("rollback", "error_rate"), (failing.Decision, failing.Criterion));
        Assert.Equal(("rollback", "p99_ms"), (slow.Decision, slow.Criterion));
        Assert.Equal("promote", withinMargin.Decision);
    }

    [Fact]
    public void SideStats_P99_IsTheBucketBoundHoldingThe99thPercentile_Issue10()
    {
        var buckets = new long[SideStats.BoundsMs.Count + 1];
        buckets[SideStats.Bucket(0.8)] = 98;
        buckets[SideStats.Bucket(40)] = 2;

        Assert.Equal(50, new SideStats(100, 0, buckets).P99Ms);
        buckets[SideStats.Bucket(0.8)] = 199;
        buckets[SideStats.Bucket(40)] = 1;
        Assert.Equal(1, new SideStats(200, 0, buckets).P99Ms);
        Assert.Null(SideStats.Empty.P99Ms);
        Assert.Equal(SideStats.OverflowMs, new SideStats(1, 0, [.. new long[SideStats.BoundsMs.Count], 1]).P99Ms);
    }

    [Fact]
    public void Fraction_IsStablePerKeyAndSplitsKeysByTheShare_Issue10()
    {
        var draws = Enumerable.Range(0, 10_000).Select(i => RolloutRouter.Fraction(7, $"user-{i}")).ToArray();

        Assert.Equal(RolloutRouter.Fraction(7, "user-1"), RolloutRouter.Fraction(7, "user-1"));
        Assert.All(draws, d => Assert.InRange(d, 0, 1 - double.Epsilon));
        // 10 000 keys at share 0.2: the binomial standard deviation is 40, so 5 of them is a wide, never-flaky band.
        Assert.InRange(draws.Count(d => d < 0.2), 1800, 2200);
    }
}
