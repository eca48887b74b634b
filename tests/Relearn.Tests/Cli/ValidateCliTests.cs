using Microsoft.Playwright;
using Relearn.Tests.Browser;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary><c>relearn validate SUITE --data FILE</c> as a real process: exit codes, GE-shaped JSON, the tracking run and the data docs.</summary>
public sealed class ValidateCliTests
{
    private const string Csv = "id,score,colour\n1,10.5,red\n2,,blue\n3,30,red\n3,99,green\n";

    private const string Suite = """
        expectation_suite_name: orders
        expectations:
          - expectation_type: expect_table_row_count_to_be_between
            kwargs: {min_value: 1, max_value: 10}
          - expectation_type: expect_column_values_to_be_between
            kwargs: {column: score, min_value: 0, max_value: 50, mostly: 0.6}
          - expectation_type: expect_column_values_to_be_in_set
            kwargs: {column: colour, value_set: [red, blue, green]}
        """;

    [Fact]
    public async Task Validate_SuiteMet_ExitsZeroWithGreatExpectationsJsonAndRecordsEvidence_Issue13()
    {
        using var home = new TempHome();
        var data = home.File("orders.csv", Csv);
        var suite = home.File("orders.yaml", Suite);

        var result = await RunAsync(home.Path, "validate", suite, "--data", data, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.True((bool)json["success"]!);
        Assert.Equal(3, (int)json["statistics"]!["successful_expectations"]!);
        var between = json["results"]![1]!["result"]!;
        Assert.Equal(1, (int)between["unexpected_count"]!);
        Assert.Equal(100.0 / 3, (double)between["unexpected_percent"]!, 9);
        Assert.Equal("[99]", between["partial_unexpected_list"]!.ToJsonString());

        var runId = (string)json["meta"]!["run_id"]!["run_name"]!;
        var run = (await RunAsync(home.Path, "runs", "show", runId, "--format", "json")).Json;
        Assert.Equal("expectation_suite", (string)run["tags"]!["relearn.validation"]!);
        Assert.Equal("true", (string)run["tags"]!["relearn.validation.success"]!);
        Assert.Equal(100, (double)run["metrics"]!["success_percent"]!);
        Assert.Contains(run["artifacts"]!.AsArray(), a => (string)a!["path"]! == "validation_result.json");
        Assert.True(File.Exists(Path.Combine(home.Path, "data_docs", "index.html")));
        Assert.True(File.Exists(Path.Combine(home.Path, "data_docs", "validations", $"{runId}.html")));
    }

    [Fact]
    public async Task Validate_SuiteNotMet_ExitsOneWithOneLineSummary_Issue13()
    {
        using var home = new TempHome();
        var data = home.File("orders.csv", Csv);
        var suite = home.File("orders.yaml", Suite + "\n  - expectation_type: expect_column_values_to_be_unique\n    kwargs: {column: id}\n");

        var result = await RunAsync(home.Path, "validate", suite, "--data", data);

        Assert.Equal(1, result.ExitCode);
        AssertFailed(result, "suite orders on orders.csv: 3 of 4 expectations met; failed: expect_column_values_to_be_unique(id)");
        Assert.Contains("NOT MET", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  - expectation_type: expect_column_values_to_be_purple\n    kwargs: {column: id}\n", "expectation 4: unknown expectation 'expect_column_values_to_be_purple'")]
    [InlineData("  - expectation_type: expect_column_values_to_not_be_null\n    kwargs: {column: id, mostly: most}\n", "expectation 4 (expect_column_values_to_not_be_null): key 'mostly' must be a number from 0 to 1")]
    public async Task Validate_BadSuite_ExitsTwoNamingExpectationAndKey_Issue13(string extra, string reason)
    {
        using var home = new TempHome();
        var data = home.File("orders.csv", Csv);
        var suite = home.File("orders.yaml", Suite + "\n" + extra);

        var result = await RunAsync(home.Path, "validate", suite, "--data", data);

        Assert.Equal(2, result.ExitCode);
        AssertFailed(result, reason);
        Assert.False(Directory.Exists(Path.Combine(home.Path, "data_docs")));
    }

    [Fact]
    public async Task Validate_MissingDataFile_ExitsTwoNamingIt_Issue13()
    {
        using var home = new TempHome();
        var suite = home.File("orders.yaml", Suite);

        var result = await RunAsync(home.Path, "validate", suite, "--data", Path.Combine(home.Path, "nope.csv"));

        Assert.Equal(2, result.ExitCode);
        AssertFailed(result, "no such data file");
    }

    [Fact]
    public async Task DataDocs_PageAndIndex_ReadInPlainWordsWithNothingFetched_Issue13()
    {
        using var home = new TempHome();
        var data = home.File("orders.csv", Csv);
        var suite = home.File("orders.yaml", Suite + "\n  - expectation_type: expect_column_mean_to_be_between\n    kwargs: {column: score, max_value: 20}\n");
        Assert.Equal(1, (await RunAsync(home.Path, "validate", suite, "--data", data)).ExitCode);
        Assert.Equal(1, (await RunAsync(home.Path, "validate", suite, "--data", data)).ExitCode);

        var (playwright, browser) = await Chromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync();
            var fetched = new List<string>();
            page.Request += (_, request) => fetched.Add(request.Url);
            await page.GotoAsync(new Uri(Path.Combine(home.Path, "data_docs", "index.html")).AbsoluteUri);
            Assert.Equal(2, await page.Locator("#runs tr.bad").CountAsync());
            await page.Locator("#runs a").First.ClickAsync();
            await page.WaitForURLAsync("**/validations/*.html");
            Assert.Contains("Failed: 3 of 4 expectations met", await page.Locator("#verdict").InnerTextAsync(), StringComparison.Ordinal);
            var rows = await page.Locator("#expectations tr").AllInnerTextsAsync();
            Assert.Contains(rows, r => r.Contains("Values in score are between 0 and 50, at least 60% of the time", StringComparison.Ordinal)
                && r.Contains("1 of 3 present values (33.33%) did not meet it; 1 missing; for example 99", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Contains("not met", StringComparison.Ordinal) && r.Contains("The mean of score is at most 20", StringComparison.Ordinal)
                && r.Contains("observed 46.5", StringComparison.Ordinal));
            Assert.All(fetched, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
        }
    }
}
