namespace Relearn.Core.Training.Tuning;

/// <summary>Thrown when a study ends without a single complete trial; the first failure is the inner exception.</summary>
public sealed class StudyFailedException(IReadOnlyList<TrialResult> trials)
    : Exception(Describe(trials), trials.FirstOrDefault(t => t.Error is not null)?.Error)
{
    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<TrialResult> Trials { get; } = trials;

    private static string Describe(IReadOnlyList<TrialResult> trials)
    {
        var failed = trials.Count(t => t.State == TrialState.Failed);
        var first = trials.FirstOrDefault(t => t.Error is not null)?.Error;
        return $"no trial completed: {failed} of {trials.Count} failed, {trials.Count - failed} pruned"
            + (first is null ? "" : $"; first failure: {first.Message}");
    }
}
