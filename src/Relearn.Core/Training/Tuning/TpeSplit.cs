namespace Relearn.Core.Training.Tuning;

/// <summary>Optuna's split of the finished trials into the good ("below", l(x)) and the rest ("above", g(x)).</summary>
internal static class TpeSplit
{
    /// <summary>Optuna's <c>default_gamma</c>: how many trials count as good out of <paramref name="n"/>.</summary>
    public static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>
    /// The best <paramref name="goodCount"/> trials and the rest, each in trial-number order. Complete trials rank
    /// by value; pruned trials rank below every complete one, among themselves by how far they got (deepest first)
    /// and then by their last reported value, as Optuna's <c>_split_pruned_trials</c>. Failed trials are ignored.
    /// </summary>
    public static (List<TrialResult> Good, List<TrialResult> Bad) Split(IEnumerable<TrialResult> trials, int goodCount, StudyDirection direction)
    {
        var byNumber = trials.OrderBy(t => t.Number).ToList();
        var complete = byNumber.Where(t => t.State == TrialState.Complete);
        var ranked = (direction == StudyDirection.Minimize
                ? complete.OrderBy(t => t.Value!.Value)
                : complete.OrderByDescending(t => t.Value!.Value))
            .Concat(byNumber.Where(t => t.State == TrialState.Pruned).OrderBy(t => PrunedRank(t, direction)))
            .ToList();
        var good = ranked.Take(goodCount).OrderBy(t => t.Number).ToList();
        var bad = ranked.Skip(goodCount).OrderBy(t => t.Number).ToList();
        return (good, bad);
    }

    // Optuna's _get_pruned_trial_score: (−last step, last value made "lower is better"); no reports ranks last.
    private static (int, double) PrunedRank(TrialResult trial, StudyDirection direction)
    {
        if (trial.IntermediateValues.Count == 0)
        {
            return (1, 0.0);
        }
        var (step, value) = trial.IntermediateValues.MaxBy(p => p.Key);
        if (double.IsNaN(value))
        {
            return (-step, double.PositiveInfinity);
        }
        return (-step, direction == StudyDirection.Minimize ? value : -value);
    }
}
