using System.Text.Json;
using System.Text.Json.Nodes;

namespace Relearn.Core.Models;

/// <summary>A loaded model that scores JSON inputs; implementations are thread-safe.</summary>
public interface IServableModel
{
    /// <summary>The model's manifest.</summary>
    ModelManifest Manifest { get; }

    /// <summary>Scores one input object; throws an invalid-input <see cref="RelearnException"/> naming the bad field.</summary>
    JsonObject Predict(JsonElement input);

    /// <summary>Scores many inputs; all are validated before any is scored.</summary>
    IReadOnlyList<JsonObject> PredictBatch(IReadOnlyList<JsonElement> inputs);

    /// <summary>
    /// True when scoring n inputs together costs much less than n single calls (a neural encoder run as one ONNX batch),
    /// so the server micro-batches concurrent requests for it.
    /// </summary>
    bool PrefersBatches => false;
}
