using System.Globalization;
using System.Text;
using System.Text.Json;
using Relearn.Core;

namespace Relearn.GitHub.Tasks.ReviewAssist;

/// <summary>Reads and writes review-assist examples as JSON Lines in CodeReviewer's format (<c>patch</c>, <c>y</c>, <c>msg</c>, <c>lang</c>).</summary>
public static class ReviewData
{
    /// <summary>Reads files; a line that is not a JSON object with a string <c>patch</c> is an error naming the file and line.</summary>
    public static IReadOnlyList<ReviewExample> ReadFiles(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var examples = new List<ReviewExample>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw RelearnException.Invalid($"data file not found: {path}");
            }
            var number = 0;
            foreach (var line in File.ReadLines(path))
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    examples.Add(ReadLine(line, $"{Path.GetFileName(path)} line {number.ToString(CultureInfo.InvariantCulture)}"));
                }
            }
        }
        return examples.Count > 0 ? examples : throw RelearnException.Invalid("the data files hold no examples");
    }

    /// <summary>Reads one JSON Lines row.</summary>
    public static ReviewExample ReadLine(string line, string where)
    {
        JsonElement row;
        try
        {
            using var document = JsonDocument.Parse(line);
            row = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw RelearnException.Invalid($"{where}: not valid JSON ({e.Message.Split('.')[0]})", e);
        }
        if (row.ValueKind != JsonValueKind.Object || !row.TryGetProperty("patch", out var patch) || patch.ValueKind != JsonValueKind.String)
        {
            throw RelearnException.Invalid($"{where}: a JSON object with a string \"patch\" is required");
        }
        int? y = null;
        if (row.TryGetProperty("y", out var label) && label.ValueKind != JsonValueKind.Null)
        {
            y = label.ValueKind == JsonValueKind.Number && label.TryGetInt32(out var v) && v is 0 or 1 ? v
                : throw RelearnException.Invalid($"{where}: \"y\" must be 0 or 1");
        }
        return new ReviewExample(patch.GetString()!, y, Text(row, "msg"), Text(row, "lang"), Text(row, "path"),
            row.TryGetProperty("id", out var id) ? id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText() : null);
    }

    private static string? Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    /// <summary>Examples as JSON Lines: the stored form of review-assist datasets and evaluation data.</summary>
    public static byte[] ToCanonicalBytes(IEnumerable<ReviewExample> examples)
    {
        var text = new StringBuilder();
        foreach (var example in examples)
        {
            text.Append(JsonSerializer.Serialize(example, JsonDefaults.Compact)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads <see cref="ToCanonicalBytes"/> back.</summary>
    public static IReadOnlyList<ReviewExample> FromCanonicalBytes(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<ReviewExample>(line, JsonDefaults.Compact)!)
            .ToList();
}
