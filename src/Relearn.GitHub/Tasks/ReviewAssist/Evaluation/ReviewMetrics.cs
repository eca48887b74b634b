using Relearn.Core.Training.Embeddings;
using Relearn.Core.Training.Evaluation;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Features;

namespace Relearn.GitHub.Tasks.ReviewAssist.Evaluation;

/// <summary>
/// How good a review-assist model is, measured as the CodeReviewer paper does. Location on rows with <c>y</c>:
/// <c>auc</c>, and <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>accuracy</c> at the model's threshold, next to
/// <c>f1_always_comment</c> (the baseline that comments on every hunk). Comments on rows with <c>msg</c>:
/// <c>bleu4</c> of the top suggestion (<see cref="CodeReviewerBleu"/>), <c>distinct</c> (share of distinct top
/// suggestions), and <c>semantic</c> (mean BERTScore F1 of the top suggestion against the human comment with MiniLM token
/// vectors, <see cref="BertScore"/>), side by side with plain nearest-neighbour retrieval (<c>bleu4_nearest</c>,
/// <c>distinct_nearest</c>, <c>semantic_nearest</c>) and a constant comment (<c>bleu4_constant</c>, <c>semantic_constant</c>:
/// "Why is this needed?" on every hunk).
/// </summary>
public static class ReviewMetrics
{
    /// <summary>The constant-comment baseline: a canned question BLEU rewards on small samples.</summary>
    public const string ConstantComment = "Why is this needed?";

    /// <summary>All metrics of <paramref name="model"/> on <paramref name="examples"/>.</summary>
    public static IReadOnlyDictionary<string, double> Compute(ReviewAssistModel model, IReadOnlyList<ReviewExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["n"] = examples.Count };
        var labelled = examples.Where(e => e.Y is not null).ToList();
        metrics["n_location"] = labelled.Count;
        foreach (var (key, value) in Location(model, labelled))
        {
            metrics[key] = value;
        }
        var commented = examples.Where(e => e.Msg is not null).ToList();
        metrics["n_comments"] = commented.Count;
        foreach (var (key, value) in Comments(model, commented))
        {
            metrics[key] = value;
        }
        return metrics;
    }

    private static Dictionary<string, double> Location(ReviewAssistModel model, IReadOnlyList<ReviewExample> rows)
    {
        if (rows.Count == 0)
        {
            return new[] { "auc", "precision", "recall", "f1", "accuracy", "positive_share", "f1_always_comment" }.ToDictionary(k => k, _ => double.NaN);
        }
        var labels = rows.Select(r => r.Y == 1).ToList();
        var scores = rows.Select(r => model.Location.Score(HunkFeatures.Of(DiffHunk.Parse(r.Patch), new HunkContext(r.Language, r.Path), model.Location.Parameters.RemovedTokens))).ToList();
        var binary = BinaryMetrics.Compute(labels, scores);
        var (precision, recall, f1, accuracy) = AtThreshold(labels, scores, model.Location.Threshold);
        var positiveShare = rows.Count == 0 ? double.NaN : (double)labels.Count(l => l) / rows.Count;
        return new Dictionary<string, double>
        {
            ["auc"] = binary["auc"],
            ["precision"] = precision,
            ["recall"] = recall,
            ["f1"] = f1,
            ["accuracy"] = accuracy,
            ["threshold"] = model.Location.Threshold,
            ["positive_share"] = positiveShare,
            ["f1_always_comment"] = 2 * positiveShare / (1 + positiveShare),
        };
    }

    /// <summary>Precision, recall, F1 and accuracy when scores at or over <paramref name="threshold"/> are predicted positive.</summary>
    public static (double Precision, double Recall, double F1, double Accuracy) AtThreshold(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            (tp, fp, fn, tn) = (predicted, labels[i]) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (true, false) => (tp, fp + 1, fn, tn),
                (false, true) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
        }
        var counted = ClassScores.From(tp, fp, fn);
        return (counted.Precision, counted.Recall, counted.F1, labels.Count == 0 ? double.NaN : (double)(tp + tn) / labels.Count);
    }

    private static Dictionary<string, double> Comments(ReviewAssistModel model, IReadOnlyList<ReviewExample> rows)
    {
        if (rows.Count == 0)
        {
            return new() { ["bleu4"] = double.NaN, ["distinct"] = double.NaN, ["semantic"] = double.NaN };
        }
        var golds = rows.Select(r => r.Msg!).ToList();
        var ranked = Top(model, rows, model.Ranking);
        var nearest = Top(model, rows, CommentRanking.Nearest);
        var constant = Enumerable.Repeat(ConstantComment, rows.Count).ToList();
        var semantic = BertScore.MeanF1(TextEmbedder.Shared, golds, ranked, nearest, constant);
        return new()
        {
            ["bleu4"] = CodeReviewerBleu.Score(ranked, golds),
            ["distinct"] = Distinct(ranked),
            ["bleu4_nearest"] = CodeReviewerBleu.Score(nearest, golds),
            ["distinct_nearest"] = Distinct(nearest),
            ["bleu4_constant"] = CodeReviewerBleu.Score(constant, golds),
            ["distinct_constant"] = Distinct(constant),
            ["semantic"] = semantic[0],
            ["semantic_nearest"] = semantic[1],
            ["semantic_constant"] = semantic[2],
        };
    }

    private static List<string> Top(ReviewAssistModel model, IReadOnlyList<ReviewExample> rows, CommentRanking ranking) =>
        rows.Select(r => model.Comments.Suggest(DiffHunk.Parse(r.Patch), r.Language, 1, ranking) is [var first, ..] ? first.Body : "").ToList();

    /// <summary>The share of distinct texts (trimmed, case-insensitive) among the top suggestions.</summary>
    public static double Distinct(IReadOnlyList<string> suggestions)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        return suggestions.Count == 0 ? double.NaN
            : (double)suggestions.Select(s => s.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Count() / suggestions.Count;
    }
}
