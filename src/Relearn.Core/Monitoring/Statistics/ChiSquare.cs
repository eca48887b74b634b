using MathNet.Numerics;

namespace Relearn.Core.Monitoring.Statistics;

/// <summary>Pearson's chi-square goodness-of-fit test, as scipy's <c>stats.chisquare(f_obs, f_exp)</c> computes it.</summary>
public static class ChiSquare
{
    /// <summary>Σ (o − e)² / e with k − 1 degrees of freedom; an expected count of 0 against an observed one gives p = 0, as in scipy.</summary>
    public static TestResult Test(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length || observed.Length == 0)
        {
            throw new ArgumentException("observed and expected counts must be non-empty and of the same length");
        }
        var statistic = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            var difference = observed[i] - expected[i];
            statistic += difference == 0 ? 0 : difference * difference / expected[i];
        }
        var degrees = observed.Length - 1;
        if (degrees == 0)
        {
            // One category on both sides: nothing can differ (scipy answers NaN here; a drift check answers "same").
            return new TestResult(statistic, 1.0);
        }
        var p = double.IsPositiveInfinity(statistic) ? 0.0 : SpecialFunctions.GammaUpperRegularized(degrees / 2.0, statistic / 2.0);
        return new TestResult(statistic, p);
    }

    /// <summary>Evidently's <c>chisquare</c> drift test: expected = reference counts × n_current / n_reference.</summary>
    public static TestResult TestCounts(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        long nReference = 0, nCurrent = 0;
        foreach (var c in referenceCounts)
        {
            nReference += c;
        }
        foreach (var c in currentCounts)
        {
            nCurrent += c;
        }
        var scale = (double)nCurrent / nReference;
        var expected = new double[referenceCounts.Length];
        var observed = new double[currentCounts.Length];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = referenceCounts[i] * scale;
            observed[i] = currentCounts[i];
        }
        return Test(observed, expected);
    }
}
