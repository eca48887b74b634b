namespace Relearn.Core.Monitoring.Feedback;

/// <summary>
/// Predictions and the labels that arrive for them later, kept in the metadata store so every <c>relearn serve</c>
/// replica on one database sees all of them: a label may reach a different replica than its prediction.
/// </summary>
public interface IPredictionStore
{
    /// <summary>Stores predictions (a batch from the prediction log's writer); an id stored before is left as it was.</summary>
    Task AppendPredictionsAsync(IReadOnlyList<StoredPrediction> predictions, CancellationToken cancellationToken = default);

    /// <summary>The stored predictions of <paramref name="model"/> among <paramref name="ids"/>, by id.</summary>
    Task<IReadOnlyDictionary<string, StoredPrediction>> GetPredictionsAsync(string model, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Stores labels in one transaction; a later label for the same prediction replaces the earlier one.</summary>
    Task AddFeedbackAsync(IReadOnlyList<FeedbackLabel> labels, CancellationToken cancellationToken = default);

    /// <summary>Labels received for <paramref name="model"/>, counted by outcome (<c>""</c> for labels without one).</summary>
    Task<IReadOnlyDictionary<string, long>> CountFeedbackAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Labelled predictions of <paramref name="model"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<LabelledPrediction>> ListLabelledAsync(string model, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Predictions of <paramref name="model"/> (of <paramref name="version"/> when given) made at or after
    /// <paramref name="from"/>, oldest first, at most <paramref name="limit"/>: the monitor reads the log forward
    /// from where it stopped instead of re-reading it.
    /// </summary>
    Task<IReadOnlyList<StoredPrediction>> ListPredictionsAsync(string model, int? version, DateTimeOffset from, int limit, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> predictions of <paramref name="model"/> (of <paramref name="version"/> when given), oldest first.</summary>
    Task<IReadOnlyList<StoredPrediction>> ListLatestPredictionsAsync(string model, int? version, int limit, CancellationToken cancellationToken = default);
}

/// <summary>One prediction as stored.</summary>
/// <param name="PredictionId">The id returned with the prediction.</param>
/// <param name="Model">Model name.</param>
/// <param name="Version">Version that made it.</param>
/// <param name="At">When it was made.</param>
/// <param name="InputJson">The input, as JSON text.</param>
/// <param name="OutputJson">The answer, as JSON text.</param>
public sealed record StoredPrediction(string PredictionId, string Model, int Version, DateTimeOffset At, string InputJson, string OutputJson);

/// <summary>A label for a prediction.</summary>
/// <param name="PredictionId">The prediction it is for.</param>
/// <param name="Model">Model name.</param>
/// <param name="LabelJson">The label as JSON (a class name for classification tasks).</param>
/// <param name="Outcome">What a person did with the prediction (review-assist: accepted, modified, rewritten, rejected), if the task has outcomes.</param>
/// <param name="Text">Free text that came with the label (review-assist: the comment as posted).</param>
/// <param name="ReceivedAt">When the label arrived.</param>
public sealed record FeedbackLabel(string PredictionId, string Model, string LabelJson, string? Outcome, string? Text, DateTimeOffset ReceivedAt);

/// <summary>A prediction joined to its label.</summary>
/// <param name="Prediction">The prediction.</param>
/// <param name="Label">Its label.</param>
public sealed record LabelledPrediction(StoredPrediction Prediction, FeedbackLabel Label);
