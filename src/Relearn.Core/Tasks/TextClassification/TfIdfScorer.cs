using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Relearn.Core.Datasets;
using Relearn.Core.Training.Evaluation;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>
/// An ML.NET TF-IDF model. ML.NET's PredictionEngine is not thread-safe, so each call borrows one from a pool.
/// </summary>
internal sealed class TfIdfScorer : ITextScorer
{
    /// <summary>From this many texts on, a batch is scored in one IDataView pass.</summary>
    internal const int BatchPassThreshold = 32;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly ObjectPool<PredictionEngine<TextClassifier.TextInput, TextClassifier.TextScore>> _engines;
    private readonly CompiledTfIdf? _compiled;

    public TfIdfScorer(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }.Create(new EnginePolicy(ml, model));
        _compiled = CompiledTfIdf.TryCompile(model, inputSchema, text => ScoreWithMlNet([text])[0]);
    }

    /// <summary>Whether texts are scored by the compiled pipeline (<see cref="CompiledTfIdf"/>) where they can be.</summary>
    internal bool IsCompiled => _compiled is not null;

    public string Featurizer => "tfidf";

    public bool PrefersBatches => false;

    /// <summary>
    /// Each text the compiled pipeline (<see cref="CompiledTfIdf"/>) takes is scored by it; the rest, and every text of a
    /// model it does not compile, by ML.NET (<see cref="ScoreWithMlNet"/>).
    /// </summary>
    public float[] Score(IReadOnlyList<string> texts)
    {
        if (_compiled is null)
        {
            return ScoreWithMlNet(texts);
        }
        // Every text the compiled pipeline takes is scored by it, in batches too, so a text gets the same answer alone or in a batch.
        var probabilities = new float[texts.Count];
        List<int>? rest = null;
        for (var i = 0; i < texts.Count; i++)
        {
            if (!_compiled.TryScore(texts[i], out probabilities[i]))
            {
                (rest ??= []).Add(i);
            }
        }
        if (rest is not null)
        {
            var scored = ScoreWithMlNet(rest.Select(i => texts[i]).ToList());
            for (var j = 0; j < rest.Count; j++)
            {
                probabilities[rest[j]] = scored[j];
            }
        }
        return probabilities;
    }

    /// <summary>
    /// ML.NET's own pipeline. Large batches go through one IDataView pass (2,000 sentences: 39.5 ms against 68.8 ms one at a time, BenchmarkDotNet
    /// on a quiet machine, docs/benchmarks.md); small ones use a pooled engine, which avoids the pass's fixed set-up cost.
    /// </summary>
    internal float[] ScoreWithMlNet(IReadOnlyList<string> texts)
    {
        if (texts.Count >= BatchPassThreshold)
        {
            var data = _ml.Data.LoadFromEnumerable(texts.Select(t => new TextClassifier.TextInput { Text = t }));
            return _model.Transform(data).GetColumn<float>("Probability").ToArray();
        }
        var engine = _engines.Get();
        try
        {
            var input = new TextClassifier.TextInput();
            var probabilities = new float[texts.Count];
            for (var i = 0; i < texts.Count; i++)
            {
                input.Text = texts[i];
                probabilities[i] = engine.Predict(input).Probability;
            }
            return probabilities;
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    public BinaryClassificationReport Evaluate(IReadOnlyList<LabelledText> rows) =>
        BinaryEvaluator.Evaluate(_ml, _model.Transform(_ml.Data.LoadFromEnumerable(rows)));

    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        _ml.Model.Save(_model, _inputSchema, buffer);
        return buffer.ToArray();
    }

    public static TfIdfScorer Load(byte[] bytes)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(new MemoryStream(bytes), out var schema);
        return new TfIdfScorer(ml, model, schema);
    }

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : PooledObjectPolicy<PredictionEngine<TextClassifier.TextInput, TextClassifier.TextScore>>
    {
        public override PredictionEngine<TextClassifier.TextInput, TextClassifier.TextScore> Create() =>
            ml.Model.CreatePredictionEngine<TextClassifier.TextInput, TextClassifier.TextScore>(model);

        public override bool Return(PredictionEngine<TextClassifier.TextInput, TextClassifier.TextScore> obj) => true;
    }
}
