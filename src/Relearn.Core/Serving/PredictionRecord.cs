using System.Text.Json.Nodes;

namespace Relearn.Core.Serving;

/// <summary>One line of the prediction log.</summary>
/// <param name="Timestamp">When the prediction was made (UTC).</param>
/// <param name="Model">Model name.</param>
/// <param name="Version">Model version that scored it.</param>
/// <param name="Input">The input object as received.</param>
/// <param name="Output">The prediction returned.</param>
/// <param name="LatencyMs">Scoring time in milliseconds.</param>
public sealed record PredictionRecord(DateTimeOffset Timestamp, string Model, int Version, JsonNode? Input, JsonNode Output, double LatencyMs);
