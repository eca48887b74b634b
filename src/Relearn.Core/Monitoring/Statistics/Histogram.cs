namespace Relearn.Core.Monitoring.Statistics;

/// <summary>numpy's histograms with the bin edges Evidently uses (<c>np.histogram_bin_edges(x, bins="sturges")</c>).</summary>
public static class Histogram
{
    /// <summary>
    /// Sturges' equal-width edges over [min, max] of values whose count is <paramref name="count"/>, exactly as numpy
    /// 1.24 builds them: width = ptp / (log2(n) + 1), bins = ceil(ptp / width), edges from <c>np.linspace</c>.
    /// </summary>
    public static double[] SturgesEdges(double min, double max, long count)
    {
        double first = min, last = max;
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }
        var ptp = max - min;
        var width = ptp / (Math.Log2(count) + 1.0);
        var bins = width > 0 ? (int)Math.Ceiling(ptp / width) : 1;
        return Linspace(first, last, bins + 1);
    }

    /// <summary>numpy's <c>linspace(start, stop, num)</c> with the end point set exactly.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var edges = new double[num];
        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++)
        {
            edges[i] = step == 0 ? i / (double)(num - 1) * (stop - start) + start : i * step + start;
        }
        edges[num - 1] = stop;
        return edges;
    }

    /// <summary>
    /// <c>np.histogram(values, edges)</c> counts: bin i holds e_i ≤ v &lt; e_{i+1}, the last bin also its right edge;
    /// values outside the edges are not counted.
    /// </summary>
    public static long[] Counts(ReadOnlySpan<double> values, double[] edges)
    {
        if (IsSorted(values))
        {
            return SortedCounts(values, edges);
        }
        var counts = new long[edges.Length - 1];
        var last = edges[^1];
        foreach (var v in values)
        {
            if (v < edges[0] || v > last || double.IsNaN(v))
            {
                continue;
            }
            if (v == last)
            {
                counts[^1]++;
                continue;
            }
            // Largest i with edges[i] <= v.
            var index = Array.BinarySearch(edges, v);
            var bin = index >= 0 ? index : ~index - 1;
            // Equal edges (possible when the range is tiny) resolve to the last one, as searchsorted does.
            while (bin + 1 < edges.Length - 1 && edges[bin + 1] <= v)
            {
                bin++;
            }
            counts[bin]++;
        }
        return counts;
    }

    /// <summary>The same counts for sorted values in one walk: values and edges advance together.</summary>
    private static long[] SortedCounts(ReadOnlySpan<double> sorted, double[] edges)
    {
        var counts = new long[edges.Length - 1];
        var last = edges[^1];
        var bin = 0;
        foreach (var v in sorted)
        {
            if (v < edges[0])
            {
                continue;
            }
            if (v > last)
            {
                break;
            }
            if (v == last)
            {
                counts[^1]++;
                continue;
            }
            while (bin + 1 < edges.Length - 1 && edges[bin + 1] <= v)
            {
                bin++;
            }
            counts[bin]++;
        }
        return counts;
    }

    private static bool IsSorted(ReadOnlySpan<double> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }
        return true;
    }
}
