using System.Globalization;
using Relearn.Core.Rollout;

namespace Relearn.Core.Pipelines.Definition;

public static partial class PipelineYaml
{
    /// <summary>The trigger kinds a <c>retrain:</c> block knows.</summary>
    public static readonly IReadOnlyList<string> TriggerKinds = ["performance", "labels", "schedule", "drift"];

    /// <summary>
    /// The <c>retrain:</c> block as a policy, every value checked: an unknown metric, a share outside (0, 1], a trigger
    /// without its window, count or cron is one line naming the key (<c>retrain.triggers[0].window</c>).
    /// </summary>
    private static RetrainPolicy? ToRetrain(RetrainFile? file, string source)
    {
        if (file is null)
        {
            return null;
        }
        string Key(string key) => $"{source}: retrain.{key}";
        if (file.Triggers is not { Count: > 0 })
        {
            throw RelearnException.Invalid($"{Key("triggers")}: give at least one trigger ({string.Join(", ", TriggerKinds)})");
        }
        var triggers = file.Triggers.Select((t, i) => ToTrigger(t, $"{source}: retrain.triggers[{i}]")).ToArray();
        var rollout = file.Rollout ?? new RolloutFile();
        var plan = RolloutPlanText.Parse(new Dictionary<string, string?>
        {
            ["mode"] = rollout.Mode, ["share"] = rollout.Share, ["min_requests"] = rollout.MinRequests, ["min_labels"] = rollout.MinLabels,
            ["min_duration"] = rollout.MinDuration, ["max_duration"] = rollout.MaxDuration, ["metric"] = rollout.Metric,
            ["metric_margin"] = rollout.MetricMargin, ["error_rate_margin"] = rollout.ErrorRateMargin, ["p99_margin_ms"] = rollout.P99MarginMs,
            ["alert_webhook"] = rollout.AlertWebhook,
        }, $"{source}: retrain.rollout.");
        return new RetrainPolicy(file.Model ?? "${params.model}", triggers, Duration("retrain", "cooldown", file.Cooldown) ?? TimeSpan.FromHours(1),
            string.IsNullOrWhiteSpace(file.FeedbackStage) ? null : file.FeedbackStage, (int)Number(file.MaxFeedback, Key("max_feedback"), 10_000, whole: true),
            file.Params ?? [], plan);
    }

    private static RetrainTrigger ToTrigger(TriggerFile t, string key)
    {
        var kind = t.Kind ?? throw RelearnException.Invalid($"{key}.kind: required ({string.Join(", ", TriggerKinds)})");
        switch (kind)
        {
            case "performance":
                return new RetrainTrigger(kind,
                    Metric: RolloutPolicyValidation.RequireMetric(t.Metric ?? "accuracy", $"{key}.metric"),
                    Margin: Number(t.Margin, $"{key}.margin", 0.05),
                    Window: (int)Required(t.Window, $"{key}.window", "the number of latest labels the metric is computed over"));
            case "labels":
                return new RetrainTrigger(kind, Count: (long)Required(t.Count, $"{key}.count", "how many new labels trigger a retraining"));
            case "schedule":
                var cron = t.Cron ?? throw RelearnException.Invalid($"{key}.cron: required for a schedule trigger");
                _ = PipelineValidator.ParseCron(cron, $"{key}.cron: bad cron expression");
                return new RetrainTrigger(kind, Cron: cron);
            case "drift":
                return new RetrainTrigger(kind,
                    Share: RolloutPolicyValidation.RequireShare(Number(t.Share, $"{key}.share", 0.5), $"{key}.share"),
                    Window: (int)Required(t.Window, $"{key}.window", "the number of latest predictions compared with the reference"));
            default:
                throw RelearnException.Invalid($"{key}.kind: unknown trigger '{kind}' (known: {string.Join(", ", TriggerKinds)})");
        }
    }

    private static double Required(string? value, string key, string what) =>
        value is null ? throw RelearnException.Invalid($"{key}: required: {what}") : Number(value, key, 0, whole: true, positive: true);

    private static double Number(string? value, string key, double fallback, bool whole = false, bool positive = false) =>
        RolloutPlanText.Number(value, key, fallback, whole, positive);

    // The retrain block's shape, as YamlDotNet fills it; numbers as text, so a bad one is reported with its key.
    private sealed class RetrainFile
    {
        public string? Model { get; set; }
        public List<TriggerFile>? Triggers { get; set; }
        public string? Cooldown { get; set; }
        public string? FeedbackStage { get; set; }
        public string? MaxFeedback { get; set; }
        public Dictionary<string, string>? Params { get; set; }
        public RolloutFile? Rollout { get; set; }
    }

    private sealed class TriggerFile
    {
        public string? Kind { get; set; }
        public string? Metric { get; set; }
        public string? Margin { get; set; }
        public string? Window { get; set; }
        public string? Count { get; set; }
        public string? Cron { get; set; }
        public string? Share { get; set; }
    }

    private sealed class RolloutFile
    {
        public string? Mode { get; set; }
        public string? Share { get; set; }
        public string? MinRequests { get; set; }
        public string? MinLabels { get; set; }
        public string? MinDuration { get; set; }
        public string? MaxDuration { get; set; }
        public string? Metric { get; set; }
        public string? MetricMargin { get; set; }
        public string? ErrorRateMargin { get; set; }
        public string? P99MarginMs { get; set; }
        public string? AlertWebhook { get; set; }
    }
}
