using System.Text.Json.Serialization;

namespace Relearn.Server;

// These records document the wire shapes in the OpenAPI document; handlers read and write JSON directly
// because inputs and outputs depend on the model's task (the text-classification shape is shown).

/// <summary>One input to score (text classification shape).</summary>
internal sealed record PredictRequest([property: JsonPropertyName("text")] string Text);

/// <summary>Many inputs to score.</summary>
internal sealed record PredictBatchRequest([property: JsonPropertyName("instances")] IReadOnlyList<PredictRequest> Instances);

/// <summary>One prediction, with the model version that made it.</summary>
internal sealed record PredictResponse(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("probability")] double Probability,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("prediction_id")] string PredictionId);

/// <summary>A prediction without the model fields, as inside a batch.</summary>
internal sealed record PredictionItem(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("probability")] double Probability,
    [property: JsonPropertyName("prediction_id")] string PredictionId);

/// <summary>A label for an earlier prediction (text classification shape); or <c>{"items": [...]}</c> with up to 1,000 of them.</summary>
internal sealed record FeedbackRequestBody(
    [property: JsonPropertyName("prediction_id")] string PredictionId,
    [property: JsonPropertyName("label")] string Label);

/// <summary>How many labels were accepted.</summary>
internal sealed record FeedbackAccepted([property: JsonPropertyName("accepted")] int Accepted);

/// <summary>Predictions in input order.</summary>
internal sealed record PredictBatchResponse(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("predictions")] IReadOnlyList<PredictionItem> Predictions);

/// <summary>A registered model as the API lists it.</summary>
internal sealed record ModelSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("latest_version")] int LatestVersion,
    [property: JsonPropertyName("aliases")] IReadOnlyDictionary<string, int> Aliases);
