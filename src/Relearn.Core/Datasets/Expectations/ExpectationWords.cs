using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>Each expectation and its result in plain words, for the data docs pages and the CLI's table output.</summary>
public static class ExpectationWords
{
    /// <summary>What the expectation asks, e.g. "values in score are between 0 and 100, at least 95% of the time".</summary>
    public static string Describe(ExpectationConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var k = configuration.Kwargs;
        var column = S(k["column"]);
        var range = Range(k);
        var sentence = configuration.Type switch
        {
            "expect_column_to_exist" => k["column_index"] is { } i ? $"column {column} exists, at position {N(i)} (from 0)" : $"column {column} exists",
            "expect_table_row_count_to_be_between" => $"the table has {range} rows",
            "expect_table_columns_to_match_set" => (k["exact_match"]?.GetValue<bool>() ?? true)
                ? $"the table's columns are exactly {List(k["column_set"])}" : $"the table's columns include {List(k["column_set"])}",
            "expect_compound_columns_to_be_unique" => $"each combination of {List(k["column_list"])} occurs once",
            "expect_column_values_to_not_be_null" => $"values in {column} are never missing",
            "expect_column_values_to_be_unique" => $"values in {column} are unique",
            "expect_column_values_to_be_between" => $"values in {column} are {range}",
            "expect_column_values_to_be_in_set" => $"values in {column} are one of {List(k["value_set"])}",
            "expect_column_values_to_not_be_in_set" => $"values in {column} are none of {List(k["value_set"])}",
            "expect_column_values_to_be_of_type" => $"values in {column} are of type {S(k["type_"])}",
            "expect_column_values_to_match_regex" => $"values in {column} match the regular expression {S(k["regex"])}",
            "expect_column_value_lengths_to_be_between" => $"values in {column} are {range} characters long",
            "expect_column_mean_to_be_between" => $"the mean of {column} is {range}",
            "expect_column_median_to_be_between" => $"the median of {column} is {range}",
            "expect_column_stdev_to_be_between" => $"the standard deviation of {column} is {range}",
            "expect_column_min_to_be_between" => $"the smallest value in {column} is {range}",
            "expect_column_max_to_be_between" => $"the largest value in {column} is {range}",
            "expect_column_proportion_of_unique_values_to_be_between" => $"the share of distinct values in {column} is {range}",
            "expect_column_quantile_values_to_be_between" => $"the quantiles of {column} fall in {Quantiles(k["quantile_ranges"])}",
            _ => configuration.Type,
        };
        return k["mostly"] is JsonValue mostly ? $"{sentence}, at least {P(Number(mostly) * 100)} of the time" : sentence;
    }

    /// <summary>What was observed, e.g. "3 of 246 present values (1.2%) were not; 4 missing; for example 6, 6, 6".</summary>
    public static string Observed(ExpectationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Exception is { } exception)
        {
            return $"could not be checked: {exception}";
        }
        var r = outcome.Result;
        if (r["observed_value"] is JsonObject { } quantiles)
        {
            var q = quantiles["quantiles"]!.AsArray();
            var v = quantiles["values"]!.AsArray();
            return string.Join(", ", q.Select((x, i) => $"q{N(x)} = {N(v[i])}"));
        }
        if (r.ContainsKey("observed_value"))
        {
            var observed = r["observed_value"];
            var text = observed is JsonArray list ? List(list) : observed is null ? "nothing (no values)" : N(observed);
            return r["details"]?["mismatched"] is JsonObject m
                ? $"observed {text}" + (m["missing"] is { } missing ? $"; missing {List(missing)}" : "") + (m["unexpected"] is { } extra ? $"; not expected {List(extra)}" : "")
                : $"observed {text}";
        }
        if (r.ContainsKey("unexpected_count"))
        {
            var unexpected = r["unexpected_count"]!.GetValue<int>();
            var missing = r["missing_count"]?.GetValue<int>();
            var counted = missing is { } mc ? $"{r["element_count"]!.GetValue<int>() - mc} present values" : $"{r["element_count"]} rows";
            var line = $"{unexpected} of {counted} ({P(r["unexpected_percent"] is JsonValue p ? Number(p) : 0)}) did not meet it";
            if (missing is > 0)
            {
                line += $"; {missing} missing";
            }
            var examples = r["partial_unexpected_list"]!.AsArray();
            return examples.Count == 0 || examples.All(e => e is null) ? line : $"{line}; for example {string.Join(", ", examples.Take(5).Select(N))}";
        }
        return outcome.Success ? "as expected" : "not as expected";
    }

    private static string Range(JsonObject k)
    {
        var min = k["min_value"];
        var max = k["max_value"];
        var strictMin = k["strict_min"]?.GetValue<bool>() ?? false;
        var strictMax = k["strict_max"]?.GetValue<bool>() ?? false;
        return (min, max) switch
        {
            ({ }, { }) => $"between {N(min)}{(strictMin ? " (exclusive)" : "")} and {N(max)}{(strictMax ? " (exclusive)" : "")}",
            ({ }, null) => strictMin ? $"more than {N(min)}" : $"at least {N(min)}",
            (null, { }) => strictMax ? $"less than {N(max)}" : $"at most {N(max)}",
            _ => "any number of",
        };
    }

    private static string Quantiles(JsonNode? ranges)
    {
        var q = ranges!["quantiles"]!.AsArray();
        var r = ranges["value_ranges"]!.AsArray();
        return string.Join("; ", q.Select((x, i) => $"q{N(x)} in [{N(r[i]![0])}, {N(r[i]![1])}]"));
    }

    private static string S(JsonNode? node) => node is null ? "" : node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static string N(JsonNode? node) => node switch
    {
        null => "none",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => Number(v).ToString("0.######", CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string List(JsonNode? node) =>
        node is JsonArray a ? "{" + string.Join(", ", a.Select(N)) + "}" : N(node);

    /// <summary>A JSON number as a double, whether it was made from a long (integer columns) or a double.</summary>
    private static double Number(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d : value.TryGetValue<long>(out var l) ? l : value.TryGetValue<int>(out var i) ? i : value.GetValue<JsonElement>().GetDouble();

    private static string P(double percent) => percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
