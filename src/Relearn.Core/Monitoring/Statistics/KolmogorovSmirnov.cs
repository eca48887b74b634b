namespace Relearn.Core.Monitoring.Statistics;

/// <summary>The result of a statistical test: its statistic and, where the test has one, its p-value.</summary>
/// <param name="Statistic">The test statistic (KS: the largest gap between the two empirical CDFs).</param>
/// <param name="PValue">The p-value, or <see langword="null"/> for distances that have none.</param>
public readonly record struct TestResult(double Statistic, double? PValue);

/// <summary>
/// The two-sided two-sample Kolmogorov–Smirnov test, ported from scipy's <c>stats.ks_2samp</c> (scipy 1.10,
/// <c>scipy/stats/_stats_py.py</c>, BSD-3) with its default <c>method='auto'</c>: exact when both samples have at
/// most 10,000 values, Smirnov's asymptotic distribution (<c>kstwo.sf(d, round(mn/(m+n)))</c>) otherwise or when
/// the exact computation fails, so p-values equal scipy's.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>scipy's <c>MAX_AUTO_N</c>: 'auto' is exact up to this many values in the larger sample.</summary>
    public const int MaxExactN = 10_000;

    /// <summary>Runs the test on two samples; neither may be empty.</summary>
    public static TestResult Test(IEnumerable<double> reference, IEnumerable<double> current) =>
        TestSorted(reference.Order().ToArray(), current.Order().ToArray());

    /// <summary>Runs the test on two sorted samples; neither may be empty.</summary>
    public static TestResult TestSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.Length == 0 || current.Length == 0)
        {
            throw new ArgumentException("both samples must hold at least one value");
        }
        var d = Statistic(reference, current);
        return new TestResult(d.Value, PValue(reference.Length, current.Length, d));
    }

    /// <summary>The statistic of two sorted samples, as scipy picks it (the larger of D+ and D-, D+ on ties).</summary>
    internal static KsStatistic Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        // Walk both sorted samples at once: at each distinct value both CDFs step past every copy of it
        // (scipy's searchsorted(side='right') over the pooled values).
        int n1 = a.Length, n2 = b.Length, i = 0, j = 0;
        long maxPlus = 0, maxMinus = 0; // in units of 1/(n1*n2), exact
        while (i < n1 || j < n2)
        {
            var x = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= x)
            {
                i++;
            }
            while (j < n2 && b[j] <= x)
            {
                j++;
            }
            var diff = (long)i * n2 - (long)j * n1;
            maxPlus = Math.Max(maxPlus, diff);
            maxMinus = Math.Max(maxMinus, -diff);
        }
        var denominator = (double)n1 * n2;
        var plus = maxPlus / denominator;
        var minus = Math.Clamp(maxMinus / denominator, 0, 1);
        return minus > plus ? new KsStatistic(minus, maxMinus) : new KsStatistic(plus, maxPlus);
    }

    private static double PValue(int n1, int n2, KsStatistic d)
    {
        if (Math.Max(n1, n2) <= MaxExactN && TryExact(n1, n2, d, out var exact))
        {
            return Math.Clamp(exact, 0, 1);
        }
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return Math.Clamp(KolmogorovDistribution.Survival((int)en, d.Value), 0, 1);
    }

    /// <summary>scipy's <c>_attempt_exact_2kssamp</c> for the two-sided alternative.</summary>
    private static bool TryExact(int n1, int n2, KsStatistic d, out double probability)
    {
        var g = Gcd(n1, n2);
        var lcm = (long)(n1 / g) * n2;
        // h = round(d * lcm); d was found as an exact multiple of 1/(n1*n2), and lcm divides n1*n2.
        var h = d.Numerator / g;
        if (h == 0)
        {
            probability = 1.0;
            return true;
        }
        probability = n1 == n2
            ? ProbabilityOutsideSquare(n1, h)
            : OuterProbabilityInside(n1, n2, g, h);
        return double.IsFinite(probability) && probability is >= 0 and <= 1 && lcm > 0;
    }

    /// <summary>scipy's <c>_compute_prob_outside_square</c>: Pr(D_{n,n} ≥ h/n), Horner-like to avoid cancellation.</summary>
    private static double ProbabilityOutsideSquare(long n, long h)
    {
        var p = 0.0;
        for (var k = n / h; k >= 0; k--)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            }
            p = p1 * (1.0 - p);
        }
        return 2 * p;
    }

    /// <summary>
    /// scipy's <c>_compute_outer_prob_inside_method</c> (scipy/stats/_stats_pythran.py): the share of lattice paths
    /// that leave the band |x/m − y/n| &lt; h/lcm(m, n), with Viehmann's recursion for 1 − p (arXiv:2102.08037).
    /// </summary>
    private static double OuterProbabilityInside(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }
        long mg = m / g, ng = n / g;
        long minj = 0, maxj = Math.Min(CeilDiv(h, mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min(2 * maxj + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        Array.Fill(a, 0.0, (int)minj, (int)(maxj - minj));
        for (long i = 1; i <= m; i++)
        {
            long lastminj = minj, lastlen = curlen;
            minj = Math.Min(Math.Max(FloorDiv(ng * i - h, mg) + 1, 0), n);
            maxj = Math.Min(CeilDiv(ng * i + h, mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }
            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                // numpy slicing stops at the end of the array; so does this.
                var start = (int)(maxj - minj);
                Array.Fill(a, 1.0, start, (int)Math.Min(lastlen - curlen, a.Length - start));
            }
        }
        return a[maxj - minj - 1];
    }

    private static long FloorDiv(long a, long b) => (long)Math.Floor((double)a / b);

    private static long CeilDiv(long a, long b) => (long)Math.Ceiling((double)a / b);

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }
        return a;
    }
}

/// <summary>The KS statistic, also as an exact count of 1/(n1·n2) steps so the exact p-value needs no rounding.</summary>
internal readonly record struct KsStatistic(double Value, long Numerator);
