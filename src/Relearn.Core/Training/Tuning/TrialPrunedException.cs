namespace Relearn.Core.Training.Tuning;

/// <summary>
/// Thrown by <see cref="Trial.Report"/> when the pruner stops the trial. Objective code lets it propagate (cleaning up
/// as needed); the study then records the trial as <see cref="TrialState.Pruned"/>. An objective may also throw it itself.
/// </summary>
public sealed class TrialPrunedException(int trialNumber, int step)
    : Exception($"trial {trialNumber} was pruned at step {step}")
{
    /// <summary>The pruned trial.</summary>
    public int TrialNumber { get; } = trialNumber;

    /// <summary>The step whose report led to pruning.</summary>
    public int Step { get; } = step;
}
