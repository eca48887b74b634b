using System.Globalization;
using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>
/// The result of a per-row ("map") expectation, shaped as Great Expectations' <c>_format_map_output</c> shapes it in
/// its default SUMMARY format (great_expectations/expectations/expectation.py): <c>unexpected_percent</c> is
/// unexpected / non-missing × 100 (missing values are never unexpected; <c>unexpected_percent_total</c> divides by every
/// row), <c>partial_unexpected_list</c> the first 20 unexpected values, <c>partial_unexpected_counts</c> the 20 most
/// common sorted by count then value; success as GE's <c>_mostly_success</c>: with <c>mostly</c>, (non-missing −
/// unexpected) / non-missing ≥ mostly, else no unexpected value; vacuously true when nothing is present.
/// </summary>
internal static class MapResult
{
    public const int PartialCount = 20;

    /// <param name="configuration">The expectation (for <c>mostly</c>).</param>
    /// <param name="elementCount">Rows.</param>
    /// <param name="nonNullCount">Rows the expectation looked at; null when missing values are the thing checked (not-null), so GE leaves the missing fields out.</param>
    /// <param name="unexpectedRows">Rows that failed, in row order.</param>
    /// <param name="value">A failed row's value as JSON.</param>
    public static ExpectationOutcome Build(ExpectationConfiguration configuration, int elementCount, int? nonNullCount,
        IReadOnlyList<int> unexpectedRows, Func<int, JsonNode?> value)
    {
        var unexpected = unexpectedRows.Count;
        var denominator = nonNullCount ?? elementCount;
        var mostly = configuration.Number("mostly");
        var success = denominator == 0 || (mostly is { } m ? (double)(denominator - unexpected) / denominator >= m : unexpected == 0);
        double? percentTotal = elementCount > 0 ? 100.0 * unexpected / elementCount : null;
        double? percentNonMissing = nonNullCount is null ? percentTotal : nonNullCount > 0 ? 100.0 * unexpected / nonNullCount : null;
        var partial = unexpectedRows.Take(PartialCount).ToList();
        var result = new JsonObject
        {
            ["element_count"] = elementCount,
            ["unexpected_count"] = unexpected,
            ["unexpected_percent"] = percentNonMissing,
            ["partial_unexpected_list"] = new JsonArray(partial.Select(value).ToArray()),
        };
        if (nonNullCount is { } present)
        {
            result["missing_count"] = elementCount - present;
            result["missing_percent"] = elementCount > 0 ? 100.0 * (elementCount - present) / elementCount : null;
            result["unexpected_percent_total"] = percentTotal;
            result["unexpected_percent_nonmissing"] = percentNonMissing;
        }
        result["partial_unexpected_index_list"] = new JsonArray(partial.Select(r => (JsonNode)r).ToArray());
        result["partial_unexpected_counts"] = Counts(unexpectedRows, value);
        return new ExpectationOutcome(configuration, success, result);
    }

    private static JsonArray Counts(IReadOnlyList<int> rows, Func<int, JsonNode?> value)
    {
        // GE sorts by (-count, value): numbers by value, text by text.
        var counts = rows.Select(value).GroupBy(v => v?.ToJsonString() ?? "null", StringComparer.Ordinal)
            .Select(g => (Value: g.First(), Key: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => double.TryParse(g.Key, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : double.NaN)
            .ThenBy(g => g.Key, StringComparer.Ordinal).Take(PartialCount);
        return new JsonArray(counts.Select(c => (JsonNode)new JsonObject { ["value"] = c.Value?.DeepClone(), ["count"] = c.Count }).ToArray());
    }
}
