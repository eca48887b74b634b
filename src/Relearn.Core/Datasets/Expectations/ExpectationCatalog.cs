using System.Text.Json.Nodes;

namespace Relearn.Core.Datasets.Expectations;

/// <summary>What an argument must be.</summary>
internal enum ArgumentKind
{
    Column,
    Columns,
    Number,
    Integer,
    Boolean,
    Mostly,
    Text,
    Regex,
    Values,
    QuantileRanges,
}

/// <summary>An expectation the catalog knows: its GE name, its arguments and how it is checked.</summary>
internal sealed record ExpectationDefinition(string Type, IReadOnlyDictionary<string, ArgumentKind> Required,
    IReadOnlyDictionary<string, ArgumentKind> Optional, Func<ExpectationConfiguration, DataBatch, ExpectationOutcome> Evaluate,
    bool NeedsBounds = false);

/// <summary>
/// The core expectations of Great Expectations, under GE's names and argument names, with each argument's type checked
/// when a suite loads (one line naming the expectation and the key when it is wrong).
/// </summary>
internal static class ExpectationCatalog
{
    /// <summary>Arguments every expectation accepts and Relearn ignores: results are always GE's SUMMARY format.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "result_format", "catch_exceptions", "include_config", "meta" };

    private static readonly Dictionary<string, ArgumentKind> Bounds = new(StringComparer.Ordinal)
    {
        ["min_value"] = ArgumentKind.Number, ["max_value"] = ArgumentKind.Number,
        ["strict_min"] = ArgumentKind.Boolean, ["strict_max"] = ArgumentKind.Boolean,
    };

    public static IReadOnlyDictionary<string, ExpectationDefinition> Definitions { get; } = Build();

    /// <summary>Checks type, keys and argument types; throws one line naming the expectation and key.</summary>
    public static void Check(ExpectationConfiguration configuration, string source)
    {
        var at = $"{source}: expectation {configuration.Index} ({configuration.Type})";
        if (!Definitions.TryGetValue(configuration.Type, out var definition))
        {
            throw RelearnException.Invalid($"{source}: expectation {configuration.Index}: unknown expectation '{configuration.Type}' (see docs/validation.md for the supported ones)");
        }
        foreach (var (key, value) in configuration.Kwargs)
        {
            if (Ignored.Contains(key))
            {
                continue;
            }
            var kind = definition.Required.TryGetValue(key, out var k) ? k
                : definition.Optional.TryGetValue(key, out k) ? k
                : throw RelearnException.Invalid($"{at}: unknown key '{key}' (it takes {string.Join(", ", definition.Required.Keys.Concat(definition.Optional.Keys))})");
            if (ArgumentCheck.Problem(kind, value) is { } problem)
            {
                throw RelearnException.Invalid($"{at}: key '{key}' {problem}");
            }
        }
        foreach (var key in definition.Required.Keys)
        {
            if (configuration.Kwargs[key] is null)
            {
                throw RelearnException.Invalid($"{at}: key '{key}' is required");
            }
        }
        if (definition.NeedsBounds && configuration.Kwargs["min_value"] is null && configuration.Kwargs["max_value"] is null)
        {
            throw RelearnException.Invalid($"{at}: give min_value or max_value (both are missing)");
        }
        if (configuration.Kwargs["type_"] is JsonValue type && TypeNames.DTypeOf(type.GetValue<string>()) is null)
        {
            throw RelearnException.Invalid($"{at}: key 'type_' '{type}' is not a type Relearn knows (int, int64, float, float64, bool, str, string, object)");
        }
        if (configuration.Kwargs["ignore_row_if"] is JsonValue ignore && ignore.GetValue<string>() is not ("all_values_are_missing" or "any_value_is_missing" or "never"))
        {
            throw RelearnException.Invalid($"{at}: key 'ignore_row_if' must be all_values_are_missing, any_value_is_missing or never");
        }
    }

