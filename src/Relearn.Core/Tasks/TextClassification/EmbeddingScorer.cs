using System.Text.Json;
using System.Text.Json.Serialization;
using Relearn.Core.Datasets;
using Relearn.Core.Training.Evaluation;
using Relearn.Core.Training.Embeddings;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>
/// Sentence embeddings (+ lexicon scores) and a logistic regression: p = 1 / (1 + exp(slope · (w·x + b) + offset)), the
/// form of ML.NET's Platt-calibrated L-BFGS output. The package holds only the weights and names the encoder
/// (<c>all-MiniLM-L6-v2</c> + the SHA-256 of its ONNX file), which ships with the executable: a model package stays a
/// few KB instead of 90 MB, and loading it where another encoder ships is refused rather than silently wrong.
/// </summary>
internal sealed class EmbeddingScorer : ITextScorer
{
    /// <summary>The <c>format</c> value of the stored JSON.</summary>
    public const string Format = "relearn-embedding-logistic/1";

    private readonly EmbeddingFeatures _features;
    private readonly Stored _stored;

    public EmbeddingScorer(EmbeddingFeatures features, float[] weights, float bias, float slope, float offset)
    {
        _features = features;
        _stored = new Stored(Format, TextEmbedder.Shared.Reference, features.Lexicon, EmbeddingFeatures.LexiconWeight, weights, bias, slope, offset);
    }

    private EmbeddingScorer(EmbeddingFeatures features, Stored stored)
    {
        _features = features;
        _stored = stored;
    }

    public string Featurizer => "embeddings";

    public bool PrefersBatches => true;

    public float[] Score(IReadOnlyList<string> texts) => Probabilities(_features.Compute(texts));

    /// <summary>Probabilities of already computed feature vectors.</summary>
    public float[] Probabilities(float[][] features)
    {
        var probabilities = new float[features.Length];
        for (var i = 0; i < features.Length; i++)
        {
            var score = (double)_stored.Bias;
            var x = features[i];
            for (var k = 0; k < x.Length; k++)
            {
                score += _stored.Weights[k] * x[k];
            }
            probabilities[i] = (float)(1 / (1 + Math.Exp(_stored.Slope * score + _stored.Offset)));
        }
        return probabilities;
    }

    public BinaryClassificationReport Evaluate(IReadOnlyList<LabelledText> rows) =>
        BinaryEvaluator.Evaluate(rows.Select(r => r.Label).ToList(), Score(rows.Select(r => r.Text).ToList()));

    /// <summary>Evaluates rows whose features are cached in <paramref name="features"/> (training embeds each text once).</summary>
    public BinaryClassificationReport Evaluate(IReadOnlyList<LabelledText> rows, EmbeddingFeatures features) =>
        BinaryEvaluator.Evaluate(rows.Select(r => r.Label).ToList(), Probabilities(features.Of(rows.Select(r => r.Text).ToList())));

    public byte[] Save() => JsonSerializer.SerializeToUtf8Bytes(_stored, JsonDefaults.Indented);

    public static EmbeddingScorer Load(byte[] bytes)
    {
        Stored stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(bytes, JsonDefaults.Indented) ?? throw RelearnException.Invalid("the embedding model is empty");
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid("the embedding model is not valid JSON", e);
        }
        if (stored.Format != Format || stored.Encoder is null || stored.Weights is null)
        {
            throw RelearnException.Invalid($"the model is not a {Format} model");
        }
        var shipped = TextEmbedder.Shared.Reference;
        if (stored.Encoder != shipped)
        {
            throw RelearnException.Invalid($"the model needs the encoder {stored.Encoder.Name} {stored.Encoder.Digest}; this relearn ships {shipped.Name} {shipped.Digest}");
        }
        var features = new EmbeddingFeatures(stored.Lexicon);
        if (stored.Weights.Length != features.Length || (stored.Lexicon && Math.Abs(stored.LexiconWeight - EmbeddingFeatures.LexiconWeight) > 1e-6))
        {
            throw RelearnException.Invalid($"the embedding model has {stored.Weights.Length} weights; its features have {features.Length}");
        }
        return new EmbeddingScorer(features, stored);
    }

    private sealed record Stored(
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("encoder")] EmbeddingModelReference Encoder,
        [property: JsonPropertyName("lexicon")] bool Lexicon,
        [property: JsonPropertyName("lexicon_weight")] float LexiconWeight,
        [property: JsonPropertyName("weights")] float[] Weights,
        [property: JsonPropertyName("bias")] float Bias,
        [property: JsonPropertyName("slope")] float Slope,
        [property: JsonPropertyName("offset")] float Offset);
}
