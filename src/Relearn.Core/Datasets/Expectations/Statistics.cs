namespace Relearn.Core.Datasets.Expectations;

/// <summary>Column statistics as pandas computes them (the numbers GE's pandas engine reports).</summary>
internal static class Statistics
{
    public static double? Mean(double[] values) => values.Length == 0 ? null : values.Sum() / values.Length;

    /// <summary>pandas <c>Series.median</c>: the middle value, or the mean of the two middle ones.</summary>
    public static double? Median(double[] values)
    {
        if (values.Length == 0)
        {
            return null;
        }
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>pandas <c>Series.std()</c>: the sample standard deviation (ddof=1), undefined below two values (GE column_standard_deviation.py).</summary>
    public static double? SampleStdev(double[] values)
    {
        if (values.Length < 2)
        {
            return null;
        }
        var mean = values.Sum() / values.Length;
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(squares / (values.Length - 1));
    }

    /// <summary>
    /// numpy/pandas quantile with <c>interpolation="nearest"</c>: the value at index q·(n−1) rounded to the nearest
    /// whole index, ties to the even index (pandas 1.5 / numpy 1.24: q=0.5 of 2 values is the first, of 4 the third).
    /// </summary>
    public static double? NearestQuantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return null;
        }
        var index = (int)Math.Round(q * (sorted.Length - 1), MidpointRounding.ToEven);
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}
