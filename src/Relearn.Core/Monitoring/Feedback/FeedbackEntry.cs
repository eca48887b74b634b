using System.Text.Json;

namespace Relearn.Core.Monitoring.Feedback;

/// <summary>What a model task accepts from one feedback item: the label to store and, where the task has them, an outcome and text.</summary>
/// <param name="LabelJson">The label as JSON text.</param>
/// <param name="Outcome">The outcome, or null.</param>
/// <param name="Text">Accompanying text, or null.</param>
public sealed record FeedbackEntry(string LabelJson, string? Outcome = null, string? Text = null)
{
    /// <summary>
    /// The classification rule: <c>label</c> must be one of the model's classes (a class name; for two classes also
    /// 0/1, "0"/"1" or false/true, negative first, as the training files write them).
    /// </summary>
    public static FeedbackEntry ClassLabel(JsonElement item, IReadOnlyList<string> classes)
    {
        if (!item.TryGetProperty("label", out var label))
        {
            throw RelearnException.Invalid("label is required");
        }
        string? name = label.ValueKind switch
        {
            JsonValueKind.String when classes.Count == 2 && !classes.Contains(label.GetString()!, StringComparer.Ordinal) && label.GetString() is "0" or "1"
                => classes[label.GetString() == "1" ? 1 : 0],
            JsonValueKind.String => label.GetString(),
            JsonValueKind.Number when classes.Count == 2 && label.TryGetInt32(out var i) && i is 0 or 1 => classes[i],
            JsonValueKind.True when classes.Count == 2 => classes[1],
            JsonValueKind.False when classes.Count == 2 => classes[0],
            _ => null,
        };
        if (name is null || (classes.Count > 0 && !classes.Contains(name, StringComparer.Ordinal)))
        {
            throw RelearnException.Invalid($"label {label.GetRawText()} is not one of the model's classes ({string.Join(", ", classes)})");
        }
        return new FeedbackEntry(JsonSerializer.Serialize(name));
    }
}
