namespace Relearn.Core.Training.Tuning;

/// <summary>
/// Optuna's univariate Parzen estimator for a numeric parameter: a mixture of Gaussians truncated to the sampling
/// range, one per observation plus a wide prior at the centre. Bandwidths follow Optuna's defaults: each kernel as
/// wide as the larger gap to its sorted neighbours (the outermost ones use their inner gap, <c>consider_endpoints=False</c>),
/// clipped by the "magic clip" to [range / min(100, 1 + kernels), range]; the prior is as wide as the range.
/// For ints the density of a value is the mass of its cell, as Optuna's discrete truncated (log-)normal.
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly NumericDomain _domain;
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double[] _weights;
    private readonly double[] _logWeights;
    private readonly double[] _logNormalizers;

    /// <param name="observations">Encoded values, in trial-number order (it sets their weights).</param>
    /// <param name="domain">The parameter's sampling space.</param>
    /// <param name="priorWeight">Weight of the prior kernel relative to one observation.</param>
    public ParzenEstimator(IReadOnlyList<double> observations, NumericDomain domain, double priorWeight)
    {
        _domain = domain;
        var n = observations.Count;
        var width = domain.High - domain.Low;
        var priorMu = 0.5 * (domain.Low + domain.High);

        _mus = [.. observations.Select(domain.Transform), priorMu];
        _sigmas = NeighbourBandwidths(_mus, domain.Low, domain.High);
        var minSigma = width / Math.Min(100.0, 1.0 + (n + 1));
        for (var i = 0; i < n; i++)
        {
            _sigmas[i] = Math.Clamp(_sigmas[i], minSigma, width);
        }
        _sigmas[n] = width;

        _weights = TpeWeights.Of(n, priorWeight);
        _logWeights = [.. _weights.Select(w => Math.Log(w))];
        _logNormalizers = new double[n + 1];
        for (var k = 0; k <= n; k++)
        {
            _logNormalizers[k] = Gaussian.LogMass(Standardize(domain.Low, k), Standardize(domain.High, k));
        }
    }

    /// <summary>A draw from the mixture, as an encoded value inside the parameter's bounds.</summary>
    public double Sample(Random random)
    {
        var k = Pick(_weights, random);
        return _domain.Untransform(Gaussian.NextTruncated(random, _mus[k], _sigmas[k], _domain.Low, _domain.High));
    }

    /// <summary>Log density (log mass on a grid) of the mixture at an encoded value.</summary>
    public double LogDensity(double encoded)
    {
        var x = _domain.Transform(encoded);
        var (cellLow, cellHigh) = _domain.Step > 0 ? _domain.Cell(encoded) : (x, x);
        Span<double> terms = _mus.Length <= 256 ? stackalloc double[_mus.Length] : new double[_mus.Length];
        for (var k = 0; k < _mus.Length; k++)
        {
            var log = _domain.Step > 0
                ? Gaussian.LogMass(Standardize(cellLow, k), Standardize(cellHigh, k))
                : Gaussian.LogPdf(Standardize(x, k)) - Math.Log(_sigmas[k]);
            terms[k] = _logWeights[k] + log - _logNormalizers[k];
        }
        return Gaussian.LogSumExp(terms);
    }

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/> (which sum to 1).</summary>
    internal static int Pick(IReadOnlyList<double> weights, Random random)
    {
        var u = random.NextDouble();
        for (var k = 0; k < weights.Count - 1; k++)
        {
            u -= weights[k];
            if (u < 0)
            {
                return k;
            }
        }
        return weights.Count - 1;
    }

    private double Standardize(double x, int k) => (x - _mus[k]) / _sigmas[k];

    // Optuna's univariate bandwidth: the larger distance to the sorted neighbours, with the range edges as outer
    // neighbours, except that the first and last kernels (when there are two or more) take their inner distance.
    private static double[] NeighbourBandwidths(double[] mus, double lowEdge, double highEdge)
    {
        var order = Enumerable.Range(0, mus.Length).OrderBy(i => mus[i]).ToArray();
        var points = new double[mus.Length + 2];
        points[0] = lowEdge;
        points[^1] = highEdge;
        for (var j = 0; j < order.Length; j++)
        {
            points[j + 1] = mus[order[j]];
        }
        var sorted = new double[mus.Length];
        for (var j = 0; j < sorted.Length; j++)
        {
            sorted[j] = Math.Max(points[j + 1] - points[j], points[j + 2] - points[j + 1]);
        }
        if (sorted.Length >= 2)
        {
            sorted[0] = points[2] - points[1];
            sorted[^1] = points[^2] - points[^3];
        }
        var sigmas = new double[mus.Length];
        for (var j = 0; j < order.Length; j++)
        {
            sigmas[order[j]] = sorted[j];
        }
        return sigmas;
    }
}
