using Relearn.Core.Datasets.Expectations;

namespace Relearn.Core.Tests.Datasets.Expectations;

public sealed class ExpectationSuiteTests
{
    private static RelearnException Bad(string yaml) =>
        Assert.Throws<RelearnException>(() => ExpectationSuite.Parse(yaml, "suite.yaml"));

    [Fact]
    public void Parse_GreatExpectationsJsonSuite_Loads()
    {
        var suite = ExpectationSuite.Parse("""
            {"expectation_suite_name": "orders", "expectations": [
              {"expectation_type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}, "meta": {}},
              {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}}]}
            """, "orders.json");
        Assert.Equal("orders", suite.Name);
        Assert.Equal(["expect_column_values_to_not_be_null", "expect_table_row_count_to_be_between"], suite.Expectations.Select(e => e.Type));
    }

    [Fact]
    public void Parse_UnknownExpectation_NamesItAndItsPosition()
    {
        var e = Bad("expectations:\n  - expectation_type: expect_column_to_exist\n    kwargs: {column: a}\n  - expectation_type: expect_column_to_be_pretty\n");
        Assert.Equal(RelearnErrorKind.InvalidInput, e.Kind);
        Assert.Contains("expectation 2: unknown expectation 'expect_column_to_be_pretty'", e.Message);
    }

    [Theory]
    [InlineData("expect_column_values_to_not_be_null", "{column: a, mostly: 1.5}", "key 'mostly' must be a number from 0 to 1")]
    [InlineData("expect_column_values_to_not_be_null", "{column: a, mostly: lots}", "key 'mostly' must be a number from 0 to 1, got \"lots\"")]
    [InlineData("expect_column_values_to_be_between", "{column: a, min_value: low}", "key 'min_value' must be a number")]
    [InlineData("expect_column_values_to_be_between", "{column: a}", "give min_value or max_value")]
    [InlineData("expect_column_values_to_be_in_set", "{column: a}", "key 'value_set' is required")]
    [InlineData("expect_column_values_to_be_in_set", "{column: a, value_set: red}", "key 'value_set' must be a list of values")]
    [InlineData("expect_column_values_to_match_regex", "{column: a, regex: '(unclosed'}", "key 'regex' is not a valid regular expression")]
    [InlineData("expect_column_values_to_be_of_type", "{column: a, type_: datetime64}", "key 'type_'")]
    [InlineData("expect_column_values_to_be_unique", "{column: a, colour: red}", "unknown key 'colour'")]
    [InlineData("expect_column_mean_to_be_between", "{column: [a, b], min_value: 1}", "key 'column' must be a string")]
    [InlineData("expect_compound_columns_to_be_unique", "{column_list: []}", "key 'column_list' must be a list of column names")]
    [InlineData("expect_column_quantile_values_to_be_between", "{column: a, quantile_ranges: {quantiles: [0.5], value_ranges: []}}", "key 'quantile_ranges' must be")]
    public void Parse_WrongArgument_OneLineNamingExpectationAndKey(string type, string kwargs, string expected)
    {
        var e = Bad($"expectations:\n  - expectation_type: {type}\n    kwargs: {kwargs}\n");
        Assert.Contains($"suite.yaml: expectation 1 ({type}): ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Parse_QuotedNumber_IsAString()
    {
        var e = Bad("expectations:\n  - expectation_type: expect_table_row_count_to_be_between\n    kwargs: {min_value: '10'}\n");
        Assert.Contains("key 'min_value' must be a number, got \"10\"", e.Message);
    }

    [Fact]
    public void Validate_PartialUnexpectedCounts_ByCountThenNumericValue()
    {
        var suite = ExpectationSuite.Parse("expectations:\n  - expectation_type: expect_column_values_to_be_in_set\n    kwargs: {column: n, value_set: [0]}\n", "s.yaml");
        var batch = DataBatch.FromRows("rows", new[] { "10", "9", "9", "2", "10", "100" }.Select(v => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?> { ["n"] = v }).ToList());

        var counts = SuiteValidator.Validate(suite, batch, "r", DateTimeOffset.UnixEpoch).Results.Single().Result["partial_unexpected_counts"]!;

        Assert.Equal("[{\"value\":9,\"count\":2},{\"value\":10,\"count\":2},{\"value\":2,\"count\":1},{\"value\":100,\"count\":1}]", counts.ToJsonString());
    }

    [Fact]
    public void Load_MissingFile_IsNotFound() =>
        Assert.Equal(RelearnErrorKind.NotFound, Assert.Throws<RelearnException>(() => ExpectationSuite.Load("/nonexistent/suite.yaml")).Kind);

    [Fact]
    public void Validate_Statistics_CountAsGreatExpectations()
    {
        var suite = ExpectationSuite.Parse("""
            expectation_suite_name: small
            expectations:
              - expectation_type: expect_column_to_exist
                kwargs: {column: a}
              - expectation_type: expect_column_values_to_be_in_set
                kwargs: {column: a, value_set: [1, 2]}
              - expectation_type: expect_column_values_to_not_be_null
                kwargs: {column: b}
            """, "small.yaml");
        var batch = DataBatch.FromRows("rows", [new Dictionary<string, string?> { ["a"] = "1", ["b"] = "x" }, new Dictionary<string, string?> { ["a"] = "3", ["b"] = null }]);
        var result = SuiteValidator.Validate(suite, batch, "r1", DateTimeOffset.UnixEpoch);
        var json = result.ToJson();
        Assert.False((bool)json["success"]!);
        Assert.Equal(3, (int)json["statistics"]!["evaluated_expectations"]!);
        Assert.Equal(1, (int)json["statistics"]!["successful_expectations"]!);
        Assert.Equal(2, (int)json["statistics"]!["unsuccessful_expectations"]!);
        Assert.Equal(100.0 / 3, (double)json["statistics"]!["success_percent"]!, 9);
        Assert.Equal("[3]", json["results"]![1]!["result"]!["partial_unexpected_list"]!.ToJsonString());
        Assert.Equal("small", (string)json["meta"]!["expectation_suite_name"]!);
        Assert.Equal("suite small on rows: 1 of 3 expectations met; failed: expect_column_values_to_be_in_set(a), expect_column_values_to_not_be_null(b)", result.Summary());
    }
}