    private static Dictionary<string, ExpectationDefinition> Build()
    {
        var column = Keys(("column", ArgumentKind.Column));
        var mostly = Keys(("mostly", ArgumentKind.Mostly));
        var definitions = new ExpectationDefinition[]
        {
            new("expect_column_to_exist", column, Keys(("column_index", ArgumentKind.Integer)), TableExpectations.ColumnToExist),
            new("expect_table_row_count_to_be_between", Keys(), Bounds, TableExpectations.RowCountBetween, NeedsBounds: true),
            new("expect_table_columns_to_match_set", Keys(("column_set", ArgumentKind.Columns)), Keys(("exact_match", ArgumentKind.Boolean)), TableExpectations.ColumnsMatchSet),
            new("expect_compound_columns_to_be_unique", Keys(("column_list", ArgumentKind.Columns)),
                Keys(("mostly", ArgumentKind.Mostly), ("ignore_row_if", ArgumentKind.Text)), TableExpectations.CompoundColumnsUnique),
            new("expect_column_values_to_not_be_null", column, mostly, ColumnMapExpectations.NotNull),
            new("expect_column_values_to_be_unique", column, mostly, ColumnMapExpectations.Unique),
            new("expect_column_values_to_be_between", column, With(Bounds, ("mostly", ArgumentKind.Mostly)), ColumnMapExpectations.Between, NeedsBounds: true),
            new("expect_column_values_to_be_in_set", Keys(("column", ArgumentKind.Column), ("value_set", ArgumentKind.Values)), mostly, ColumnMapExpectations.InSet),
            new("expect_column_values_to_not_be_in_set", Keys(("column", ArgumentKind.Column), ("value_set", ArgumentKind.Values)), mostly, ColumnMapExpectations.NotInSet),
            new("expect_column_values_to_be_of_type", Keys(("column", ArgumentKind.Column), ("type_", ArgumentKind.Text)), mostly, ColumnMapExpectations.OfType),
            new("expect_column_values_to_match_regex", Keys(("column", ArgumentKind.Column), ("regex", ArgumentKind.Regex)), mostly, ColumnMapExpectations.MatchRegex),
            new("expect_column_value_lengths_to_be_between", column, With(Bounds, ("mostly", ArgumentKind.Mostly)), ColumnMapExpectations.LengthsBetween, NeedsBounds: true),
            new("expect_column_mean_to_be_between", column, Bounds, ColumnAggregateExpectations.Mean, NeedsBounds: true),
            new("expect_column_median_to_be_between", column, Bounds, ColumnAggregateExpectations.Median, NeedsBounds: true),
            new("expect_column_stdev_to_be_between", column, Bounds, ColumnAggregateExpectations.Stdev, NeedsBounds: true),
            new("expect_column_min_to_be_between", column, Bounds, ColumnAggregateExpectations.Min, NeedsBounds: true),
            new("expect_column_max_to_be_between", column, Bounds, ColumnAggregateExpectations.Max, NeedsBounds: true),
            new("expect_column_proportion_of_unique_values_to_be_between", column, Bounds, ColumnAggregateExpectations.ProportionOfUnique, NeedsBounds: true),
            new("expect_column_quantile_values_to_be_between", Keys(("column", ArgumentKind.Column), ("quantile_ranges", ArgumentKind.QuantileRanges)),
                Keys(("allow_relative_error", ArgumentKind.Text)), ColumnAggregateExpectations.QuantileValues),
        };
        return definitions.ToDictionary(d => d.Type, StringComparer.Ordinal);
    }

    private static Dictionary<string, ArgumentKind> Keys(params (string Key, ArgumentKind Kind)[] keys) =>
        keys.ToDictionary(k => k.Key, k => k.Kind, StringComparer.Ordinal);

    private static Dictionary<string, ArgumentKind> With(Dictionary<string, ArgumentKind> keys, params (string Key, ArgumentKind Kind)[] more) =>
        new(keys.Concat(more.Select(m => KeyValuePair.Create(m.Key, m.Kind))), StringComparer.Ordinal);

    /// <summary>Runs one expectation; data problems (a column missing, text where numbers are needed) become a failed result with <c>exception_info</c>, as GE reports them.</summary>
    public static ExpectationOutcome Run(ExpectationConfiguration configuration, DataBatch batch)
    {
        try
        {
            return Definitions[configuration.Type].Evaluate(configuration, batch);
        }
        catch (ExpectationDataException e)
        {
            return new ExpectationOutcome(configuration, false, [], e.Message);
        }
    }
}

/// <summary>The data cannot be checked as the expectation asks (a missing column, a non-numeric column): the expectation fails with the reason.</summary>
internal sealed class ExpectationDataException(string message) : Exception(message);
