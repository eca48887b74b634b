namespace Relearn.Core.Rollout;

/// <summary>
/// A model's retraining policy, the <c>retrain:</c> block of its pipeline file: when to retrain (<see cref="Triggers"/>,
/// any one fires), how long to wait after a retraining (<see cref="Cooldown"/>), which stage gets the stored feedback
/// labels as an extra input, which params the retraining run overrides, and how the challenger is rolled out.
/// </summary>
/// <param name="Model">The model served and retrained (a template; default <c>${params.model}</c>).</param>
/// <param name="Triggers">When to retrain.</param>
/// <param name="Cooldown">Shortest time between two retrainings of the model.</param>
/// <param name="FeedbackStage">The stage whose inputs get the feedback labels as a new dataset version, or null for none.</param>
/// <param name="MaxFeedback">Most labels taken (newest first).</param>
/// <param name="Params">Param overrides of the retraining run (e.g. <c>alias: staging</c>).</param>
/// <param name="Rollout">How the challenger is tried.</param>
public sealed record RetrainPolicy(string Model, IReadOnlyList<RetrainTrigger> Triggers, TimeSpan Cooldown, string? FeedbackStage, int MaxFeedback,
    IReadOnlyDictionary<string, string> Params, RolloutPlan Rollout);

/// <summary>One retraining trigger.</summary>
/// <param name="Kind"><c>performance</c>, <c>labels</c>, <c>schedule</c> or <c>drift</c>.</param>
/// <param name="Metric">performance: the labelled metric.</param>
/// <param name="Margin">performance: how far below the production version's registered metric the live one may fall.</param>
/// <param name="Window">performance: the last N labels; drift: the last N predictions.</param>
/// <param name="Count">labels: this many new labels since the last retraining.</param>
/// <param name="Cron">schedule: a cron expression (UTC).</param>
/// <param name="Share">drift: share of drifted columns, in (0, 1].</param>
public sealed record RetrainTrigger(string Kind, string? Metric = null, double Margin = 0, int Window = 0, long Count = 0, string? Cron = null, double Share = 0)
{
    /// <summary>One line naming the trigger, for logs and the retraining claim.</summary>
    public string Describe() => Kind switch
    {
        "performance" => FormattableString.Invariant($"performance: {Metric} over the last {Window} labels below the reference by more than {Margin}"),
        "labels" => FormattableString.Invariant($"labels: {Count} new labels"),
        "schedule" => $"schedule: {Cron}",
        _ => FormattableString.Invariant($"drift: share of drifted columns over the last {Window} predictions at least {Share}"),
    };
}

/// <summary>How a retrained challenger is rolled out.</summary>
/// <param name="Mode"><c>canary</c> or <c>shadow</c>.</param>
/// <param name="Share">Canary share, in (0, 1].</param>
/// <param name="Settings">The gate.</param>
public sealed record RolloutPlan(string Mode, double Share, RolloutSettings Settings);
