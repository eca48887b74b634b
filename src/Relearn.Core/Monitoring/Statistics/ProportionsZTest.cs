using MathNet.Numerics.Distributions;

namespace Relearn.Core.Monitoring.Statistics;

/// <summary>
/// The two-sided Z-test for the difference of two proportions, as Evidently's <c>z</c> stat test computes it
/// (<c>evidently/calculations/stattests/z_stattest.py</c>): the first category in sorted order counts as 0, every other as 1.
/// </summary>
public static class ProportionsZTest
{
    /// <summary>Tests counts of "not the first category" out of each sample's size.</summary>
    /// <param name="referenceOthers">Reference rows not in the first category.</param>
    /// <param name="referenceCount">Reference rows.</param>
    /// <param name="currentOthers">Current rows not in the first category.</param>
    /// <param name="currentCount">Current rows.</param>
    /// <param name="singleSharedValue">Both samples hold one and the same value: Evidently answers p = 1 without testing.</param>
    public static TestResult Test(long referenceOthers, long referenceCount, long currentOthers, long currentCount, bool singleSharedValue)
    {
        if (singleSharedValue)
        {
            return new TestResult(0, 1.0);
        }
        double n1 = referenceCount, n2 = currentCount;
        var p1 = referenceOthers / n1;
        var p2 = currentOthers / n2;
        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        var p = 2 * (1 - Normal.CDF(0, 1, Math.Abs(z)));
        return new TestResult(z, double.IsNaN(p) ? 1.0 : p);
    }
}
