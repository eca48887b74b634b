using System.Globalization;

namespace Relearn.Core.Rollout;

/// <summary>
/// The gate of a rollout, judged on live evidence of both sides over the same period: wait until there are enough
/// requests, labels and time; then promote when the challenger's labelled metric is at least the champion's (less the
/// metric margin) and its error rate and p99 latency are no worse than the champion's by more than their margins;
/// otherwise roll back. A rollout that cannot gather enough evidence by its deadline is rolled back.
/// </summary>
public static class RolloutGate
{
    /// <summary>The decision for <paramref name="evidence"/>, or null to keep collecting.</summary>
    public static RolloutVerdict? Judge(RolloutSettings settings, RolloutEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(evidence);
        var (champion, challenger) = (evidence.Champion, evidence.Challenger);
        var elapsed = TimeSpan.FromSeconds(evidence.Elapsed);
        var enough = elapsed >= (settings.MinDuration ?? TimeSpan.Zero)
            && challenger.Requests >= settings.MinRequests
            && challenger.Labels >= settings.MinLabels
            && (champion.Version is null || champion.Labels >= settings.MinLabels);
        if (!enough)
        {
            return elapsed < settings.Deadline ? null
                : Rollback("evidence", challenger.Labels, settings.MinLabels, Invariant(
                    $"not enough evidence within {settings.Deadline}: challenger {challenger.Requests}/{settings.MinRequests} requests, {challenger.Labels}/{settings.MinLabels} labels, champion {champion.Labels}/{settings.MinLabels} labels"));
        }
        if (challenger.ErrorRate > champion.ErrorRate + settings.ErrorRateMargin)
        {
            return Rollback("error_rate", challenger.ErrorRate, champion.ErrorRate + settings.ErrorRateMargin, Invariant(
                $"error rate {challenger.ErrorRate:0.####} > champion's {champion.ErrorRate:0.####} + margin {settings.ErrorRateMargin:0.####}"));
        }
        if (challenger.P99Ms is { } p99 && champion.P99Ms is { } championP99 && p99 > championP99 + settings.P99MarginMs)
        {
            return Rollback("p99_ms", p99, championP99 + settings.P99MarginMs, Invariant(
                $"p99 latency {p99:0.###} ms > champion's {championP99:0.###} ms + margin {settings.P99MarginMs:0.###} ms"));
        }
        var metric = settings.Metric;
        if (challenger.Accuracy is not { } mine)
        {
            return Rollback(metric, 0, 0, $"the challenger has no labelled {metric}");
        }
        if (champion.Accuracy is { } theirs && mine < theirs - settings.MetricMargin)
        {
            return Rollback(metric, mine, theirs - settings.MetricMargin, Invariant(
                $"{metric} {mine:0.####} < champion's {theirs:0.####}{(settings.MetricMargin > 0 ? Invariant($" - margin {settings.MetricMargin:0.####}") : "")} on the same traffic"));
        }
        return new RolloutVerdict("promote", Invariant(
            $"gate passed: {metric} {mine:0.####} vs champion's {champion.Accuracy?.ToString("0.####", CultureInfo.InvariantCulture) ?? "n/a"}, error rate and p99 within their margins"),
            metric, mine, champion.Accuracy ?? 0);
    }

    private static RolloutVerdict Rollback(string criterion, double value, double threshold, string reason) =>
        new("rollback", "gate failed: " + reason, criterion, value, threshold);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}

/// <summary>What the gate decided and on which criterion.</summary>
/// <param name="Decision"><c>promote</c> or <c>rollback</c>.</param>
/// <param name="Reason">One line.</param>
/// <param name="Criterion">The criterion that decided (<c>accuracy</c>, <c>error_rate</c>, <c>p99_ms</c>, <c>evidence</c>).</param>
/// <param name="Value">The challenger's value of it.</param>
/// <param name="Threshold">What it had to reach.</param>
public sealed record RolloutVerdict(string Decision, string Reason, string Criterion, double Value, double Threshold);
