namespace Relearn.Core.Training.Tuning;

/// <summary>
/// Tree-structured Parzen Estimator, univariate, with the defaults of Optuna's <c>TPESampler</c>: random sampling for
/// the first <see cref="StartupTrials"/> finished trials; then, per parameter, the finished trials are split into
/// the best <c>γ(n) = min(⌈0.1·n⌉, 25)</c> and the rest, a Parzen estimator is fitted to each (l and g),
/// <see cref="Candidates"/> values are drawn from l, and the one with the highest l(x)/g(x) is kept.
/// Failed trials, and trials of another <see cref="SearchSpace"/> instance, are ignored; pruned trials rank below
/// complete ones, deepest and then best last reported value first (Optuna's rule).
/// </summary>
public sealed class TpeSampler : ISampler
{
    /// <summary>Finished (complete or pruned) trials sampled at random before TPE takes over; Optuna's default is 10.</summary>
    public int StartupTrials
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 10;

    /// <summary>Values drawn from l(x) per parameter to choose from; Optuna's default is 24.</summary>
    public int Candidates
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 24;

    /// <summary>Weight of the prior kernel relative to one observation; Optuna's default is 1.</summary>
    public double PriorWeight
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 1.0;

    /// <inheritdoc />
    public TrialParams Sample(SearchSpace space, IReadOnlyList<TrialResult> finishedTrials, StudyDirection direction, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(finishedTrials);
        ArgumentNullException.ThrowIfNull(random);
        var history = finishedTrials.Where(t => t.State != TrialState.Failed && ReferenceEquals(t.Params.Space, space)).ToList();
        if (history.Count < StartupTrials)
        {
            return RandomSampler.Draw(space, random);
        }
        var (good, bad) = TpeSplit.Split(history, TpeSplit.Gamma(history.Count), direction);
        var encoded = new double[space.Parameters.Count];
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = space.Parameters[i] is CategoricalParameter categorical
                ? SampleChoice(categorical, Column(good, i), Column(bad, i), random)
                : SampleNumber(NumericDomain.Of(space.Parameters[i]), Column(good, i), Column(bad, i), random);
        }
        return new TrialParams(space, encoded);
    }

    private double SampleNumber(NumericDomain domain, double[] good, double[] bad, Random random)
    {
        var l = new ParzenEstimator(good, domain, PriorWeight);
        var g = new ParzenEstimator(bad, domain, PriorWeight);
        return Best(random, l.Sample, x => l.LogDensity(x) - g.LogDensity(x));
    }

    private int SampleChoice(CategoricalParameter parameter, double[] good, double[] bad, Random random)
    {
        var l = new CategoricalParzenEstimator([.. good.Select(v => (int)v)], parameter.Choices.Count, PriorWeight);
        var g = new CategoricalParzenEstimator([.. bad.Select(v => (int)v)], parameter.Choices.Count, PriorWeight);
        return Best(random, l.Sample, c => l.LogDensity(c) - g.LogDensity(c));
    }

    // Draws the candidates, then keeps the first with the highest score (numpy's argmax).
    private T Best<T>(Random random, Func<Random, T> draw, Func<T, double> score)
    {
        var candidates = new T[Candidates];
        for (var c = 0; c < candidates.Length; c++)
        {
            candidates[c] = draw(random);
        }
        var best = candidates[0];
        var bestScore = score(best);
        for (var c = 1; c < candidates.Length; c++)
        {
            var s = score(candidates[c]);
            if (s > bestScore)
            {
                (best, bestScore) = (candidates[c], s);
            }
        }
        return best;
    }

    private static double[] Column(List<TrialResult> trials, int parameter) => [.. trials.Select(t => t.Params.Encoded[parameter])];
}
