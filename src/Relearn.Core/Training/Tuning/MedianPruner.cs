namespace Relearn.Core.Training.Tuning;

/// <summary>
/// Optuna's <c>MedianPruner</c>: at step s, prunes a trial whose best value so far is worse than the median of the
/// values complete trials reported at step s. Nothing is pruned until <see cref="StartupTrials"/> trials have
/// completed, nor before step <see cref="WarmupSteps"/>, nor at a step no complete trial reported. A trial whose
/// values are all NaN is pruned.
/// </summary>
public sealed class MedianPruner : IPruner
{
    /// <summary>Complete trials needed before anything is pruned; Optuna's default is 5.</summary>
    public int StartupTrials
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 5;

    /// <summary>Steps a trial may report before it can be pruned; Optuna's default is 0.</summary>
    public int WarmupSteps
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <inheritdoc />
    public bool ShouldPrune(IReadOnlyDictionary<int, double> intermediateValues, IReadOnlyList<TrialResult> finishedTrials, StudyDirection direction)
    {
        ArgumentNullException.ThrowIfNull(intermediateValues);
        ArgumentNullException.ThrowIfNull(finishedTrials);
        var complete = finishedTrials.Where(t => t.State == TrialState.Complete).ToList();
        if (complete.Count == 0 || complete.Count < StartupTrials || intermediateValues.Count == 0)
        {
            return false;
        }
        var step = intermediateValues.Keys.Max();
        if (step < WarmupSteps)
        {
            return false;
        }
        var reported = intermediateValues.Values.Where(v => !double.IsNaN(v)).ToList();
        if (reported.Count == 0)
        {
            return true;
        }
        var best = direction == StudyDirection.Maximize ? reported.Max() : reported.Min();
        var median = Median(complete.Select(t => t.IntermediateValues.TryGetValue(step, out var v) ? v : double.NaN));
        if (double.IsNaN(median))
        {
            return false;
        }
        return direction == StudyDirection.Maximize ? best < median : best > median;
    }

    // numpy's nanmedian: NaN when nothing is left, the mean of the middle two for an even count.
    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
