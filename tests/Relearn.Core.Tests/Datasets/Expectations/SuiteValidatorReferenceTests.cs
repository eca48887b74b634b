using System.Text.Json.Nodes;
using Relearn.Core.Datasets.Expectations;

namespace Relearn.Core.Tests.Datasets.Expectations;

/// <summary>
/// Expectations on a CSV table against the numbers pandas gives for Great Expectations' definitions
/// (ReferenceValues/make_expectation_values.py wrote both the table and the values).
/// </summary>
public sealed class SuiteValidatorReferenceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Datasets", "Expectations", "ReferenceValues");
    private static readonly JsonObject Expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "expectation-values.json")))!.AsObject();
    private static readonly DataBatch Table = DataBatch.Read(Path.Combine(Folder, "expectations-table.csv"));

    private static ExpectationOutcome Run(string type, string kwargs)
    {
        var suite = ExpectationSuite.Parse($"expectations:\n  - expectation_type: {type}\n    kwargs: {kwargs}\n", "test.yaml");
        return SuiteValidator.Validate(suite, Table, "run", DateTimeOffset.UnixEpoch).Results.Single();
    }

    private static void AssertMap(ExpectationOutcome outcome, string reference, bool checkList = true)
    {
        var expected = Expected[reference]!;
        Assert.Equal((int)expected["element_count"]!, (int)outcome.Result["element_count"]!);
        Assert.Equal((int)expected["unexpected_count"]!, (int)outcome.Result["unexpected_count"]!);
        Assert.Equal((double)expected["unexpected_percent"]!, (double)outcome.Result["unexpected_percent"]!, 9);
        if (checkList)
        {
            Assert.Equal(expected["partial_unexpected_list"]!.ToJsonString(), outcome.Result["partial_unexpected_list"]!.ToJsonString());
        }
    }

    [Fact]
    public void Read_Csv_InfersPandasDtypesAndMissingMarkers()
    {
        Assert.Equal((int)Expected["rows"]!, Table.RowCount);
        Assert.Equal(Expected["columns"]!.AsArray().Select(c => (string)c!), Table.Columns);
        foreach (var (column, dtype) in Expected["dtypes"]!.AsObject())
        {
            Assert.Equal((string)dtype!, Table.Column(column)!.DType);
        }
    }

    [Fact]
    public void NotNull_PercentOverEveryRow_AsGreatExpectations()
    {
        var outcome = Run("expect_column_values_to_not_be_null", "{column: score}");
        Assert.False(outcome.Success);
        AssertMap(outcome, "not_null_score", checkList: false);
        Assert.False(outcome.Result.ContainsKey("missing_count"));
    }

    [Fact]
    public void NotNull_WithMostlyBelowPresentShare_Succeeds()
    {
        Assert.True(Run("expect_column_values_to_not_be_null", "{column: score, mostly: 0.98}").Success);
        Assert.False(Run("expect_column_values_to_not_be_null", "{column: score, mostly: 0.99}").Success);
    }

    [Fact]
    public void Unique_EveryRepeatedRowIsUnexpected() => AssertMap(Run("expect_column_values_to_be_unique", "{column: id}"), "unique_id");

    [Fact]
    public void Between_UnexpectedPercentExcludesMissingValues()
    {
        var outcome = Run("expect_column_values_to_be_between", "{column: score, min_value: 40, max_value: 60}");
        AssertMap(outcome, "between_score_40_60");
        Assert.Equal(4, (int)outcome.Result["missing_count"]!);
    }

    [Fact]
    public void Between_Mostly_ComparesExpectedShareOfPresentValues()
    {
        var share = 1 - (double)Expected["between_score_40_60"]!["unexpected_percent"]! / 100;
        Assert.True(Run("expect_column_values_to_be_between", $"{{column: score, min_value: 40, max_value: 60, mostly: {share - 0.001}}}").Success);
        Assert.False(Run("expect_column_values_to_be_between", $"{{column: score, min_value: 40, max_value: 60, mostly: {share + 0.001}}}").Success);
    }

    [Fact]
    public void InSet_MissingMarkersAreNotUnexpected() =>
        AssertMap(Run("expect_column_values_to_be_in_set", "{column: category, value_set: [red, green, blue]}"), "in_set_category");

    [Fact]
    public void NotInSet_CountsForbiddenValues() =>
        AssertMap(Run("expect_column_values_to_not_be_in_set", "{column: category, value_set: [purple]}"), "not_in_set_category");

    [Fact]
    public void MatchRegex_SearchesAsPandasStrContains() =>
        AssertMap(Run("expect_column_values_to_match_regex", "{column: name, regex: '^user_\\d+$'}"), "regex_name");

    [Fact]
    public void ValueLengthsBetween_CountsCharacters() =>
        AssertMap(Run("expect_column_value_lengths_to_be_between", "{column: name, min_value: 5, max_value: 8}"), "lengths_name_5_8");

    [Fact]
    public void CompoundColumnsUnique_FlagsEveryRowOfARepeatedCombination()
    {
        var outcome = Run("expect_compound_columns_to_be_unique", "{column_list: [group, code]}");
        AssertMap(outcome, "compound_group_code", checkList: false);
        Assert.IsType<JsonObject>(outcome.Result["partial_unexpected_list"]![0]);
    }

    [Theory]
    [InlineData("expect_column_mean_to_be_between", "mean_score")]
    [InlineData("expect_column_median_to_be_between", "median_score")]
    [InlineData("expect_column_stdev_to_be_between", "stdev_score")]
    [InlineData("expect_column_min_to_be_between", "min_score")]
    [InlineData("expect_column_max_to_be_between", "max_score")]
    public void Aggregate_ObservedValueEqualsPandas(string type, string reference)
    {
        var expected = (double)Expected[reference]!;
        var outcome = Run(type, "{column: score, min_value: 0, max_value: 100}");
        Assert.Equal(expected, (double)outcome.Result["observed_value"]!, 9);
        Assert.True(outcome.Success);
        var low = expected - 0.0005;
        Assert.False(Run(type, $"{{column: score, max_value: {low.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}").Success);
        Assert.False(Run(type, $"{{column: score, min_value: {expected.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, strict_min: true}}").Success);
    }

    [Fact]
    public void QuantileValues_NearestInterpolationAsPandas()
    {
        var quantiles = Expected["quantiles"]!.ToJsonString();
        var values = Expected["quantile_values_score"]!.AsArray().Select(v => (double)v!).ToArray();
        var ranges = string.Join(", ", values.Select(v => FormattableString.Invariant($"[{v - 0.001}, {v + 0.001}]")));
        var outcome = Run("expect_column_quantile_values_to_be_between", $"{{column: score, quantile_ranges: {{quantiles: {quantiles}, value_ranges: [{ranges}]}}}}");
        Assert.True(outcome.Success);
        Assert.Equal(values, outcome.Result["observed_value"]!["values"]!.AsArray().Select(v => (double)v!));
    }

    [Theory]
    [InlineData("group", "proportion_unique_group")]
    [InlineData("category", "proportion_unique_category")]
    public void ProportionOfUniqueValues_OverPresentValues(string column, string reference)
    {
        var outcome = Run("expect_column_proportion_of_unique_values_to_be_between", $"{{column: {column}, min_value: 0}}");
        Assert.Equal((double)Expected[reference]!, (double)outcome.Result["observed_value"]!, 12);
    }

    [Fact]
    public void TableExpectations_RowCountColumnsAndExistence()
    {
        Assert.Equal(250, (int)Run("expect_table_row_count_to_be_between", "{min_value: 250, max_value: 250}").Result["observed_value"]!);
        Assert.False(Run("expect_table_row_count_to_be_between", "{min_value: 251}").Success);
        Assert.True(Run("expect_table_columns_to_match_set", "{column_set: [id, score, category, name, group, code]}").Success);
        var mismatch = Run("expect_table_columns_to_match_set", "{column_set: [id, score, extra]}");
        Assert.False(mismatch.Success);
        Assert.Equal("[\"extra\"]", mismatch.Result["details"]!["mismatched"]!["missing"]!.ToJsonString());
        Assert.True(Run("expect_table_columns_to_match_set", "{column_set: [id, score], exact_match: false}").Success);
        Assert.True(Run("expect_column_to_exist", "{column: name}").Success);
        Assert.False(Run("expect_column_to_exist", "{column: name, column_index: 0}").Success);
        Assert.False(Run("expect_column_to_exist", "{column: nope}").Success);
    }

    [Fact]
    public void OfType_ConcreteDtypeCheckedAsAWhole()
    {
        var outcome = Run("expect_column_values_to_be_of_type", "{column: id, type_: int64}");
        Assert.True(outcome.Success);
        Assert.Equal("int64", (string)outcome.Result["observed_value"]!);
        Assert.False(Run("expect_column_values_to_be_of_type", "{column: score, type_: int}").Success);
        Assert.True(Run("expect_column_values_to_be_of_type", "{column: name, type_: str}").Success);
    }

    [Fact]
    public void MissingColumn_FailsWithExceptionInfoNotBadInput()
    {
        var outcome = Run("expect_column_mean_to_be_between", "{column: nope, min_value: 0}");
        Assert.False(outcome.Success);
        Assert.Contains("'nope' is not in the data", outcome.Exception);
        Assert.True((bool)outcome.ToJson()["exception_info"]!["raised_exception"]!);
    }

    [Fact]
    public void Aggregate_OnTextColumn_FailsNamingTheDtype()
    {
        var outcome = Run("expect_column_mean_to_be_between", "{column: name, min_value: 0}");
        Assert.False(outcome.Success);
        Assert.Contains("not numeric (dtype object)", outcome.Exception);
    }
}
