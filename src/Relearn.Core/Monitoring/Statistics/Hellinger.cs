namespace Relearn.Core.Monitoring.Statistics;

/// <summary>Evidently's <c>hellinger</c> distance (<c>evidently/calculations/stattests/hellinger_distance.py</c>).</summary>
public static class Hellinger
{
    /// <summary>Categories: sqrt(1 − Σ sqrt(p·q)) over the shares of each value.</summary>
    public static double FromShares(ReadOnlySpan<double> referenceShares, ReadOnlySpan<double> currentShares)
    {
        var bc = 0.0;
        for (var i = 0; i < referenceShares.Length; i++)
        {
            bc += Math.Sqrt(referenceShares[i] * currentShares[i]);
        }
        return Math.Sqrt(1 - Math.Clamp(bc, 0, 1));
    }

    /// <summary>
    /// Numbers: density histograms on Sturges edges over the <em>distinct</em> values of both samples, each bin's
    /// sqrt(p·q) weighted by (max − min) / bins, as Evidently does.
    /// </summary>
    public static double Numeric(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var distinct = new SortedSet<double>();
        foreach (var v in sortedReference)
        {
            distinct.Add(v);
        }
        foreach (var v in sortedCurrent)
        {
            distinct.Add(v);
        }
        var edges = Histogram.SturgesEdges(distinct.Min, distinct.Max, distinct.Count);
        var h1 = Density(Histogram.Counts(sortedReference, edges), edges);
        var h2 = Density(Histogram.Counts(sortedCurrent, edges), edges);
        var binWidth = (distinct.Max - distinct.Min) / h1.Length;
        var bc = 0.0;
        for (var i = 0; i < h1.Length; i++)
        {
            bc += Math.Sqrt(h1[i] * h2[i]) * binWidth;
        }
        return Math.Sqrt(1 - Math.Clamp(bc, 0, 1));
    }

    private static double[] Density(long[] counts, double[] edges)
    {
        var total = counts.Sum();
        var density = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            density[i] = counts[i] / (edges[i + 1] - edges[i]) / total;
        }
        return density;
    }
}
