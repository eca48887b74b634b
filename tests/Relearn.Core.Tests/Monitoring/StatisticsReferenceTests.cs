using Relearn.Core.Monitoring.Statistics;
using static Relearn.Core.Tests.Monitoring.ReferenceValues;

namespace Relearn.Core.Tests.Monitoring;

/// <summary>The statistics against scipy's and scikit-learn's own outputs (shared/data/reference-values, copied in).</summary>
public sealed class StatisticsReferenceTests
{
    private const double Tolerance = 1e-6;

    [Fact]
    public void KsTwoSample_AutoAndExact_EqualScipyStatisticAndPValue_Issue9()
    {
        var cases = Statistics["ks_2samp"]!.AsArray().Where(c => (string)c!["mode"]! != "asymp").ToArray();
        Assert.NotEmpty(cases);
        foreach (var c in cases)
        {
            var result = KolmogorovSmirnov.Test(Doubles(c!["a"]), Doubles(c["b"]));
            Assert.Equal((double)c["statistic"]!, result.Statistic, 1e-12);
            Assert.Equal((double)c["pvalue"]!, result.PValue!.Value, Tolerance);
        }
    }

    [Fact]
    public void KolmogorovSurvival_AtRoundedEffectiveN_EqualsScipyAsymptoticPValue_Issue9()
    {
        foreach (var c in Statistics["ks_2samp"]!.AsArray().Where(c => (string)c!["mode"]! == "asymp"))
        {
            double m = Doubles(c!["a"]).Length, n = Doubles(c["b"]).Length;
            var en = (int)Math.Round(m * n / (m + n), MidpointRounding.ToEven);
            Assert.Equal((double)c["pvalue"]!, KolmogorovDistribution.Survival(en, (double)c["statistic"]!), Tolerance);
        }
    }

    [Theory]
    [InlineData(new[] { 1.01, 2.01 }, new[] { 1.0, 2, 3, 4 }, 0.5, 14.0 / 15)] // scipy test_stats.py TestKSTwoSamples
    [InlineData(new[] { 2.0, 2, 3, 3 }, new[] { 3.0, 3, 4, 4 }, 0.5, 0.7714285714285714)]
    public void KsTwoSample_ScipyPublishedValues_Issue9(double[] a, double[] b, double statistic, double p)
    {
        var result = KolmogorovSmirnov.Test(a, b);
        Assert.Equal(statistic, result.Statistic, 1e-12);
        Assert.Equal(p, result.PValue!.Value, Tolerance);
    }

    [Fact]
    public void ChiSquare_WithExpectedRescaledAsEvidently_EqualsScipy_Issue9()
    {
        foreach (var c in Statistics["chisquare"]!.AsArray())
        {
            var observed = Doubles(c!["observed"]);
            var from = c["expected_counts_rescaled_from"] is { } e ? Doubles(e) : observed.Select(_ => 1.0).ToArray();
            var expected = from.Select(x => x * observed.Sum() / from.Sum()).ToArray();
            var result = ChiSquare.Test(observed, expected);
            Assert.Equal((double)c["statistic"]!, result.Statistic, 1e-9);
            Assert.Equal((double)c["pvalue"]!, result.PValue!.Value, Tolerance);
        }
    }

    [Fact]
    public void Wasserstein_EqualsScipy_Issue9()
    {
        foreach (var c in Statistics["wasserstein"]!.AsArray())
        {
            double[] u = Doubles(c!["u"]), v = Doubles(c["v"]);
            var distance = c["u_weights"] is { } uw
                ? Wasserstein.Distance(u, v, Doubles(uw), Doubles(c["v_weights"]))
                : Wasserstein.Distance(u.Order().ToArray(), v.Order().ToArray());
            Assert.Equal((double)c["distance"]!, distance, Tolerance);
        }
    }

    [Fact]
    public void JensenShannon_IsScipysDistance_Issue9()
    {
        foreach (var c in Statistics["jensenshannon"]!.AsArray())
        {
            double? logBase = c!["base"] is { } b ? (double)b : null;
            Assert.Equal((double)c["distance"]!, Divergences.JensenShannon(Doubles(c["p"]), Doubles(c["q"]), logBase), Tolerance);
        }
    }

    [Fact]
    public void PopulationStability_OnNormalizedShares_EqualsReference_Issue9()
    {
        foreach (var c in Statistics["psi"]!.AsArray())
        {
            double[] reference = Doubles(c!["reference"]), current = Doubles(c["current"]);
            var psi = Divergences.PopulationStability(
                reference.Select(x => x / reference.Sum()).ToArray(), current.Select(x => x / current.Sum()).ToArray());
            Assert.Equal((double)c["psi"]!, psi, Tolerance);
        }
    }
}
