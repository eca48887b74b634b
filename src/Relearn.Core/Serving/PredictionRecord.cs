namespace Relearn.Core.Serving;

/// <summary>One line of the prediction log. Input and output are kept as the JSON text that was received and
/// sent, so logging costs no re-parsing or cloning on the request path.</summary>
/// <param name="PredictionId">The id returned with the prediction, which feedback labels name.</param>
/// <param name="Timestamp">When the prediction was made (UTC).</param>
/// <param name="Model">Model name.</param>
/// <param name="Version">Model version that scored it.</param>
/// <param name="InputJson">The input object, as JSON text.</param>
/// <param name="OutputJson">The prediction returned, as JSON text.</param>
/// <param name="LatencyMs">Scoring time in milliseconds.</param>
public sealed record PredictionRecord(string PredictionId, DateTimeOffset Timestamp, string Model, int Version, string InputJson, string OutputJson, double LatencyMs);
