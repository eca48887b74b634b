namespace Relearn.Core.Training.Tuning;

/// <summary>Chooses the hyperparameters of a new trial from the trials finished so far.</summary>
public interface ISampler
{
    /// <summary>
    /// Samples every parameter of <paramref name="space"/>. <paramref name="finishedTrials"/> holds the complete,
    /// pruned and failed trials so far, in no particular order; <paramref name="random"/> is this trial's own
    /// generator, seeded from the study seed and the trial number, and the only source of randomness to use.
    /// </summary>
    TrialParams Sample(SearchSpace space, IReadOnlyList<TrialResult> finishedTrials, StudyDirection direction, Random random);
}
