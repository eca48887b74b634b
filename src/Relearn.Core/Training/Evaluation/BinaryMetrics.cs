namespace Relearn.Core.Training.Evaluation;

/// <summary>Ranking and calibration metrics from labels and probabilities.</summary>
public static class BinaryMetrics
{
    /// <summary><c>auc</c>, <c>pr_auc</c> (average precision), <c>logloss</c>, <c>accuracy</c> (at 0.5), <c>n</c>, <c>positives</c>.</summary>
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(labels.Count, probabilities.Count);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        var logLoss = 0.0;
        var correct = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-15, 1 - 1e-15);
            logLoss -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
            correct += (probabilities[i] >= 0.5) == labels[i] ? 1 : 0;
        }
        return new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["auc"] = positives == 0 || negatives == 0 ? double.NaN : RocAuc(labels, probabilities, positives, negatives),
            ["pr_auc"] = positives == 0 ? double.NaN : AveragePrecision(labels, probabilities, positives),
            ["logloss"] = labels.Count == 0 ? double.NaN : logLoss / labels.Count,
            ["accuracy"] = labels.Count == 0 ? double.NaN : (double)correct / labels.Count,
            ["n"] = labels.Count,
            ["positives"] = positives,
        };
    }

    /// <summary>Mann-Whitney AUC with average ranks for ties.</summary>
    private static double RocAuc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, int positives, int negatives)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var rankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    rankSum += averageRank;
                }
            }
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Average precision (scikit-learn's definition): precision at each positive, by descending score, tied scores taken together.</summary>
    private static double AveragePrecision(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, int positives)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double ap = 0, previousRecall = 0;
        int truePositives = 0, seen = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            for (var k = start; k <= end; k++)
            {
                truePositives += labels[order[k]] ? 1 : 0;
                seen++;
            }
            var recall = (double)truePositives / positives;
            ap += (recall - previousRecall) * truePositives / seen;
            previousRecall = recall;
            start = end + 1;
        }
        return ap;
    }
}
