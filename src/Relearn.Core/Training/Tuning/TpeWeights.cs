namespace Relearn.Core.Training.Tuning;

/// <summary>Optuna's <c>default_weights</c> for the kernels of a Parzen estimator, with the prior's weight appended.</summary>
internal static class TpeWeights
{
    /// <summary>
    /// Weights for <paramref name="n"/> observations in trial-number order, then the prior, normalized to sum to 1:
    /// all equal up to 25 observations; beyond, the oldest <c>n − 25</c> ramp linearly from 1/n up to 1.
    /// With no observations the prior alone has weight 1.
    /// </summary>
    public static double[] Of(int n, double priorWeight)
    {
        if (n == 0)
        {
            return [1.0];
        }
        var weights = new double[n + 1];
        var ramp = Math.Max(0, n - 25);
        for (var i = 0; i < n; i++)
        {
            weights[i] = i >= ramp ? 1.0
                : ramp == 1 ? 1.0 / n
                : 1.0 / n + i * (1.0 - 1.0 / n) / (ramp - 1);
        }
        weights[n] = priorWeight;
        var sum = weights.Sum();
        for (var i = 0; i <= n; i++)
        {
            weights[i] /= sum;
        }
        return weights;
    }
}
