using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>
/// The scoring of a fitted TF-IDF + logistic regression pipeline (<see cref="TextClassifierTrainer"/>'s
/// <c>FeaturizeText</c> with word and character n-grams, then a linear model with a Platt calibrator) compiled out of
/// ML.NET: the n-gram dictionaries and inverse document frequencies are read from the fitted transformers, and a text
/// is scored with two dictionary lookups per n-gram instead of ML.NET's row pipeline (about 12 µs a sentence, most of the
/// serving hot path's CPU on 2 cores; docs/benchmarks.md). ML.NET exposes no API for a fitted n-gram dictionary, so the
/// fields are read by reflection (Microsoft.ML 5.0.1, pinned); any shape this reader does not know gives no compiled
/// scorer, and one that differs from ML.NET by more than <see cref="Tolerance"/> on <see cref="CheckTexts"/> is dropped.
/// Only printable ASCII texts take this path (lower-casing is then ML.NET's, and diacritics cannot occur); others are
/// scored by ML.NET.
/// </summary>
internal sealed class CompiledTfIdf
{
    /// <summary>Largest difference in probability from ML.NET's accepted when the scorer is checked.</summary>
    internal const double Tolerance = 1e-5;

    /// <summary>Longest text scored here; longer ones go to ML.NET.</summary>
    private const int MaxLength = 2048;

    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
    private const char Start = '\u0002';
    private const char End = '\u0003';

    /// <summary>Texts the compiled scorer must score as ML.NET does before it is used: case, punctuation, digits, repeated and edge spaces, unknown words.</summary>
    internal static readonly string[] CheckTexts =
    [
        "The food was great and the service was excellent.", "Terrible battery life, it died after two days.",
        "I would NOT recommend this place to anyone!!!", "Works perfectly, very happy with this phone.", "ok", "a",
        "  leading and trailing spaces  ", "double  spaces   between words", "Price: $19.99 (2 for $30) - 100% worth it?",
        "zxqv unknownword qqqq", "It's the best; really... the BEST.", "#1 product :) <3", "5 stars", "{\"json\": [1, 2]}",
        "Not good, not bad: just ~average~ & forgettable.", "WOW", "!", "the the the the the", "Battery & screen @ 50% after 3 hours",
        "I loved it. I hated it. I don't know.", "either | or", "|",
    ];

    private readonly int _charLength;
    private readonly Dictionary<long, int> _charSlots;
    private readonly double[] _charIdf;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _terms;
    private readonly Dictionary<long, int> _wordSlots;
    private readonly double[] _wordIdf;
    private readonly float[] _weights;
    private readonly int _wordOffset;
    private readonly float _bias;
    private readonly PlattCalibrator _calibrator;

    private CompiledTfIdf(int charLength, Dictionary<long, int> charSlots, double[] charIdf, Dictionary<string, int> terms, Dictionary<long, int> wordSlots,
        double[] wordIdf, float[] weights, int wordOffset, float bias, PlattCalibrator calibrator)
    {
        _charLength = charLength;
        _charSlots = charSlots;
        _charIdf = charIdf;
        _terms = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        _wordSlots = wordSlots;
        _wordIdf = wordIdf;
        _weights = weights;
        _wordOffset = wordOffset;
        _bias = bias;
        _calibrator = calibrator;
    }

    /// <summary>
    /// The compiled scorer of <paramref name="model"/>, or null when its shape is not the one <see cref="TextClassifierTrainer"/>
    /// fits with a linear trainer, or when it does not score <see cref="CheckTexts"/> as <paramref name="reference"/> (ML.NET) does.
    /// </summary>
    public static CompiledTfIdf? TryCompile(ITransformer model, DataViewSchema inputSchema, Func<string, float> reference)
    {
        CompiledTfIdf? compiled;
        try
        {
            compiled = Compile(model, inputSchema);
        }
        catch (Exception e) when (e is InvalidCastException or NullReferenceException or ArgumentException or InvalidOperationException
            or TargetInvocationException or IndexOutOfRangeException or KeyNotFoundException)
        {
            return null;
        }
        return compiled is not null && CheckTexts.All(t => compiled.TryScore(t, out var p) && Math.Abs(p - reference(t)) <= Tolerance) ? compiled : null;
    }

