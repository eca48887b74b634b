namespace Relearn.Core.Training.Tuning;

/// <summary>
/// Independent uniform sampling, as Optuna's RandomSampler: uniform in log space for log parameters, uniform over
/// the values for ints and choices. The baseline TPE must beat, and TPE's start-up phase.
/// </summary>
public sealed class RandomSampler : ISampler
{
    /// <inheritdoc />
    public TrialParams Sample(SearchSpace space, IReadOnlyList<TrialResult> finishedTrials, StudyDirection direction, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(random);
        return Draw(space, random);
    }

    internal static TrialParams Draw(SearchSpace space, Random random)
    {
        var encoded = new double[space.Parameters.Count];
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = space.Parameters[i] is CategoricalParameter categorical
                ? random.Next(categorical.Choices.Count)
                : NumericDomain.Of(space.Parameters[i]).SampleUniform(random);
        }
        return new TrialParams(space, encoded);
    }
}
