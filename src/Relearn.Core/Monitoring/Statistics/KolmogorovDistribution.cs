using MathNet.Numerics;

namespace Relearn.Core.Monitoring.Statistics;

/// <summary>
/// The survival function of the two-sided one-sample Kolmogorov statistic D_n (scipy's <c>kstwo.sf</c>), ported
/// from scipy 1.10 <c>scipy/stats/_ksstats.py</c> (<c>_kolmogn</c>, Simard &amp; L'Ecuyer 2011; BSD-3). scipy's
/// two-sample asymptotic p-value is this at n = round(mn/(m+n)). Where scipy picks Pomeranz's recursion
/// (n ≤ 140, 0.754693 &lt; nx² ≤ 4) this uses the Durbin matrix, which is exact as well: the two agree to rounding.
/// </summary>
public static class KolmogorovDistribution
{
    private const int Exponent128 = 128;
    private static readonly double Pow2To128 = Math.ScaleB(1.0, Exponent128);
    private static readonly double Pow2ToMinus128 = Math.ScaleB(1.0, -Exponent128);
    private static readonly double[] StirlingCoefficients =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    /// <summary>Pr(D_n &gt; x).</summary>
    public static double Survival(int n, double x)
    {
        if (n <= 0 || double.IsNaN(x))
        {
            return double.NaN;
        }
        if (x >= 1.0)
        {
            return 0.0;
        }
        if (x <= 0.0)
        {
            return 1.0;
        }
        var t = n * x;
        if (t <= 1.0)
        {
            // Ruben–Gambino: 1/2n <= x <= 1/n.
            if (t <= 0.5)
            {
                return 1.0;
            }
            double cdf;
            if (n <= 140)
            {
                cdf = 1.0;
                for (var i = 1; i <= n; i++)
                {
                    cdf *= i * (1.0 / n) * (2 * t - 1);
                }
            }
            else
            {
                cdf = Math.Exp(LogFactorialOverPower(n) + n * Math.Log(2 * t - 1));
            }
            return Clip(1.0 - cdf);
        }
        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1.0 - x, n));
        }
        if (x >= 0.5)
        {
            return Clip(2 * Smirnov(n, x));
        }
        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 4)
            {
                return Clip(1.0 - DurbinMatrix(n, x));
            }
            return Clip(2 * Smirnov(n, x));
        }
        if (nxSquared >= 370.0)
        {
            return 0.0;
        }
        if (nxSquared >= 2.2)
        {
            return Clip(2 * Smirnov(n, x));
        }
        var cdfProbability = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? DurbinMatrix(n, x) : PelzGood(n, x);
        return Clip(1.0 - cdfProbability);
    }

    /// <summary>
    /// Smirnov's one-sided Pr(D+_n ≥ e), Birnbaum and Tingey's exact sum (scipy.special.smirnov), each term
    /// in logarithms so large n neither overflows nor underflows.
    /// </summary>
    public static double Smirnov(int n, double e)
    {
        if (e <= 0)
        {
            return 1.0;
        }
        if (e >= 1)
        {
            return 0.0;
        }
        var nn = (int)Math.Floor(n * (1.0 - e));
        var logNFactorial = SpecialFunctions.GammaLn(n + 1.0);
        var p = 0.0;
        for (var v = 0; v <= nn; v++)
        {
            var evn = e + (double)v / n;
            var omevn = 1.0 - evn;
            if (omevn <= 0 && v != n)
            {
                continue;
            }
            var term = logNFactorial - SpecialFunctions.GammaLn(v + 1.0) - SpecialFunctions.GammaLn(n - v + 1.0)
                + (v - 1) * Math.Log(evn) + (n - v == 0 ? 0 : (n - v) * Math.Log(omevn));
            if (term > -708)
            {
                p += Math.Exp(term);
            }
        }
        return p * e;
    }

    /// <summary>Pr(D_n ≤ d) by Durbin's matrix, as Marsaglia, Tsang and Wang (2003) compute it (<c>_kolmogn_DMTW</c>).</summary>
    internal static double DurbinMatrix(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }
        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var hm = new double[m, m];
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * fac;
        }
        var tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                hm[r, i] = w[r - i + 1];
            }
        }
        for (var r = 0; r < m; r++)
        {
            hm[r, 0] = v[r];
        }
        for (var c = 0; c < m; c++)
        {
            hm[m - 1, c] = v[m - 1 - c];
        }

        var power = Identity(m);
        var nn = n;
        int exponent = 0, hExponent = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                power = Multiply(power, hm);
                exponent += hExponent;
            }
            hm = Multiply(hm, hm);
            hExponent *= 2;
            if (Math.Abs(hm[k - 1, k - 1]) > Pow2To128)
            {
                Scale(hm, 1 / Pow2To128);
                hExponent += Exponent128;
            }
            nn /= 2;
        }
        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Pow2ToMinus128)
            {
                p *= Pow2To128;
                exponent -= Exponent128;
            }
        }
        if (exponent != 0)
        {
            p = Math.ScaleB(p, exponent);
        }
        return Clip(p);
    }

    /// <summary>The Pelz–Good approximation of Pr(D_n ≤ x) (<c>_kolmogn_PelzGood</c>), for large n.</summary>
    internal static double PelzGood(int n, double x)
    {
        if (x <= 0.0)
        {
            return 0.0;
        }
        if (x >= 1.0)
        {
            return 1.0;
        }
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var qlog = -Math.PI * Math.PI / 8 / z2;
        if (qlog < -708)
        {
            return 0.0;
        }
        var q = Math.Exp(qlog);
        const double Pi2 = Math.PI * Math.PI, Pi4 = Pi2 * Pi2, Pi6 = Pi4 * Pi2;
        var k1a = -z2;
        var k1b = Pi2 / 4;
        var k2a = 6 * z6 + 2 * z4;
        var k2b = (2 * z4 - 5 * z2) * Pi2 / 4;
        var k2c = Pi4 * (1 - 2 * z2) / 16;
        var k3d = Pi6 * (5 - 30 * z2) / 64;
        var k3c = Pi4 * (-60 * z2 + 212 * z4) / 16;
        var k3b = Pi2 * (135 * z4 - 96 * z6) / 4;
        var k3a = -30 * z6 - 90 * Math.Pow(z, 8);
        var terms = new double[4];
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = 2 * k - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qpower = Math.Pow(q, 8 * k);
            terms[0] = terms[0] * qpower + 1.0;
            terms[1] = terms[1] * qpower + k1a + k1b * m2;
            terms[2] = terms[2] * qpower + k2a + k2b * m2 + k2c * m4;
            terms[3] = terms[3] * qpower + k3a + k3b * m2 + k3c * m4 + k3d * m6;
        }
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        double[] divisors = [z, 6 * z4, 72 * Math.Pow(z, 7), 6480 * Math.Pow(z, 10)];
        for (var i = 0; i < 4; i++)
        {
            terms[i] = terms[i] * q * sqrt2Pi / divisors[i];
        }
        var q2 = Math.Exp(-Pi2 / 2 / z2);
        double k2extra = 0, k3extra = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var k = maxk; k > 0; k--)
        {
            double kk = (double)k * k, qp = Math.Pow(q2, kk), kpi = Math.PI * k;
            k2extra += kk * qp;
            k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * kk * qp;
        }
        terms[2] += k2extra * Pi2 * sqrt2Pi / (-36 * z3);
        terms[3] += k3extra * Pi2 * sqrt2Pi / (216 * z6);
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            sum += terms[i] / Math.Pow(n, i / 2.0);
        }
        return sum;
    }

    private static double LogFactorialOverPower(int n)
    {
        var rn = 1.0 / n;
        var poly = 0.0;
        foreach (var c in StirlingCoefficients)
        {
            poly = poly * (rn / n) + c;
        }
        return Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * poly;
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);

    private static double[,] Identity(int m)
    {
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            result[i, i] = 1.0;
        }
        return result;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                var aik = a[i, k];
                if (aik == 0)
                {
                    continue;
                }
                for (var j = 0; j < m; j++)
                {
                    result[i, j] += aik * b[k, j];
                }
            }
        }
        return result;
    }

    private static void Scale(double[,] a, double factor)
    {
        var m = a.GetLength(0);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                a[i, j] *= factor;
            }
        }
    }
}
