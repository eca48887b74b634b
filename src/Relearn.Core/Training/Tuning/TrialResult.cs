namespace Relearn.Core.Training.Tuning;

/// <summary>How a trial ended.</summary>
public enum TrialState
{
    /// <summary>The objective returned a value.</summary>
    Complete,
    /// <summary>The pruner stopped it early (the objective let a <see cref="TrialPrunedException"/> out).</summary>
    Pruned,
    /// <summary>The objective threw, or returned NaN.</summary>
    Failed,
}

/// <summary>A finished trial.</summary>
/// <param name="Number">Trial number, from 0 in the order trials started.</param>
/// <param name="State">How it ended.</param>
/// <param name="Params">The hyperparameters it ran with.</param>
/// <param name="Value">
/// The objective value when complete; when pruned, the value reported at its last step (as Optuna records it),
/// or null if it reported none; null when failed.
/// </param>
/// <param name="IntermediateValues">Values it reported, by step, in step order.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Duration">How long the objective ran.</param>
/// <param name="Error">Why it failed; null unless <see cref="TrialState.Failed"/>.</param>
public sealed record TrialResult(
    int Number,
    TrialState State,
    TrialParams Params,
    double? Value,
    IReadOnlyDictionary<int, double> IntermediateValues,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    Exception? Error);
