using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Relearn.Core.Metadata;
using Relearn.Core.Rollout;
using Relearn.Core.Serving;

namespace Relearn.Server;

/// <summary>
/// Shadow scoring: after the champion answered, the challenger scores the same input off the request path and its
/// prediction is logged under the answer's id plus <see cref="SqlMetadataStore.ShadowSuffix"/>, so the label fed back
/// for the answer is the shadow's label too. A shadow that fails is counted against the challenger, never the caller.
/// </summary>
internal static class RolloutShadow
{
    public static void Score(string name, int challenger, string answerId, JsonElement input, ModelHost host, ServingOptions options, PredictionLog log,
        ServingMetrics metrics, RolloutRouter router, TimeProvider time) =>
        _ = Task.Run(async () =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var hosted = await host.GetAsync(name, null, challenger);
                var output = hosted.Model.Predict(input);
                var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var id = answerId + SqlMetadataStore.ShadowSuffix;
                output["model"] = name;
                output["version"] = challenger;
                output["prediction_id"] = id;
                if (options.PredictionLog)
                {
                    log.Append(new PredictionRecord(id, time.GetUtcNow(), name, challenger, input.GetRawText(), output.ToJsonString(), latency));
                }
                metrics.Predictions.WithLabels(name, challenger.ToString(CultureInfo.InvariantCulture)).Inc();
                router.Record(name, challenger, latency, failed: false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                router.Record(name, challenger, Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed: true);
            }
        });
}
