using BenchmarkDotNet.Attributes;
using Relearn.Core.Datasets;
using Relearn.Core.Tasks.TextClassification;

namespace Relearn.Benchmarks;

/// <summary>
/// In-process scoring of a trained sentiment classifier: one <see cref="TextClassifier.PredictBatch"/> call over
/// 2,000 sentences (the yelp and amazon samples), one <see cref="TextClassifier.Predict"/> call, and
/// <see cref="TextClassifier.Predict"/> called for each of the same 2,000 sentences (to compare with the batch).
/// Rows per second = 2,000 / mean of the 2,000-row benchmarks, or 1 / mean of <c>PredictSingle</c>. <c>PredictSingleMlNet</c>
/// scores the single sentence with ML.NET's PredictionEngine, bypassing the compiled TF-IDF scorer (<see cref="CompiledTfIdf"/>).
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private const int BatchSize = 2000;

    private TextClassifier _classifier = null!;
    private List<string> _texts = null!;
    private string _single = "";

    /// <summary>The trainer of the classifier (L-BFGS is the default and what quickstart serves).</summary>
    [Params(TextTrainer.Lbfgs, TextTrainer.Sdca, TextTrainer.LightGbm)]
    public TextTrainer Trainer { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var samples = SamplesFolder();
        var rows = LabelledTextReader.ReadFiles([Path.Combine(samples, "yelp_labelled.txt"), Path.Combine(samples, "amazon_cells_labelled.txt")]);
        _classifier = TextClassifierTrainer.Train(rows, new TextClassificationOptions { Trainer = Trainer });
        _texts = [.. rows.Select(r => r.Text).Take(BatchSize)];
        if (_texts.Count != BatchSize)
        {
            throw new InvalidOperationException($"expected {BatchSize} sample sentences, read {_texts.Count}");
        }
        // A sentence of median length, so the single-row figure is typical (the first sample is a short one).
        _single = _texts.OrderBy(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).ElementAt(BatchSize / 2);
        // Warm the engine pool and the batch path once, so neither benchmark times first-use initialisation.
        _ = _classifier.Predict(_single);
        _ = _classifier.PredictBatch(_texts);
    }

    [Benchmark(Description = "PredictBatch(2000 texts)")]
    public int PredictBatch2000() => _classifier.PredictBatch(_texts).Count;

    [Benchmark(Description = "Predict(1 median-length text)")]
    public double PredictSingle() => _classifier.Predict(_single).Probability;

    /// <summary>The same sentence through ML.NET's own row pipeline, which the compiled TF-IDF scorer replaces where it can (issue 10).</summary>
    [Benchmark(Description = "ML.NET PredictionEngine(1 median-length text)")]
    public double PredictSingleMlNet() => _classifier.Scorer is TfIdfScorer tfidf ? tfidf.ScoreWithMlNet([_single])[0] : double.NaN;

    [Benchmark(Description = "Predict x 2000 texts")]
    public double PredictEach2000()
    {
        var sum = 0.0;
        foreach (var text in _texts)
        {
            sum += _classifier.Predict(text).Probability;
        }
        return sum;
    }

    /// <summary>
    /// The shipped samples: RELEARN_SAMPLES when set, else the first samples/sentiment folder above the running
    /// assembly (BenchmarkDotNet runs benchmarks from a generated project under this project's bin folder).
    /// </summary>
    private static string SamplesFolder()
    {
        if (Environment.GetEnvironmentVariable("RELEARN_SAMPLES") is { Length: > 0 } configured)
        {
            return configured;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "sentiment");
            if (File.Exists(Path.Combine(candidate, "yelp_labelled.txt")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"samples/sentiment not found above {AppContext.BaseDirectory}; set RELEARN_SAMPLES");
    }
}
