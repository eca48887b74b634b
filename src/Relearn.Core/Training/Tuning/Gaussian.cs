namespace Relearn.Core.Training.Tuning;

/// <summary>
/// Standard normal distribution helpers for the Parzen estimators, accurate far into the tails: the log of the
/// mass between two points (Optuna's <c>_log_gauss_mass</c> scheme) and truncated sampling. .NET has no erf, so
/// erf uses its positive-term series below 2 and erfc the Laplace continued fraction above.
/// </summary>
internal static class Gaussian
{
    private const double Sqrt2 = 1.4142135623730951;
    private static readonly double TwoOverSqrtPi = 2 / Math.Sqrt(Math.PI);
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);

    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        var ax = Math.Abs(x);
        var r = ax < 2 ? ErfSeries(ax) : 1 - ErfcFraction(ax);
        return x < 0 ? -r : r;
    }

    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }
        return x < 2 ? 1 - ErfSeries(x) : ErfcFraction(x);
    }

    /// <summary>Φ(z), the standard normal CDF.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Sqrt2);

    /// <summary>log Φ(z), with an asymptotic series in the far left tail where Φ underflows.</summary>
    public static double LogCdf(double z)
    {
        if (z > 6)
        {
            return -Cdf(-z);
        }
        if (z > -20)
        {
            return Math.Log(Cdf(z));
        }
        // log Φ(z) = -z²/2 - log(-z) - log √(2π) + log(1 - 1/z² + 1·3/z⁴ - 1·3·5/z⁶ + ...)
        var series = 1.0;
        var term = 1.0;
        var inverseSquare = 1 / (z * z);
        for (var i = 1; i < 100; i++)
        {
            var next = -term * (2 * i - 1) * inverseSquare;
            if (Math.Abs(next) < double.Epsilon || Math.Abs(next) < series * 1e-17)
            {
                break;
            }
            term = next;
            series += term;
        }
        return -0.5 * z * z - Math.Log(-z) - LogSqrt2Pi + Math.Log(series);
    }

    /// <summary>log(Φ(b) − Φ(a)) for a ≤ b, working in whichever tail keeps precision.</summary>
    public static double LogMass(double a, double b)
    {
        if (b <= 0)
        {
            return LogDifference(LogCdf(b), LogCdf(a));
        }
        if (a > 0)
        {
            return LogMass(-b, -a);
        }
        return LogOnePlus(-Cdf(a) - Cdf(-b));
    }

    /// <summary>log of the standard normal density.</summary>
    public static double LogPdf(double z) => -0.5 * z * z - LogSqrt2Pi;

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Next(Random random)
    {
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    /// <summary>
    /// A draw from N(μ, σ²) truncated to [low, high], by rejection. The estimators only ask with μ inside the range and
    /// σ at most its width, where at least a third of the mass is inside, so rejection is cheap.
    /// </summary>
    public static double NextTruncated(Random random, double mu, double sigma, double low, double high)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var x = mu + sigma * Next(random);
            if (x >= low && x <= high)
            {
                return x;
            }
        }
        return Math.Clamp(mu, low, high);
    }

    /// <summary>log(1 + x), accurate for small x.</summary>
    public static double LogOnePlus(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>log Σ exp(values[i]), without overflow.</summary>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }
        if (double.IsNegativeInfinity(max) || double.IsNaN(max))
        {
            return max;
        }
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }
        return max + Math.Log(sum);
    }

    private static double LogDifference(double logP, double logQ) =>
        logQ >= logP ? double.NegativeInfinity : logP + LogOnePlus(-Math.Exp(logQ - logP));

    // erf(x) = 2/√π · e^(−x²) · Σ (2x²)ⁿ x / (1·3·…·(2n+1)): every term positive, so no cancellation.
    private static double ErfSeries(double x)
    {
        var twoXSquared = 2 * x * x;
        var term = x;
        var sum = x;
        for (var n = 1; term > sum * 1e-17; n++)
        {
            term *= twoXSquared / (2 * n + 1);
            sum += term;
        }
        return TwoOverSqrtPi * Math.Exp(-x * x) * sum;
    }

    // erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + 2/(x + …))))), by the modified Lentz method; x ≥ 2.
    private static double ErfcFraction(double x)
    {
        const double Tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var n = 1; n < 500; n++)
        {
            var a = n / 2.0;
            d = x + a * d;
            d = d == 0 ? 1 / Tiny : 1 / d;
            c = x + a / c;
            c = c == 0 ? Tiny : c;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
