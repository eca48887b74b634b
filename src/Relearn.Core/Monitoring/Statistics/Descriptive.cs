namespace Relearn.Core.Monitoring.Statistics;

/// <summary>Plain summaries computed the way numpy does, so scores built on them match.</summary>
public static class Descriptive
{
    /// <summary>numpy's <c>np.std</c> (ddof = 0), two-pass like numpy.</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }
        mean /= values.Length;
        var squares = 0.0;
        foreach (var v in values)
        {
            var d = v - mean;
            squares += d * d;
        }
        return Math.Sqrt(squares / values.Length);
    }

    /// <summary>numpy's linear-interpolation percentile of sorted values (q in 0..100).</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var position = q / 100.0 * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        var fraction = position - low;
        return sorted[low] + (sorted[high] - sorted[low]) * fraction;
    }
}
