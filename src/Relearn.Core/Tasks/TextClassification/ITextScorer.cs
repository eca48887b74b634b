using Relearn.Core.Datasets;
using Relearn.Core.Training.Evaluation;

namespace Relearn.Core.Tasks.TextClassification;

/// <summary>
/// How a <see cref="TextClassifier"/> turns texts into positive-class probabilities: TF-IDF + ML.NET
/// (<see cref="TfIdfScorer"/>) or sentence embeddings + logistic regression (<see cref="EmbeddingScorer"/>).
/// Implementations are thread-safe.
/// </summary>
internal interface ITextScorer
{
    /// <summary>The featurizer's name as recorded in run parameters: <c>tfidf</c> or <c>embeddings</c>.</summary>
    string Featurizer { get; }

    /// <summary>True when one call with n texts is much cheaper than n calls (a neural encoder).</summary>
    bool PrefersBatches { get; }

    /// <summary>Positive-class probabilities of <paramref name="texts"/>, in order.</summary>
    float[] Score(IReadOnlyList<string> texts);

    /// <summary>Evaluates on labelled rows.</summary>
    BinaryClassificationReport Evaluate(IReadOnlyList<LabelledText> rows);

    /// <summary>The model bytes stored inside the model package.</summary>
    byte[] Save();
}