    private static CompiledTfIdf? Compile(ITransformer model, DataViewSchema inputSchema)
    {
        if (model is not TransformerChain<ITransformer> outer || outer.Count() != 2
            || outer.Last() is not BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> predictor)
        {
            return null;
        }
        var featurizer = outer.First();
        var steps = ((TransformerChain<ITransformer>)Field(featurizer, "_chain")).ToArray();
        if (steps is not [TextNormalizingTransformer normalizer, WordTokenizingTransformer words, TransformerChain<ITransformer> wordBag,
                TokenizingByCharactersTransformer chars, TransformerChain<ITransformer> charBag, LpNormNormalizingTransformer, ColumnConcatenatingTransformer, ColumnSelectingTransformer]
            || wordBag.ToArray() is not [ValueToKeyMappingTransformer terms, NgramExtractingTransformer wordNgrams]
            || charBag.ToArray() is not [NgramExtractingTransformer charNgrams]
            || (TextNormalizingEstimator.CaseMode)Field(normalizer, "_caseMode") != TextNormalizingEstimator.CaseMode.Lower
            || !(bool)Field(normalizer, "_keepPunctuations") || !(bool)Field(normalizer, "_keepNumbers")
            || !(bool)Field(chars, "_useMarkerChars")
            || !SplitsOnSpaceOnly(words))
        {
            return null;
        }

        // The vocabulary: the term transform's key values, key k naming term k - 1.
        var afterWords = words.GetOutputSchema(normalizer.GetOutputSchema(inputSchema));
        var termColumn = terms.GetOutputSchema(afterWords)[OutputColumn(terms)];
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        termColumn.GetKeyValues(ref names);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var name in names.DenseValues())
        {
            vocabulary.TryAdd(name.ToString(), index++);
        }

