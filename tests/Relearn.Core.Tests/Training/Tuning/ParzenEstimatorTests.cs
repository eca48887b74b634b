using Relearn.Core.Training.Tuning;

namespace Relearn.Core.Tests.Training.Tuning;

public sealed class ParzenEstimatorTests
{
    [Fact]
    public void FloatDensity_IntegratesToOne_OverTheRange()
    {
        var domain = NumericDomain.Of(new FloatParameter("x", -2, 3));
        var estimator = new ParzenEstimator([-1.9, 0.1, 0.15, 2.9], domain, priorWeight: 1);

        const int Cells = 20_000;
        var width = 5.0 / Cells;
        var integral = Enumerable.Range(0, Cells).Sum(i => Math.Exp(estimator.LogDensity(-2 + (i + 0.5) * width)) * width);

        Assert.Equal(1.0, integral, 1e-3);
    }

    [Fact]
    public void IntMass_SumsToOne_OverTheValues()
    {
        var domain = NumericDomain.Of(new IntParameter("n", 2, 40));
        var estimator = new ParzenEstimator([2, 3, 17, 40], domain, priorWeight: 1);

        var total = Enumerable.Range(2, 39).Sum(v => Math.Exp(estimator.LogDensity(v)));

        Assert.Equal(1.0, total, 1e-9);
    }

    [Fact]
    public void LogIntMass_SumsToOne_OverTheValues()
    {
        var domain = NumericDomain.Of(new IntParameter("leaves", 4, 128, Log: true));
        var estimator = new ParzenEstimator([4, 9, 64, 100], domain, priorWeight: 1);

        var total = Enumerable.Range(4, 125).Sum(v => Math.Exp(estimator.LogDensity(v)));

        Assert.Equal(1.0, total, 1e-9);
    }

    [Fact]
    public void Density_PeaksAtTheObservations()
    {
        var domain = NumericDomain.Of(new FloatParameter("x", 0, 1));
        var estimator = new ParzenEstimator([0.3, 0.31, 0.29], domain, priorWeight: 1);

        Assert.True(estimator.LogDensity(0.3) > estimator.LogDensity(0.8) + 1);
    }

    [Fact]
    public void Weights_AreOptunasDefault()
    {
        Assert.Equal([1.0], TpeWeights.Of(0, 1));
        Assert.Equal([0.25, 0.25, 0.25, 0.25], TpeWeights.Of(3, 1));

        var w = TpeWeights.Of(30, 1);
        // Five ramped weights from 1/30 to 1, then 25 ones, then the prior; all over their sum.
        var sum = (1.0 / 30 + 1) / 2 * 5 + 25 + 1;
        Assert.Equal(1.0 / 30 / sum, w[0], 1e-12);
        Assert.Equal(1.0 / sum, w[4], 1e-12);
        Assert.Equal(1.0 / sum, w[30], 1e-12);
        Assert.Equal(1.0, w.Sum(), 1e-12);
    }

    [Fact]
    public void Categorical_FavoursObservedChoices_AndStaysAProbability()
    {
        var estimator = new CategoricalParzenEstimator([1, 1, 2], choices: 3, priorWeight: 1);

        var p = Enumerable.Range(0, 3).Select(c => Math.Exp(estimator.LogDensity(c))).ToArray();

        Assert.Equal(1.0, p.Sum(), 1e-12);
        Assert.True(p[1] > p[2] && p[2] > p[0]);
        Assert.True(p[0] > 0);
    }
}
