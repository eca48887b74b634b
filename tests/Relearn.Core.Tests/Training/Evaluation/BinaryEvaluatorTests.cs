using Microsoft.ML;
using Relearn.Core.Training.Evaluation;

namespace Relearn.Core.Tests.Training.Evaluation;

public sealed class BinaryEvaluatorTests
{
    private sealed record Scored(bool Label, float Score, float Probability, bool PredictedLabel);

    [Fact]
    public void Evaluate_LogLoss_IsInNats_AsScikitLearnReportsIt()
    {
        var ml = new MLContext(seed: 1);
        var rows = new[]
        {
            new Scored(true, 1.4f, 0.8f, true),
            new Scored(false, -0.4f, 0.4f, false),
            new Scored(true, 0.2f, 0.55f, true),
            new Scored(false, 2.0f, 0.9f, true),
        };
        var report = BinaryEvaluator.Evaluate(ml, ml.Data.LoadFromEnumerable(rows));

        // sklearn.metrics.log_loss([1, 0, 1, 0], [0.8, 0.4, 0.55, 0.9]) = 0.8526...: natural logs, not ML.NET's bits.
        var expected = -(Math.Log(0.8f) + Math.Log(1 - 0.4f) + Math.Log(0.55f) + Math.Log(1 - 0.9f)) / 4;
        Assert.Equal(expected, report.LogLoss, 6);
        Assert.Equal(expected, report.ToMetrics()["logloss"], 6);
    }

    [Fact]
    public void Evaluate_LogLoss_ClampsCertainMistakes_InsteadOfInfinity()
    {
        var ml = new MLContext(seed: 1);
        var report = BinaryEvaluator.Evaluate(ml, ml.Data.LoadFromEnumerable(new[]
        {
            new Scored(true, -9f, 0f, false),
            new Scored(false, -9f, 0f, false),
        }));

        Assert.True(double.IsFinite(report.LogLoss));
        Assert.Equal(-Math.Log(1e-15) / 2, report.LogLoss, 6);
    }
}
