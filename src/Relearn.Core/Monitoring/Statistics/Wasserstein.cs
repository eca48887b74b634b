namespace Relearn.Core.Monitoring.Statistics;

/// <summary>The first Wasserstein distance between two 1-D samples (scipy's <c>stats.wasserstein_distance</c>, unweighted).</summary>
public static class Wasserstein
{
    /// <summary>∫ |U(x) − V(x)| dx over the empirical CDFs of two sorted, non-empty samples.</summary>
    public static double Distance(ReadOnlySpan<double> sortedU, ReadOnlySpan<double> sortedV)
    {
        int nu = sortedU.Length, nv = sortedV.Length, i = 0, j = 0;
        double invU = 1.0 / nu, invV = 1.0 / nv, sum = 0;
        // The pooled values in order; between consecutive ones both CDFs are flat.
        var x = Math.Min(sortedU[0], sortedV[0]);
        while (true)
        {
            while (i < nu && sortedU[i] <= x)
            {
                i++;
            }
            while (j < nv && sortedV[j] <= x)
            {
                j++;
            }
            if (i == nu && j == nv)
            {
                return sum;
            }
            var next = i < nu && (j == nv || sortedU[i] <= sortedV[j]) ? sortedU[i] : sortedV[j];
            sum += Math.Abs(i * invU - j * invV) * (next - x);
            x = next;
        }
    }

    /// <summary>
    /// Weighted form for the reference vectors of scipy's own tests: values with weights, CDFs from the weight sums.
    /// </summary>
    public static double Distance(double[] u, double[] v, double[] uWeights, double[] vWeights)
    {
        var uOrder = Enumerable.Range(0, u.Length).OrderBy(k => u[k]).ToArray();
        var vOrder = Enumerable.Range(0, v.Length).OrderBy(k => v[k]).ToArray();
        var all = u.Concat(v).Order().ToArray();
        double uTotal = uWeights.Sum(), vTotal = vWeights.Sum(), sum = 0;
        for (var k = 0; k < all.Length - 1; k++)
        {
            var uCdf = uOrder.Where(o => u[o] <= all[k]).Sum(o => uWeights[o]) / uTotal;
            var vCdf = vOrder.Where(o => v[o] <= all[k]).Sum(o => vWeights[o]) / vTotal;
            sum += Math.Abs(uCdf - vCdf) * (all[k + 1] - all[k]);
        }
        return sum;
    }

    /// <summary>Evidently's <c>wasserstein</c> drift score: the distance normed by the reference's population std, floored at 0.001.</summary>
    public static double NormedDistance(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent) =>
        Distance(sortedReference, sortedCurrent) / Math.Max(Descriptive.PopulationStd(sortedReference), 0.001);
}
