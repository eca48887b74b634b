using Microsoft.ML;
using Microsoft.ML.Data;

namespace Relearn.Core.Training.Evaluation;

/// <summary>
/// Scores a binary model's predictions against labels: ML.NET's evaluator for AUC, counts for the rest, and log-loss
/// computed here in natural logs (nats, as scikit-learn's <c>log_loss</c>): ML.NET's <c>LogLoss</c> is in bits.
/// </summary>
public static class BinaryEvaluator
{
    /// <summary>Evaluates scored data with columns <c>Label</c>, <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>.</summary>
    public static BinaryClassificationReport Evaluate(MLContext ml, IDataView scored)
    {
        var metrics = ml.BinaryClassification.Evaluate(scored, labelColumnName: "Label");
        var labels = scored.GetColumn<bool>("Label").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            switch (labels[i], predicted[i])
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                case (true, false): fn++; break;
            }
        }
        return new BinaryClassificationReport(
            labels.Length,
            tp + fn,
            (double)(tp + tn) / labels.Length,
            metrics.AreaUnderRocCurve,
            LogLoss(labels, probabilities),
            ClassScores.From(tn, fn, fp),
            ClassScores.From(tp, fp, fn),
            new ConfusionMatrix(tp, fp, tn, fn));
    }

    /// <summary>Mean negative natural log of the probability given to the true class, clamped as scikit-learn does.</summary>
    private static double LogLoss(bool[] labels, float[] probabilities)
    {
        if (labels.Length == 0)
        {
            return double.NaN;
        }
        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-15, 1 - 1e-15);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Length;
    }
}
