using System.Text.Json;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Training.Evaluation;

namespace Relearn.Core.Monitoring;

/// <summary>
/// Classification metrics of labelled predictions, named as evaluation names them: <c>accuracy</c>, <c>precision</c>,
/// <c>recall</c>, <c>f1</c> (of the positive class for two classes, macro-averaged for more), <c>auc</c> where the
/// answer carries a <c>probability</c> of the positive class, and <c>n</c>.
/// </summary>
public static class LabelledMetrics
{
    /// <summary>The metrics of <paramref name="labelled"/>; empty when there is none or the labels are not classes.</summary>
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyList<LabelledPrediction> labelled)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        var pairs = new List<(string Truth, string Predicted, double? Probability)>(labelled.Count);
        foreach (var item in labelled)
        {
            if (Truth(item.Label.LabelJson) is not { } truth || Answer(item.Prediction.OutputJson) is not ({ } predicted, var probability))
            {
                continue;
            }
            pairs.Add((truth, predicted, probability));
        }
        if (pairs.Count == 0)
        {
            return new Dictionary<string, double>();
        }
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["n"] = pairs.Count,
            ["accuracy"] = pairs.Count(p => p.Truth == p.Predicted) / (double)pairs.Count,
        };
        var classes = pairs.SelectMany(p => new[] { p.Truth, p.Predicted }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // The positive class is the one a probability ≥ 0.5 predicts; without probabilities, the last class in order.
        var positive = pairs.Where(p => p.Probability >= 0.5).GroupBy(p => p.Predicted).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()
            ?? classes[^1];
        if (classes.Count <= 2)
        {
            var (precision, recall, f1) = Scores(pairs, positive);
            metrics["precision"] = precision;
            metrics["recall"] = recall;
            metrics["f1"] = f1;
            if (pairs.All(p => p.Probability is not null) && classes.Count == 2)
            {
                var auc = BinaryMetrics.RocAuc(pairs.Select(p => p.Truth == positive).ToList(), pairs.Select(p => p.Probability!.Value).ToList());
                if (!double.IsNaN(auc))
                {
                    metrics["auc"] = auc;
                }
            }
        }
        else
        {
            metrics["f1"] = classes.Average(c => Scores(pairs, c).F1);
        }
        return metrics;
    }

    private static (double Precision, double Recall, double F1) Scores(List<(string Truth, string Predicted, double? Probability)> pairs, string positive)
    {
        var tp = pairs.Count(p => p.Predicted == positive && p.Truth == positive);
        var fp = pairs.Count(p => p.Predicted == positive && p.Truth != positive);
        var fn = pairs.Count(p => p.Predicted != positive && p.Truth == positive);
        // scikit-learn's zero_division=0.
        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    private static string? Truth(string labelJson)
    {
        using var label = JsonDocument.Parse(labelJson);
        return label.RootElement.ValueKind == JsonValueKind.String ? label.RootElement.GetString() : null;
    }

    private static (string? Label, double? Probability) Answer(string outputJson)
    {
        using var output = JsonDocument.Parse(outputJson);
        var root = output.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("label", out var label) || label.ValueKind != JsonValueKind.String)
        {
            return (null, null);
        }
        double? probability = root.TryGetProperty("probability", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null;
        return (label.GetString(), probability);
    }
}
