namespace Relearn.Core.Training.Tuning;

/// <summary>Decides, after each reported value, whether a running trial is worth finishing.</summary>
public interface IPruner
{
    /// <summary>
    /// Whether to stop a trial that has reported <paramref name="intermediateValues"/> (by step; the latest step is
    /// the highest), given the trials finished so far (complete, pruned and failed, in no particular order).
    /// </summary>
    bool ShouldPrune(IReadOnlyDictionary<int, double> intermediateValues, IReadOnlyList<TrialResult> finishedTrials, StudyDirection direction);
}
