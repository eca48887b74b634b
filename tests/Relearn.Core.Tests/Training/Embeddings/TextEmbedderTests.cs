using Relearn.Core.Training.Embeddings;

namespace Relearn.Core.Tests.Training.Embeddings;

public class TextEmbedderTests
{
    private static readonly TextEmbedder Embedder = TextEmbedder.Shared;

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum()
        / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));

    [Fact]
    public void Similarities_match_the_ones_sentence_transformers_publishes_for_all_MiniLM_L6_v2_Issue12()
    {
        // Reference: sbert.net, "Usage" (sentence_transformer/usage/usage.html): SentenceTransformer("all-MiniLM-L6-v2")
        // on these three sentences gives model.similarity = [[1, 0.6660, 0.1046], [0.6660, 1, 0.1411], [0.1046, 0.1411, 1]].
        var v = Embedder.Embed(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]);

        Assert.Equal(0.6660, Cosine(v[0], v[1]), 3);
        Assert.Equal(0.1046, Cosine(v[0], v[2]), 3);
        Assert.Equal(0.1411, Cosine(v[1], v[2]), 3);
    }

    [Fact]
    public void Vectors_are_384_dimensional_and_unit_length_as_sentence_transformers_normalizes_them()
    {
        var v = Embedder.Embed("The battery died after two hours.");

        Assert.Equal(TextEmbedder.Dimensions, v.Length);
        Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5);
    }

    [Fact]
    public void A_text_gets_the_same_vector_alone_and_inside_a_padded_batch()
    {
        // Sentences of very different lengths force padding; mean pooling must ignore it.
        var texts = Enumerable.Range(0, 40).Select(i => i % 3 == 0
            ? "Great phone."
            : $"Sentence {i}: the screen cracked the first week and support never answered my emails about a replacement.").ToList();
        var batch = Embedder.Embed(texts);

        for (var i = 0; i < texts.Count; i += 7)
        {
            var alone = Embedder.Embed(texts[i]);
            Assert.All(alone.Zip(batch[i]), p => Assert.Equal(p.First, p.Second, 4));
        }
        Assert.Equal(batch[0], Embedder.Embed(texts[0]), new ToleranceComparer(1e-4f));
    }

    [Fact]
    public void Token_vectors_are_CLS_wordpieces_SEP_and_mean_pool_to_the_sentence_vector_Issue11()
    {
        var texts = new[] { "Please add a unit test.", "Great phone, terrible battery life and a screen that cracked in the first week." };
        var tokens = Embedder.EmbedTokens(texts);
        var sentences = Embedder.Embed(texts);

        Assert.Equal(8, tokens[0].Length); // [CLS] please add a unit test . [SEP]
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.All(tokens[i], v => Assert.Equal(TextEmbedder.Dimensions, v.Length));
            var mean = Enumerable.Range(0, TextEmbedder.Dimensions).Select(d => tokens[i].Average(v => (double)v[d])).ToArray();
            var norm = Math.Sqrt(mean.Sum(x => x * x));
            Assert.All(mean.Zip(sentences[i]), p => Assert.Equal(p.Second, p.First / norm, 4));
        }
    }

    [Fact]
    public void Paraphrases_are_closer_than_unrelated_sentences()
    {
        var v = Embedder.Embed(["The food was delicious.", "The meal tasted great.", "My phone's battery died."]);

        Assert.True(Cosine(v[0], v[1]) > Cosine(v[0], v[2]) + 0.2);
    }

    [Fact]
    public void Concurrent_callers_share_the_session_and_get_the_same_vectors()
    {
        var expected = Embedder.Embed("Works from many threads.");

        var results = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => Embedder.Embed("Works from many threads.")).ToList();

        Assert.All(results, r => Assert.Equal(expected, r, new ToleranceComparer(1e-5f)));
    }

    [Fact]
    public void Texts_longer_than_the_model_window_are_truncated_not_rejected()
    {
        var longText = string.Join(' ', Enumerable.Repeat("wonderful", 2000));

        var v = Embedder.Embed([longText, ""]);

        Assert.Equal(TextEmbedder.Dimensions, v[0].Length);
        Assert.Equal(TextEmbedder.Dimensions, v[1].Length);
    }

    [Fact]
    public void The_model_is_named_by_a_sha256_digest_of_the_shipped_onnx_file()
    {
        Assert.Equal(TextEmbedder.ModelName, Embedder.Reference.Name);
        Assert.Matches("^sha256:[0-9a-f]{64}$", Embedder.Digest);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
