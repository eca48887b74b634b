using System.Text.Json;
using Relearn.Core.Models;
using Relearn.Core.Serving;

namespace Relearn.Core.Monitoring.Feedback;

/// <summary>
/// Accepts labels for earlier predictions: every item must name a stored prediction of the model (else not found)
/// and carry a label the model's task accepts (else invalid input); all are checked before any is stored.
/// </summary>
public sealed class FeedbackService(IPredictionStore store, ModelHost host, ModelTaskCatalog tasks, PredictionLog log, TimeProvider time)
{
    /// <summary>Checks and stores the items of one request body; returns how many were stored.</summary>
    public async Task<int> SubmitAsync(string model, JsonElement body, CancellationToken cancellationToken = default)
    {
        var items = FeedbackRequest.Items(body);
        var ids = items.Select(i => i.PredictionId).Distinct(StringComparer.Ordinal).ToArray();
        var predictions = await store.GetPredictionsAsync(model, ids, cancellationToken);
        if (predictions.Count < ids.Length)
        {
            // A prediction made a moment ago on this replica may still be in the log's queue.
            await log.FlushAsync(cancellationToken);
            predictions = await store.GetPredictionsAsync(model, ids, cancellationToken);
        }
        var missing = ids.FirstOrDefault(id => !predictions.ContainsKey(id));
        if (missing is not null)
        {
            throw RelearnException.NotFound($"model '{model}' has no prediction '{missing}'");
        }
        var now = time.GetUtcNow();
        var labels = new List<FeedbackLabel>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var (id, item) = items[i];
            var prediction = predictions[id];
            var hosted = await host.GetAsync(model, null, prediction.Version, cancellationToken);
            FeedbackEntry entry;
            try
            {
                entry = tasks.Get(hosted.Version.Task).ReadFeedback(item, hosted.Model.Manifest);
            }
            catch (RelearnException e) when (e.Kind == RelearnErrorKind.InvalidInput && items.Count > 1)
            {
                throw RelearnException.Invalid($"items[{i}]: {e.Message}", e);
            }
            labels.Add(new FeedbackLabel(id, model, entry.LabelJson, entry.Outcome, entry.Text, now));
        }
        await store.AddFeedbackAsync(labels, cancellationToken);
        return labels.Count;
    }
}
