namespace Relearn.Core.Monitoring.Statistics;

/// <summary>Area under the ROC curve (scikit-learn's <c>roc_auc_score</c> for two classes), ties counted half.</summary>
public static class RocAuc
{
    /// <summary>The AUC of <paramref name="scores"/> for labels true = positive; NaN when one class is missing.</summary>
    public static double Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        // Mann–Whitney U from average ranks: equal scores share their rank.
        double positiveRankSum = 0;
        long positives = 0;
        var start = 0;
        while (start < keys.Length)
        {
            var end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start])
            {
                end++;
            }
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
