using Microsoft.ML.Data;
using Relearn.Core.Datasets;
using Relearn.Core.Models;
using Relearn.Core.Training.Evaluation;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>One prediction of a binary text classifier.</summary>
/// <param name="Label">The predicted class name.</param>
/// <param name="Confidence">Probability of the predicted class.</param>
/// <param name="Probability">Probability of the positive class.</param>
public sealed record TextPrediction(string Label, double Confidence, double Probability);

/// <summary>
/// A trained text classifier, safe to call from many threads: TF-IDF n-grams + an ML.NET trainer, or sentence
/// embeddings (+ lexicon scores) + logistic regression (<see cref="TextFeaturizer"/>).
/// </summary>
public sealed class TextClassifier
{
    /// <summary>The task name recorded in manifests and the registry.</summary>
    public const string TaskName = "text-classification";

    private readonly ITextScorer _scorer;

    internal TextClassifier(ITextScorer scorer, IReadOnlyList<string> classes)
    {
        _scorer = scorer;
        Classes = classes;
    }

    /// <summary>Negative and positive class names.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The featurizer: <c>tfidf</c> or <c>embeddings</c>.</summary>
    public string Featurizer => _scorer.Featurizer;

    /// <summary>The scorer behind the classifier.</summary>
    internal ITextScorer Scorer => _scorer;

    /// <summary>True for embedding models: scoring many texts in one call is much cheaper than one at a time.</summary>
    public bool PrefersBatches => _scorer.PrefersBatches;

    /// <summary>The manifest written with this model.</summary>
    public ModelManifest Manifest => new(TaskName, Classes, "text:string", "label:string,confidence:double,probability:double");

    /// <summary>Classifies one text.</summary>
    public TextPrediction Predict(string text) => ToPrediction(_scorer.Score([text])[0]);

    /// <summary>Classifies many texts, in order.</summary>
    public IReadOnlyList<TextPrediction> PredictBatch(IReadOnlyList<string> texts) => _scorer.Score(texts).Select(ToPrediction).ToList();

    /// <summary>Evaluates on labelled rows.</summary>
    public BinaryClassificationReport Evaluate(IReadOnlyList<LabelledText> rows)
    {
        LabelledTextReader.RequireTrainable(rows);
        return _scorer.Evaluate(rows);
    }

    /// <summary>Evaluates, taking embedding features from a training's cache when the model is an embedding model.</summary>
    internal BinaryClassificationReport Evaluate(IReadOnlyList<LabelledText> rows, EmbeddingFeatures? features)
    {
        LabelledTextReader.RequireTrainable(rows);
        return _scorer is EmbeddingScorer embedding && features is not null ? embedding.Evaluate(rows, features) : _scorer.Evaluate(rows);
    }

    /// <summary>The model as a <see cref="ModelPackage"/>; an embedding model names its encoder instead of embedding it.</summary>
    public byte[] ToPackage() => ModelPackage.Pack(Manifest, _scorer.Save());

    /// <summary>Loads a model from a <see cref="ModelPackage"/>.</summary>
    public static TextClassifier FromPackage(byte[] package)
    {
        var (manifest, bytes) = ModelPackage.Unpack(package);
        if (manifest.Task != TaskName)
        {
            throw RelearnException.Invalid($"the model is a {manifest.Task} model, not {TaskName}");
        }
        // An ML.NET model is a zip ("PK"); an embedding model is JSON.
        ITextScorer scorer = bytes.Length > 0 && bytes[0] == (byte)'{' ? EmbeddingScorer.Load(bytes) : TfIdfScorer.Load(bytes);
        return new TextClassifier(scorer, manifest.Classes);
    }

    private TextPrediction ToPrediction(float probability)
    {
        var p = float.IsNaN(probability) ? 0.5 : probability;
        return p >= 0.5 ? new TextPrediction(Classes[1], p, p) : new TextPrediction(Classes[0], 1 - p, p);
    }

    /// <summary>Scoring input row.</summary>
    public sealed class TextInput
    {
        /// <summary>The text.</summary>
        public string Text { get; set; } = "";
    }

    /// <summary>Scoring output row.</summary>
    public sealed class TextScore
    {
        /// <summary>Calibrated positive-class probability.</summary>
        [ColumnName("Probability")]
        public float Probability { get; set; }
    }
}
