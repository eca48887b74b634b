using System.Globalization;

namespace Relearn.Core.Rollout;

/// <summary>The checks a rollout or retraining policy's values must pass; each failure is one line naming the key.</summary>
public static class RolloutPolicyValidation
{
    /// <summary>A traffic or drift share must lie in (0, 1].</summary>
    public static double RequireShare(double share, string key) =>
        share is > 0 and <= 1 ? share : throw RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture, $"{key}: {share} is outside (0, 1]"));

    /// <summary>A labelled metric must be one the gate knows.</summary>
    public static string RequireMetric(string metric, string key) =>
        RolloutSettings.Metrics.Contains(metric, StringComparer.Ordinal) ? metric
        : throw RelearnException.Invalid($"{key}: unknown metric '{metric}' (known: {string.Join(", ", RolloutSettings.Metrics)})");
}
