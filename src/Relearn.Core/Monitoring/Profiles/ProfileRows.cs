using System.Globalization;
using System.Text.Json;

namespace Relearn.Core.Monitoring.Profiles;

/// <summary>
/// Turns a prediction's input and answer into one table row: every top-level scalar of the input is a column under
/// its own name, every top-level scalar of the answer a column <c>prediction.NAME</c>. Reference profiles and the
/// prediction-log window use the same rule, so their columns line up.
/// </summary>
public static class ProfileRows
{
    /// <summary>Prefix of the columns taken from the model's answer.</summary>
    public const string PredictionPrefix = "prediction.";

    // Bookkeeping fields of the answer, not something the model predicted.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "prediction_id", "version", "model" };

    /// <summary>The row of one prediction: column → raw value (a number, or text; null when missing).</summary>
    public static Dictionary<string, object?> Row(JsonElement input, JsonElement? output)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        Add(row, input, "");
        if (output is { } answer)
        {
            Add(row, answer, PredictionPrefix);
        }
        return row;
    }

    /// <summary>The row of one stored prediction (input and answer as JSON text).</summary>
    public static Dictionary<string, object?> Row(string inputJson, string outputJson)
    {
        using var input = JsonDocument.Parse(inputJson);
        using var output = JsonDocument.Parse(outputJson);
        return Row(input.RootElement, output.RootElement);
    }

    private static void Add(Dictionary<string, object?> row, JsonElement element, string prefix)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (prefix.Length > 0 && Skipped.Contains(property.Name))
            {
                continue;
            }
            object? value = property.Value.ValueKind switch
            {
                JsonValueKind.Number => property.Value.GetDouble(),
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => null,
                _ => Nested,
            };
            if (!ReferenceEquals(value, Nested))
            {
                row[prefix + property.Name] = value;
            }
        }
    }

    /// <summary>Formats a raw value for kind detection.</summary>
    internal static string? Text(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    // Arrays and objects (review-assist's suggestions) are not columns.
    private static readonly object Nested = new();
}
