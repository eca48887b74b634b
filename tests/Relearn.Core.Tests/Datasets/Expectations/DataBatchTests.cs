using System.Text.Json.Nodes;
using Relearn.Core.Datasets.Expectations;
using Relearn.Core.Serving;

namespace Relearn.Core.Tests.Datasets.Expectations;

public sealed class DataBatchTests : IDisposable
{
    private readonly TempFolder _folder = Some.Folder();

    private const string Suite = """
        expectations:
          - expectation_type: expect_column_values_to_not_be_null
            kwargs: {column: score}
          - expectation_type: expect_column_values_to_be_between
            kwargs: {column: score, min_value: 0, max_value: 50}
          - expectation_type: expect_column_values_to_be_in_set
            kwargs: {column: colour, value_set: [red, blue]}
          - expectation_type: expect_column_mean_to_be_between
            kwargs: {column: id, min_value: 0}
          - expectation_type: expect_compound_columns_to_be_unique
            kwargs: {column_list: [id, colour]}
        """;

    private static JsonObject[] Rows() =>
    [
        new() { ["id"] = 1, ["score"] = 10.5, ["colour"] = "red" },
        new() { ["id"] = 2, ["score"] = null, ["colour"] = "blue" },
        new() { ["id"] = 3, ["score"] = 30.0, ["colour"] = "green" },
        new() { ["id"] = 3, ["score"] = 99.0, ["colour"] = "green" },
    ];

    [Theory]
    [InlineData("rows.csv")]
    [InlineData("rows.jsonl")]
    [InlineData("rows.parquet")]
    public async Task Read_SameRowsInEveryFormat_GiveTheSameResults_Issue13(string file)
    {
        var path = Path.Combine(_folder.Path, file);
        await PredictionFile.WriteAsync(path, Rows(), CancellationToken.None);

        var batch = DataBatch.Read(path);
        var result = SuiteValidator.Validate(ExpectationSuite.Parse(Suite, "suite.yaml"), batch, "r", DateTimeOffset.UnixEpoch);

        Assert.Equal(["id", "score", "colour"], batch.Columns);
        Assert.Equal("float64", batch.Column("score")!.DType);
        Assert.Equal("int64", batch.Column("id")!.DType);
        var counts = result.Results.Select(r => r.Result["unexpected_count"]?.GetValue<int>()).ToArray();
        Assert.Equal([1, 1, 2, null, 2], counts);
        Assert.Equal("[99]", result.Results[1].Result["partial_unexpected_list"]!.ToJsonString());
        Assert.Equal(2.25, (double)result.Results[3].Result["observed_value"]!);
        Assert.Equal("[{\"id\":3,\"colour\":\"green\"},{\"id\":3,\"colour\":\"green\"}]", result.Results[4].Result["partial_unexpected_list"]!.ToJsonString());
    }

    [Fact]
    public void Read_CsvWithAShortRow_IsOneLineNamingTheFile()
    {
        var path = Path.Combine(_folder.Path, "short.csv");
        File.WriteAllText(path, "a,b\n1,2\n3\n");

        var error = Assert.Throws<RelearnException>(() => DataBatch.Read(path));

        Assert.Contains("short.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyColumn_PerRowVacuouslyTrueAggregatesFail()
    {
        var batch = DataBatch.FromRows("empty", [new Dictionary<string, string?> { ["x"] = null }]);
        var suite = ExpectationSuite.Parse("""
            expectations:
              - expectation_type: expect_column_values_to_be_between
                kwargs: {column: x, min_value: 0}
              - expectation_type: expect_column_mean_to_be_between
                kwargs: {column: x, min_value: 0}
            """, "s.yaml");

        var result = SuiteValidator.Validate(suite, batch, "r", DateTimeOffset.UnixEpoch);

        Assert.True(result.Results[0].Success);
        Assert.Null(result.Results[0].Result["unexpected_percent"]);
        Assert.False(result.Results[1].Success);
        Assert.Null(result.Results[1].Result["observed_value"]);
    }

    public void Dispose() => _folder.Dispose();
}
