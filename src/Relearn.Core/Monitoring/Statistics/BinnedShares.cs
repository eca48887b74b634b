namespace Relearn.Core.Monitoring.Statistics;

/// <summary>
/// Evidently's <c>get_binned_data</c> (<c>evidently/calculations/stattests/utils.py</c>): the share of each sample in
/// each bin — Sturges bins over both samples for numbers with more than 20 distinct reference values, else one bin
/// per value — with zero shares optionally replaced by a tiny one so logarithms stay finite.
/// </summary>
public static class BinnedShares
{
    /// <summary>Shares from counts per bin, with Evidently's zero filling when <paramref name="fillZeroes"/>.</summary>
    public static (double[] Reference, double[] Current) FromCounts(ReadOnlySpan<long> reference, ReadOnlySpan<long> current, long referenceTotal, long currentTotal, bool fillZeroes)
    {
        var r = new double[reference.Length];
        var c = new double[current.Length];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = reference[i] / (double)referenceTotal;
            c[i] = current[i] / (double)currentTotal;
        }
        if (fillZeroes)
        {
            FillZeroes(r);
            FillZeroes(c);
        }
        return (r, c);
    }

    /// <summary>Numeric samples (sorted) binned with Sturges edges over both.</summary>
    public static (double[] Reference, double[] Current) Numeric(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, bool fillZeroes)
    {
        var edges = Histogram.SturgesEdges(
            Math.Min(sortedReference[0], sortedCurrent[0]), Math.Max(sortedReference[^1], sortedCurrent[^1]),
            sortedReference.Length + sortedCurrent.Length);
        return FromCounts(Histogram.Counts(sortedReference, edges), Histogram.Counts(sortedCurrent, edges), sortedReference.Length, sortedCurrent.Length, fillZeroes);
    }

    /// <summary>numpy's <c>np.place(p, p == 0, min(p[p != 0]) / 1e6 if that min ≤ 1e-4 else 1e-4)</c>.</summary>
    private static void FillZeroes(double[] shares)
    {
        var min = double.PositiveInfinity;
        foreach (var s in shares)
        {
            if (s != 0 && s < min)
            {
                min = s;
            }
        }
        if (double.IsPositiveInfinity(min))
        {
            return;
        }
        var fill = min <= 0.0001 ? min / 1e6 : 0.0001;
        for (var i = 0; i < shares.Length; i++)
        {
            if (shares[i] == 0)
            {
                shares[i] = fill;
            }
        }
    }
}
