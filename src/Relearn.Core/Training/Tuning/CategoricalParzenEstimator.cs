namespace Relearn.Core.Training.Tuning;

/// <summary>
/// Optuna's Parzen estimator for a categorical parameter: each observation is a kernel putting weight 1 on its choice
/// and <c>prior_weight / kernels</c> on every choice; the prior kernel is uniform. The mixture collapses to one
/// probability per choice, which is what this keeps.
/// </summary>
internal sealed class CategoricalParzenEstimator
{
    private readonly double[] _probabilities;

    public CategoricalParzenEstimator(IReadOnlyList<int> observations, int choices, double priorWeight)
    {
        var n = observations.Count;
        var weights = TpeWeights.Of(n, priorWeight);
        _probabilities = new double[choices];
        var smoothing = priorWeight / (n + 1);
        var rowSum = smoothing * choices + 1;
        for (var k = 0; k < n; k++)
        {
            for (var c = 0; c < choices; c++)
            {
                _probabilities[c] += weights[k] * (smoothing + (c == observations[k] ? 1 : 0)) / rowSum;
            }
        }
        for (var c = 0; c < choices; c++)
        {
            _probabilities[c] += weights[n] / choices;
        }
    }

    public int Sample(Random random) => ParzenEstimator.Pick(_probabilities, random);

    public double LogDensity(int choice) => Math.Log(_probabilities[choice]);
}
