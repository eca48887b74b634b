using Relearn.Core.Training.Embeddings;
using Relearn.Core.Training.Lexicons;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>
/// The features of the embedding classifier: the 384-d all-MiniLM-L6-v2 vector, then (optionally) the four lexicon
/// scores scaled by <see cref="LexiconWeight"/>. Computed texts are remembered, so a leave-one-domain-out selection, the
/// final fit and its evaluation embed each sentence once. Thread-safe.
/// </summary>
internal sealed class EmbeddingFeatures(bool lexicon)
{
    /// <summary>
    /// Scale of the lexicon scores next to unit-length embeddings (whose components are about ±0.1), so one L2 penalty
    /// suits both. Chosen once, not tuned: 0.25 puts a strong lexicon score at about the size of a large embedding component.
    /// </summary>
    public const float LexiconWeight = 0.25f;

    private readonly Dictionary<string, float[]> _known = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Whether the lexicon scores are part of the features.</summary>
    public bool Lexicon => lexicon;

    /// <summary>Length of a feature vector.</summary>
    public int Length => TextEmbedder.Dimensions + (lexicon ? LexiconScores.Count : 0);

    /// <summary>Feature vectors of <paramref name="texts"/>, in order; unknown texts are embedded in one batch.</summary>
    public float[][] Of(IReadOnlyList<string> texts)
    {
        List<string> missing;
        lock (_gate)
        {
            missing = texts.Where(t => !_known.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        }
        if (missing.Count > 0)
        {
            var vectors = Compute(missing);
            lock (_gate)
            {
                for (var i = 0; i < missing.Count; i++)
                {
                    _known[missing[i]] = vectors[i];
                }
            }
        }
        lock (_gate)
        {
            return texts.Select(t => _known[t]).ToArray();
        }
    }

    /// <summary>Feature vectors without remembering them (serving: every request is new text).</summary>
    public float[][] Compute(IReadOnlyList<string> texts)
    {
        var embeddings = TextEmbedder.Shared.Embed(texts);
        if (!lexicon)
        {
            return embeddings;
        }
        var features = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            var scores = SentimentLexicon.Shared.Score(texts[i]).ToFeatures();
            var vector = new float[TextEmbedder.Dimensions + scores.Length];
            embeddings[i].CopyTo(vector, 0);
            for (var k = 0; k < scores.Length; k++)
            {
                vector[TextEmbedder.Dimensions + k] = scores[k] * LexiconWeight;
            }
            features[i] = vector;
        }
        return features;
    }
}
