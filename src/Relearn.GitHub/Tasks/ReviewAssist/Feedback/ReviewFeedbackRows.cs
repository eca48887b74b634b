using System.Globalization;
using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Monitoring.Feedback;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.GitHub.Tasks.ReviewAssist.Feedback;

/// <summary>
/// Turns reviewers' feedback on review-assist answers into training rows in CodeReviewer's format: the hunk the
/// answer was about, <c>y</c> from the outcome (a suggestion <c>accepted</c>, <c>modified</c> or <c>rewritten</c> means a
/// reviewer did comment there: 1; <c>rejected</c> means they did not want a comment there: 0) and <c>msg</c> the comment
/// as posted — the feedback's <c>text</c>, else for <c>accepted</c> the suggestion itself. A <c>{"patch"}</c> answer
/// gives one row; a <c>{"diff"}</c> answer one row per hunk it commented on (the feedback <c>text</c> only goes to a
/// row when the answer had a single comment: it cannot say which comment it rewrote).
/// </summary>
public static class ReviewFeedbackRows
{
    /// <summary>Rows from labelled predictions, oldest first; items without an outcome or with unreadable JSON give none.</summary>
    public static IReadOnlyList<ReviewExample> From(IEnumerable<LabelledPrediction> labelled)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        return labelled.OrderBy(l => l.Prediction.At).ThenBy(l => l.Prediction.PredictionId, StringComparer.Ordinal).SelectMany(From).ToList();
    }

    /// <summary>The rows of one labelled prediction.</summary>
    public static IReadOnlyList<ReviewExample> From(LabelledPrediction item)
    {
        ArgumentNullException.ThrowIfNull(item);
        int? y = item.Label.Outcome switch
        {
            "accepted" or "modified" or "rewritten" => 1,
            "rejected" => 0,
            _ => null,
        };
        if (y is null)
        {
            return [];
        }
        try
        {
            using var input = JsonDocument.Parse(item.Prediction.InputJson);
            using var output = JsonDocument.Parse(item.Prediction.OutputJson);
            var text = Clean(item.Label.Text);
            var id = "feedback:" + item.Prediction.PredictionId;
            if (Field(input.RootElement, "patch") is { } patch)
            {
                var suggested = output.RootElement.TryGetProperty("suggestions", out var s) && s.ValueKind == JsonValueKind.Array && s.GetArrayLength() > 0
                    ? Field(s[0], "body") : null;
                return [new ReviewExample(DiffHunk.Parse(patch).Text, y, Message(y.Value, item.Label.Outcome, text, suggested),
                    Field(input.RootElement, "lang"), Field(input.RootElement, "path"), id)];
            }
            if (Field(input.RootElement, "diff") is { } diff && output.RootElement.TryGetProperty("comments", out var comments) && comments.ValueKind == JsonValueKind.Array)
            {
                var files = UnifiedDiff.Parse(diff);
                var single = comments.GetArrayLength() == 1;
                var rows = new List<ReviewExample>();
                foreach (var comment in comments.EnumerateArray())
                {
                    if (Field(comment, "path") is not { } path || !comment.TryGetProperty("line", out var l) || !l.TryGetInt32(out var line)
                        || files.FirstOrDefault(f => f.Path == path)?.Hunks.FirstOrDefault(h => Holds(h, line, Field(comment, "side") ?? "RIGHT")) is not { } hunk)
                    {
                        continue;
                    }
                    rows.Add(new ReviewExample(hunk.Text, y, Message(y.Value, item.Label.Outcome, single ? text : null, Field(comment, "body")),
                        null, path, string.Create(CultureInfo.InvariantCulture, $"{id}:{path}:{line}")));
                }
                return rows;
            }
            return [];
        }
        catch (Exception e) when (e is JsonException or RelearnException or InvalidOperationException)
        {
            // A stored prediction the current parser cannot read back teaches nothing; it must not stop the others.
            return [];
        }
    }

    private static string? Message(int y, string? outcome, string? text, string? suggested) =>
        y == 0 ? null : text ?? (outcome == "accepted" ? Clean(suggested) : null);

    private static bool Holds(DiffHunk hunk, int line, string side) =>
        hunk.Lines.Any(l => side == "LEFT" ? l.OldLine == line && l.Kind != DiffLineKind.Added : l.NewLine == line && l.Kind != DiffLineKind.Removed);

    private static string? Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