        if (NgramShape(wordNgrams) is not { } wordShape || NgramShape(charNgrams) is not { } charShape || wordShape.Length > 2 || charShape.Length > 7)
        {
            return null;
        }
        // Word n-grams: term numbers + 1 in 32 bits each; character n-grams: ASCII codes in 8 bits each (the character
        // tokenizer's keys are the character codes; start and end markers are \u0002 and \u0003).
        var wordSlots = Slots(wordShape, sequence => sequence.Aggregate(0L, (key, term) => (key << 32) | term));
        var charSlots = Slots(charShape, sequence => sequence.All(c => c is Start or End or >= ' ' and <= '~') ? sequence.Aggregate(0L, (key, c) => (key << 8) | c) : -1);
        var weights = predictor.Model.SubModel.Weights.ToArray();
        if (charShape.Count + wordShape.Count != weights.Length || charSlots.Keys.Any(key => key > 0xFF && !charSlots.ContainsKey(key >> 8)))
        {
            return null;
        }
        return new CompiledTfIdf(charShape.Length, charSlots, charShape.Idf, vocabulary, wordSlots, wordShape.Idf, weights,
            charShape.Count, predictor.Model.SubModel.Bias, predictor.Model.Calibrator);
    }

    /// <summary>The probability of the positive class, or false when the text is not one this scorer takes (ML.NET scores it).</summary>
    public bool TryScore(string text, out float probability)
    {
        probability = 0;
        if (text.Length is 0 or > MaxLength)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }
        var scratch = t_scratch ??= new Scratch();
        scratch.Fit(_weights.Length);
        var chars = scratch.Chars;
        chars[0] = Start;
        for (var i = 0; i < text.Length; i++)
        {
            chars[i + 1] = char.ToLowerInvariant(text[i]);
        }
        chars[text.Length + 1] = End;
        var marked = chars.AsSpan(0, text.Length + 2);
        var score = _bias + Part(scratch, CharSlots(marked, scratch), _charIdf, 0) + Part(scratch, WordSlots(marked[1..^1], scratch), _wordIdf, _wordOffset);
        probability = _calibrator.PredictProbability(score);
        return true;
    }

    /// <summary>
    /// Counts every character n-gram (lengths 1 to n) in the dictionary, as ML.NET's n-gram builder finds them. The
    /// dictionary holds every prefix of its n-grams (checked when compiled), so a prefix it lacks ends the longer ones.
    /// </summary>
    private int CharSlots(ReadOnlySpan<char> chars, Scratch scratch)
    {
        var touched = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            var key = 0L;
            for (var length = 1; length <= _charLength && i + length <= chars.Length; length++)
            {
                key = (key << 8) | chars[i + length - 1];
                if (!_charSlots.TryGetValue(key, out var slot))
                {
                    break;
                }
                scratch.Count(slot, ref touched);
            }
        }
        return touched;
    }

    /// <summary>Counts every word unigram and bigram in the dictionary; a word outside the vocabulary breaks the n-grams through it.</summary>
    private int WordSlots(ReadOnlySpan<char> text, Scratch scratch)
    {
        var touched = 0;
        var previous = 0L;
        foreach (var range in text.Split(' '))
        {
            var word = text[range];
            if (word.IsEmpty)
            {
                continue;
            }
            var term = _terms.TryGetValue(word, out var number) ? number + 1L : 0;
            if (term != 0 && _wordSlots.TryGetValue(term, out var unigram))
            {
                scratch.Count(unigram, ref touched);
            }
            if (term != 0 && previous != 0 && _wordSlots.TryGetValue((previous << 32) | term, out var bigram))
            {
                scratch.Count(bigram, ref touched);
            }
            previous = term;
        }
        return touched;
    }

    /// <summary>
    /// Sums one part's weighted features: count times inverse document frequency per slot, L2-normalized over the part,
    /// dotted with the weights from <paramref name="offset"/>; leaves the counts at zero for the next part.
    /// </summary>
    private float Part(Scratch scratch, int touched, double[] idf, int offset)
    {
        var sumSquares = 0f;
        for (var i = 0; i < touched; i++)
        {
            var slot = scratch.Touched[i];
            var value = (float)(scratch.Counts[slot] * idf[slot]);
            scratch.Counts[slot] = 0;
            scratch.Values[i] = value;
            sumSquares += value * value;
        }
        if (sumSquares <= 0)
        {
            return 0;
        }
        var norm = MathF.Sqrt(sumSquares);
        var dot = 0f;
        for (var i = 0; i < touched; i++)
        {
            dot += _weights[offset + scratch.Touched[i]] * (scratch.Values[i] / norm);
        }
        return dot;
    }

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>One thread's buffers: the lower-cased text, per-slot counts (zero between texts) and the slots a text touched.</summary>
    private sealed class Scratch
    {
        public readonly char[] Chars = new char[MaxLength + 2];
        public readonly int[] Touched = new int[(MaxLength + 2) * 8];
        public readonly float[] Values = new float[(MaxLength + 2) * 8];
        public int[] Counts = [];

        public void Fit(int slots)
        {
            if (Counts.Length < slots)
            {
                Counts = new int[slots];
            }
        }

        public void Count(int slot, ref int touched)
        {
            if (Counts[slot]++ == 0)
            {
                Touched[touched++] = slot;
            }
        }
    }

    private static bool SplitsOnSpaceOnly(WordTokenizingTransformer words)
    {
        var columns = (Array)Field(words, "_columns");
        return columns.Length == 1 && columns.GetValue(0) is { } column
            && column.GetType().GetField("SeparatorsArray", Members)?.GetValue(column) is char[] separators
            && separators.SequenceEqual([' ']);
    }

    private static string OutputColumn(ITransformer transformer) =>
        (((string, string)[])Field(transformer, "ColumnPairs")).Single().Item1;

    /// <summary>A fitted n-gram transformer's maximum length, inverse document frequencies and dictionary (ML.NET's SequencePool).</summary>
    private sealed record Shape(int Length, double[] Idf, object Pool)
    {
        public int Count => (int)Pool.GetType().GetProperty("Count", Members)!.GetValue(Pool)!;
    }

    /// <summary>The shape of a TF-IDF n-gram transformer without skips, or null for another kind.</summary>
    private static Shape? NgramShape(NgramExtractingTransformer ngrams)
    {
        var info = ((System.Collections.IEnumerable)Field(ngrams, "_transformInfos")).Cast<object>().Single();
        // All lengths or not is the dictionary's business (a loaded model reports false either way): scoring looks up
        // every length up to n, as ML.NET's n-gram builder does.
        if ((int)Field(info, "SkipLength") != 0
            || (NgramExtractingEstimator.WeightingCriteria)Field(info, "Weighting") != NgramExtractingEstimator.WeightingCriteria.TfIdf)
        {
            return null;
        }
        return new Shape((int)Field(info, "NgramLength"), ((double[][])Field(ngrams, "_invDocFreqs"))[0], ((Array)Field(ngrams, "_ngramMaps")).GetValue(0)!);
    }

    /// <summary>Every n-gram of the transformer's dictionary as a packed key → its slot; n-grams <paramref name="pack"/> refuses (-1) are left out.</summary>
    private static Dictionary<long, int> Slots(Shape shape, Func<uint[], long> pack)
    {
        var pool = shape.Pool;
        var count = shape.Count;
        var getById = pool.GetType().GetMethod("GetById", Members)!;
        var slots = new Dictionary<long, int>(count);
        var arguments = new object[2];
        for (var id = 0; id < count; id++)
        {
            arguments[0] = id;
            arguments[1] = Array.Empty<uint>();
            var length = (int)getById.Invoke(pool, arguments)!;
            var key = pack(((uint[])arguments[1])[..length]);
            if (key != -1 && !slots.TryAdd(key, id))
            {
                throw new InvalidOperationException("two n-grams pack to one key");
            }
        }
        return slots;
    }

    private static object Field(object owner, string name) =>
        owner.GetType().GetField(name, Members)?.GetValue(owner) ?? throw new InvalidOperationException($"{owner.GetType().Name}.{name} is not there");
}
