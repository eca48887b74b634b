using System.Globalization;
using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>
/// One column's values by row (null = missing), with the dtype pandas would give it: <c>int64</c> when every value is
/// a whole number and none is missing (a missing value turns integers into <c>float64</c>, as in pandas), <c>float64</c>
/// when every present value is a number, <c>bool</c> when every value is true/false and none is missing, else <c>object</c>.
/// </summary>
public sealed class ColumnData
{
    private double[]? _numbers;

    internal ColumnData(string name, string?[] values)
    {
        Name = name;
        Values = values;
        NonNullCount = values.Count(v => v is not null);
        DType = InferDType(values, NonNullCount);
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>Each row's value, null where missing.</summary>
    public IReadOnlyList<string?> Values { get; }

    /// <summary>Rows with a value.</summary>
    public int NonNullCount { get; }

    /// <summary>pandas' dtype name for the column: <c>int64</c>, <c>float64</c>, <c>bool</c> or <c>object</c>.</summary>
    public string DType { get; }

    /// <summary>True for <c>int64</c> and <c>float64</c> columns.</summary>
    public bool IsNumeric => DType is "int64" or "float64";

    /// <summary>The present values as numbers, in row order (numeric columns only).</summary>
    public double[] Numbers => _numbers ??= Values.Where(v => v is not null).Select(v => Parse(v!)!.Value).ToArray();

    /// <summary>A row's value as a number, or null when missing or not a number.</summary>
    public double? NumberAt(int row) => Values[row] is { } v ? Parse(v) : null;

    /// <summary>A row's value as GE would show it in JSON: a number in numeric columns, a boolean in bool ones, else a string.</summary>
    public JsonNode? JsonAt(int row) => Values[row] is not { } v ? null : DType switch
    {
        "int64" => JsonValue.Create(long.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)),
        "float64" => JsonValue.Create(Parse(v)!.Value),
        "bool" => JsonValue.Create(ParseBool(v)!.Value),
        _ => JsonValue.Create(v),
    };

    /// <summary>Parses a number as pandas would read it.</summary>
    public static double? Parse(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>Parses true/false as pandas' <c>read_csv</c> does (True, true, TRUE).</summary>
    public static bool? ParseBool(string value) => value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    private static string InferDType(string?[] values, int present)
    {
        if (present == 0)
        {
            return "float64";
        }
        var all = values.Where(v => v is not null).Select(v => v!).ToList();
        if (all.All(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
        {
            return present == values.Length ? "int64" : "float64";
        }
        if (all.All(v => Parse(v) is not null))
        {
            return "float64";
        }
        return all.All(v => ParseBool(v) is not null) && present == values.Length ? "bool" : "object";
    }
}
