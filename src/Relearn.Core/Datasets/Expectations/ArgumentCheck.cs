using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>Argument type checks and typed reads of an expectation's kwargs.</summary>
internal static class ArgumentCheck
{
    /// <summary>What is wrong with <paramref name="value"/> for <paramref name="kind"/>, or null when it fits (null fits every optional key).</summary>
    public static string? Problem(ArgumentKind kind, JsonNode? value)
    {
        if (value is null)
        {
            return null;
        }
        return kind switch
        {
            ArgumentKind.Column or ArgumentKind.Text => IsString(value) ? null : $"must be a string, got {Shown(value)}",
            ArgumentKind.Number => IsNumber(value) ? null : $"must be a number, got {Shown(value)}",
            ArgumentKind.Integer => IsNumber(value) && value.GetValue<double>() % 1 == 0 ? null : $"must be a whole number, got {Shown(value)}",
            ArgumentKind.Boolean => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : $"must be true or false, got {Shown(value)}",
            ArgumentKind.Mostly => IsNumber(value) && value.GetValue<double>() is >= 0 and <= 1 ? null : $"must be a number from 0 to 1, got {Shown(value)}",
            ArgumentKind.Regex => !IsString(value) ? $"must be a string, got {Shown(value)}" : RegexProblem(value.GetValue<string>()),
            ArgumentKind.Columns => value is JsonArray { Count: > 0 } a && a.All(i => i is not null && IsString(i)) ? null : $"must be a list of column names, got {Shown(value)}",
            ArgumentKind.Values => value is JsonArray v && v.All(i => i is null || i is JsonValue) ? null : $"must be a list of values, got {Shown(value)}",
            ArgumentKind.QuantileRanges => QuantileProblem(value),
            _ => null,
        };
    }

    public static string Text(this ExpectationConfiguration c, string key) => c.Kwargs[key]!.GetValue<string>();

    public static string? OptionalText(this ExpectationConfiguration c, string key) => c.Kwargs[key]?.GetValue<string>();

    public static double? Number(this ExpectationConfiguration c, string key) => c.Kwargs[key] is { } v ? v.GetValue<double>() : null;

    public static bool Flag(this ExpectationConfiguration c, string key, bool fallback) => c.Kwargs[key] is { } v ? v.GetValue<bool>() : fallback;

    public static string[] Names(this ExpectationConfiguration c, string key) => c.Kwargs[key]!.AsArray().Select(i => i!.GetValue<string>()).ToArray();

    /// <summary>The column the expectation names; a failed result (not bad input) when the data lacks it, as in GE.</summary>
    public static ColumnData ColumnOf(this ExpectationConfiguration c, DataBatch batch)
    {
        var name = c.Text("column");
        return batch.Column(name) ?? throw new ExpectationDataException($"column '{name}' is not in the data (columns: {string.Join(", ", batch.Columns)})");
    }

    private static bool IsString(JsonNode value) => value.GetValueKind() == JsonValueKind.String;

    private static bool IsNumber(JsonNode value) => value.GetValueKind() == JsonValueKind.Number;

    private static string Shown(JsonNode value)
    {
        var text = value.ToJsonString();
        return text.Length > 40 ? text[..40] + "…" : text;
    }

    private static string? RegexProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return $"is not a valid regular expression: {e.Message}";
        }
    }

    private static string? QuantileProblem(JsonNode value)
    {
        const string Shape = "must be {quantiles: [q, ...], value_ranges: [[min, max], ...]} with one range per quantile";
        if (value is not JsonObject o || o["quantiles"] is not JsonArray q || o["value_ranges"] is not JsonArray r || q.Count == 0 || q.Count != r.Count)
        {
            return Shape;
        }
        if (!q.All(x => x is not null && IsNumber(x) && x.GetValue<double>() is >= 0 and <= 1))
        {
            return "quantiles must be numbers from 0 to 1";
        }
        return r.All(x => x is JsonArray { Count: 2 } pair && pair.All(b => b is null || IsNumber(b))) ? null : Shape;
    }
}
