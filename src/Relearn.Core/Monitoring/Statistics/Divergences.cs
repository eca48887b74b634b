namespace Relearn.Core.Monitoring.Statistics;

/// <summary>Distances between two discrete distributions given as shares or counts, as scipy and Evidently define them.</summary>
public static class Divergences
{
    /// <summary>
    /// scipy's <c>spatial.distance.jensenshannon(p, q, base)</c>: a <em>distance</em>, the square root of the
    /// divergence. p and q are normalized to sum 1 first; <paramref name="logBase"/> null means natural log.
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double? logBase = null)
    {
        double sp = Sum(p), sq = Sum(q), js = 0;
        for (var i = 0; i < p.Length; i++)
        {
            double pi = p[i] / sp, qi = q[i] / sq, m = (pi + qi) / 2;
            js += RelativeEntropy(pi, m) + RelativeEntropy(qi, m);
        }
        if (logBase is { } b)
        {
            js /= Math.Log(b);
        }
        return Math.Sqrt(Math.Max(js / 2, 0));
    }

    /// <summary>scipy's <c>stats.entropy(pk, qk)</c>: Kullback–Leibler divergence of the normalized distributions, natural log.</summary>
    public static double KullbackLeibler(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double sp = Sum(p), sq = Sum(q), sum = 0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += RelativeEntropy(p[i] / sp, q[i] / sq);
        }
        return sum;
    }

    /// <summary>Population stability index as Evidently computes it: Σ (r − c) · ln(r / c) over the given shares, not renormalized.</summary>
    public static double PopulationStability(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var sum = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            sum += (reference[i] - current[i]) * Math.Log(reference[i] / current[i]);
        }
        return sum;
    }

    /// <summary>scipy's <c>special.rel_entr</c>: x·ln(x/y), 0 when x = 0, +∞ when y = 0 &lt; x.</summary>
    private static double RelativeEntropy(double x, double y) =>
        x > 0 && y > 0 ? x * Math.Log(x / y) : x == 0 && y >= 0 ? 0 : double.PositiveInfinity;

    private static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum;
    }
}
