namespace Relearn.Core.Training.Evaluation;

/// <summary>Evaluation of a binary classifier on held-out rows.</summary>
public sealed record BinaryClassificationReport(
    int N,
    int Positives,
    double Accuracy,
    double Auc,
    double LogLoss,
    ClassScores Negative,
    ClassScores Positive,
    ConfusionMatrix Confusion)
{
    /// <summary>Flat metrics for tracking (<c>accuracy</c>, <c>auc</c>, <c>f1_positive</c>, ...).</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new SortedDictionary<string, double>(StringComparer.Ordinal)
    {
        ["n"] = N,
        ["positives"] = Positives,
        ["accuracy"] = Accuracy,
        ["auc"] = Auc,
        ["logloss"] = LogLoss,
        ["precision_negative"] = Negative.Precision,
        ["recall_negative"] = Negative.Recall,
        ["f1_negative"] = Negative.F1,
        ["precision_positive"] = Positive.Precision,
        ["recall_positive"] = Positive.Recall,
        ["f1_positive"] = Positive.F1,
        ["f1_macro"] = (Negative.F1 + Positive.F1) / 2,
    };
}

/// <summary>Precision, recall and F1 of one class.</summary>
public sealed record ClassScores(double Precision, double Recall, double F1)
{
    /// <summary>Scores from counts; 0 where a ratio is undefined.</summary>
    public static ClassScores From(int truePositive, int falsePositive, int falseNegative)
    {
        var precision = truePositive + falsePositive == 0 ? 0 : (double)truePositive / (truePositive + falsePositive);
        var recall = truePositive + falseNegative == 0 ? 0 : (double)truePositive / (truePositive + falseNegative);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassScores(precision, recall, f1);
    }
}

/// <summary>Counts of actual × predicted.</summary>
public sealed record ConfusionMatrix(int TruePositive, int FalsePositive, int TrueNegative, int FalseNegative);
