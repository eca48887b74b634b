using System.Text.Json;

namespace Relearn.Core.Monitoring.Feedback;

/// <summary>Reads a feedback body: one item <c>{"prediction_id", ...}</c> or <c>{"items": [...]}</c> with at most <see cref="MaxItems"/>.</summary>
public static class FeedbackRequest
{
    /// <summary>Most items in one request.</summary>
    public const int MaxItems = 1000;

    /// <summary>The items of a body, each with a string <c>prediction_id</c>; throws invalid-input naming the bad item.</summary>
    public static IReadOnlyList<(string PredictionId, JsonElement Item)> Items(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw RelearnException.Invalid("the body must be an object: {\"prediction_id\", \"label\"} or {\"items\": [...]}");
        }
        var items = body.TryGetProperty("items", out var list)
            ? list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : throw RelearnException.Invalid("items must be an array")
            : [body];
        if (items.Count == 0)
        {
            throw RelearnException.Invalid("items must not be empty");
        }
        if (items.Count > MaxItems)
        {
            throw RelearnException.Invalid($"items has {items.Count} entries; the limit is {MaxItems}");
        }
        return items.Select((item, i) =>
        {
            var where = items.Count == 1 && !body.TryGetProperty("items", out _) ? "" : $"items[{i}].";
            return item.ValueKind == JsonValueKind.Object && item.TryGetProperty("prediction_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 0
                ? (id.GetString()!, item)
                : throw RelearnException.Invalid($"{where}prediction_id is required and must be a string");
        }).ToList();
    }
}
