using System.Globalization;
using Relearn.Core.Pipelines.Definition;

namespace Relearn.Core.Rollout;

/// <summary>
/// Reads a rollout plan from text values by key (<c>mode</c>, <c>share</c>, <c>min_requests</c>, <c>min_labels</c>,
/// <c>min_duration</c>, <c>max_duration</c>, <c>metric</c>, <c>metric_margin</c>, <c>error_rate_margin</c>,
/// <c>p99_margin_ms</c>, <c>alert_webhook</c>), the same from a pipeline's <c>retrain.rollout</c>, the HTTP body and the
/// CLI options; a bad value is one line naming its key.
/// </summary>
public static class RolloutPlanText
{
    /// <summary>The plan; absent keys take their defaults. <paramref name="prefix"/> is put before key names in errors.</summary>
    public static RolloutPlan Parse(IReadOnlyDictionary<string, string?> values, string prefix)
    {
        ArgumentNullException.ThrowIfNull(values);
        string? Get(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        string Key(string key) => prefix + key;
        var mode = Get("mode") ?? RolloutStage.Canary;
        if (mode is not (RolloutStage.Canary or RolloutStage.Shadow))
        {
            throw RelearnException.Invalid($"{Key("mode")}: '{mode}' is not canary or shadow");
        }
        var settings = new RolloutSettings(
            MinRequests: (long)Number(Get("min_requests"), Key("min_requests"), 100, whole: true),
            MinLabels: (long)Number(Get("min_labels"), Key("min_labels"), 50, whole: true),
            MinDuration: PipelineYaml.Duration(prefix.TrimEnd('.'), "min_duration", Get("min_duration")),
            MaxDuration: PipelineYaml.Duration(prefix.TrimEnd('.'), "max_duration", Get("max_duration")),
            Metric: RolloutPolicyValidation.RequireMetric(Get("metric") ?? "accuracy", Key("metric")),
            MetricMargin: Number(Get("metric_margin"), Key("metric_margin"), 0),
            ErrorRateMargin: Number(Get("error_rate_margin"), Key("error_rate_margin"), 0.01),
            P99MarginMs: Number(Get("p99_margin_ms"), Key("p99_margin_ms"), 50),
            AlertWebhook: Get("alert_webhook"));
        var share = Get("share") is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : throw RelearnException.Invalid($"{Key("share")}: '{text}' is not a number")
            : 0.2;
        return new RolloutPlan(mode, RolloutPolicyValidation.RequireShare(share, Key("share")), settings);
    }

    /// <summary>A non-negative number (whole, or positive, when asked), or <paramref name="fallback"/> when absent; one line naming <paramref name="key"/> otherwise.</summary>
    public static double Number(string? value, string key, double fallback, bool whole = false, bool positive = false)
    {
        if (value is null)
        {
            return fallback;
        }
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number < 0
            || (whole && number != Math.Floor(number)) || (positive && number == 0))
        {
            throw RelearnException.Invalid($"{key}: '{value}' is not a {(positive ? "positive " : "non-negative ")}{(whole ? "whole number" : "number")}");
        }
        return number;
    }
}
