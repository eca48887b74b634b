using Microsoft.ML;
using Microsoft.ML.Data;

namespace Relearn.Core.Training.TextClassification;

/// <summary>Scores a binary model's predictions against labels: ML.NET's evaluator for AUC and log-loss, counts for the rest.</summary>
public static class BinaryEvaluator
{
    /// <summary>Evaluates scored data with columns <c>Label</c>, <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c>.</summary>
    public static BinaryClassificationReport Evaluate(MLContext ml, IDataView scored)
    {
        var metrics = ml.BinaryClassification.Evaluate(scored, labelColumnName: "Label");
        var labels = scored.GetColumn<bool>("Label").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
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
            metrics.LogLoss,
            ClassScores.From(tn, fn, fp),
            ClassScores.From(tp, fp, fn),
            new ConfusionMatrix(tp, fp, tn, fn));
    }
}
