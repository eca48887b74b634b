using Relearn.Core.Training.Embeddings;

namespace Relearn.GitHub.Tasks.ReviewAssist.Evaluation;

/// <summary>BERTScore precision, recall and F1 of one candidate against one reference.</summary>
/// <param name="Precision">Mean over the candidate's tokens of the best cosine match among the reference's.</param>
/// <param name="Recall">Mean over the reference's tokens of the best cosine match among the candidate's.</param>
/// <param name="F1">Their harmonic mean.</param>
public readonly record struct BertScoreValue(double Precision, double Recall, double F1);

/// <summary>
/// Semantic similarity of a suggested comment and the human one, as BERTScore computes it (Zhang et al. 2020;
/// Tiiiger/bert_score, MIT, <c>bert_score/utils.py</c> <c>greedy_cos_idf</c>, with <c>idf=False</c>): every token vector
/// normalised, each token greedily matched to its most similar token of the other text — [CLS] and [SEP] may be matched
/// but get weight 0, so each score is the plain mean over the real tokens — and F1 = 2PR / (P + R). An empty text (only
/// [CLS] and [SEP]) scores 0, as bert_score sets it. The encoder is all-MiniLM-L6-v2's last layer (<see cref="TextEmbedder"/>):
/// raw scores, not rescaled (bert_score publishes rescale baselines only for its own models), so unrelated texts still score
/// well above 0 — compare systems on the same data, not against other papers' BERTScores.
/// </summary>
public static class BertScore
{
    /// <summary>The score of <paramref name="candidate"/> against <paramref name="reference"/>, token vectors [CLS] first and [SEP] last.</summary>
    public static BertScoreValue Score(IReadOnlyList<float[]> candidate, IReadOnlyList<float[]> reference)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        if (candidate.Count <= 2 || reference.Count <= 2)
        {
            return new BertScoreValue(0, 0, 0);
        }
        var hyp = candidate.Select(Normalize).ToArray();
        var refs = reference.Select(Normalize).ToArray();
        var bestForHyp = new double[hyp.Length];
        var bestForRef = new double[refs.Length];
        Array.Fill(bestForHyp, double.NegativeInfinity);
        Array.Fill(bestForRef, double.NegativeInfinity);
        for (var i = 0; i < hyp.Length; i++)
        {
            for (var j = 0; j < refs.Length; j++)
            {
                var similarity = Dot(hyp[i], refs[j]);
                bestForHyp[i] = Math.Max(bestForHyp[i], similarity);
                bestForRef[j] = Math.Max(bestForRef[j], similarity);
            }
        }
        var precision = bestForHyp[1..^1].Average();
        var recall = bestForRef[1..^1].Average();
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BertScoreValue(precision, recall, f1);
    }

    /// <summary>
    /// For each system's candidates (one per reference, in order), the mean F1 against <paramref name="references"/>, with token
    /// vectors from <paramref name="embedder"/>; NaN when there are no references.
    /// </summary>
    public static double[] MeanF1(TextEmbedder embedder, IReadOnlyList<string> references, params IReadOnlyList<string>[] systems)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(systems);
        if (systems.FirstOrDefault(s => s.Count != references.Count) is { } wrong)
        {
            throw new ArgumentException($"{wrong.Count} candidates for {references.Count} references", nameof(systems));
        }
        if (references.Count == 0)
        {
            return [.. systems.Select(_ => double.NaN)];
        }
        // One encoder pass over the distinct texts: systems share the references, and a constant baseline repeats one text.
        var texts = references.Concat(systems.SelectMany(s => s)).Distinct(StringComparer.Ordinal).ToList();
        var vectors = embedder.EmbedTokens(texts);
        var byText = texts.Select((text, i) => (text, i)).ToDictionary(p => p.text, p => vectors[p.i], StringComparer.Ordinal);
        return [.. systems.Select(candidates => candidates.Select((candidate, i) => Score(byText[candidate], byText[references[i]]).F1).Average())];
    }

    private static double[] Normalize(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(x => (double)x * x));
        return [.. vector.Select(x => x / Math.Max(norm, 1e-12))];
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            sum += a[d] * b[d];
        }
        return sum;
    }
}
