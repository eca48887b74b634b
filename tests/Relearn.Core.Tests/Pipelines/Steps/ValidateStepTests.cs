using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Datasets.Expectations;
using Relearn.Core.Tracking;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Storage;

namespace Relearn.Core.Tests.Pipelines.Steps;

public sealed class ValidateStepTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    private static string Pipeline(string with) => $$"""
        name: checks
        stages:
          validate:
            step: validate
            inputs: [data.jsonl]
            with: {{{with}}}
          after: {run: "touch trained", after: [validate]}
        """;

    [Fact]
    public async Task Validate_DataThatMeetsItsExpectations_PassesWithAReportAndMetrics()
    {
        System.IO.File.Copy(Some.Yelp, Path.Combine(_fixture.Project, "yelp.txt"));

        var result = await _fixture.RunAsync("""
            name: checks
            stages:
              validate:
                step: validate
                inputs: [yelp.txt]
                with: {columns: "text,label", min_rows: "1000", label: label, labels: "0,1", min_class_share: "0.4"}
            """);

        Assert.True(result.Succeeded, result.Run.Error);
        var attempt = Assert.Single(result.Attempts);
        Assert.Equal(1000, attempt.Metrics["rows"]);
        Assert.Equal(0.5, attempt.Metrics["min_class_share"]);
        Assert.Equal(0, attempt.Metrics["max_null_share"]);
        var report = JsonNode.Parse(await _fixture.Artifacts.ReadTextAsync(attempt.Outputs["report"].Value))!;
        Assert.Equal(1000, (int?)report["rows"]);
        Assert.Equal(5, report["results"]!.AsArray().Count);
        Assert.All(report["results"]!.AsArray(), r => Assert.True((bool?)r!["passed"]));
    }

    [Fact]
    public async Task Validate_AnUnknownArgument_IsRejectedBeforeAnythingRuns()
    {
        _fixture.File("data.jsonl", "{\"text\": \"good\", \"label\": 1}\n");

        var error = await Assert.ThrowsAsync<RelearnException>(() => _fixture.RunAsync(Pipeline("min_row: \"10\"")));

        Assert.StartsWith("stage validate: step 'validate' takes no argument 'min_row'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(await _fixture.Store.ListPipelineRunsAsync());
    }

    [Fact]
    public async Task Validate_LabelsWithoutALabelColumn_FailsTheStageWithOneLine()
    {
        _fixture.File("data.jsonl", "{\"text\": \"good\", \"label\": 1}\n");

        var result = await _fixture.RunAsync(Pipeline("labels: \"0,1\""));

        Assert.Equal("stage validate: labels and min_class_share need label: COLUMN", Assert.Single(result.Attempts).Error);
    }

    private const string Suite = """
        expectation_suite_name: reviews
        expectations:
          - expectation_type: expect_column_values_to_be_in_set
            kwargs: {column: label, value_set: [0, 1]}
          - expectation_type: expect_column_values_to_not_be_null
            kwargs: {column: text}
        """;

    [Fact]
    public async Task Validate_WithSuite_RecordsTheValidationAndOutputsTheGreatExpectationsResult_Issue13()
    {
        _fixture.File("data.jsonl", "{\"text\": \"good\", \"label\": 1}\n{\"text\": \"bad\", \"label\": 0}\n");
        _fixture.File("reviews.yaml", Suite);

        var result = await _fixture.RunAsync(Pipeline("suite: reviews.yaml"));

        Assert.True(result.Succeeded, result.Run.Error);
        var attempt = result.Attempts.Single(a => a.Stage == "validate");
        Assert.Equal(2, attempt.Metrics["evaluated_expectations"]);
        Assert.Equal(100, attempt.Metrics["success_percent"]);
        var report = JsonNode.Parse(await _fixture.Artifacts.ReadTextAsync(attempt.Outputs["report"].Value))!;
        Assert.True((bool)report["success"]!);
        Assert.Equal("reviews", (string)report["meta"]!["expectation_suite_name"]!);
        var tracking = _fixture.Services.GetRequiredService<ITrackingStore>();
        var run = await tracking.GetRunAsync((string)report["meta"]!["run_id"]!["run_name"]!);
        Assert.Equal("expectation_suite", run!.Tags[ValidationRecorder.Tag]);
        Assert.Equal(result.Run.Id, run.Tags["relearn.pipeline_run"]);
    }

    [Fact]
    public async Task Validate_WithSuiteNotMet_FailsTheStageWithTheSummary_Issue13()
    {
        _fixture.File("data.jsonl", "{\"text\": \"good\", \"label\": 1}\n{\"text\": null, \"label\": 2}\n");
        _fixture.File("reviews.yaml", Suite);

        var result = await _fixture.RunAsync(Pipeline("suite: reviews.yaml"));

        Assert.False(result.Succeeded);
        Assert.Equal("suite reviews on data.jsonl: 0 of 2 expectations met; failed: expect_column_values_to_be_in_set(label), expect_column_values_to_not_be_null(text)",
            result.Attempts.Single(a => a.Stage == "validate").Error);
    }

    [Fact]
    public async Task Validate_WithSuiteAndInlineKeys_ChecksBoth_Issue13()
    {
        _fixture.File("data.jsonl", "{\"text\": \"good\", \"label\": 1}\n");
        _fixture.File("reviews.yaml", Suite);

        var result = await _fixture.RunAsync(Pipeline("suite: reviews.yaml, min_rows: \"5\""));

        Assert.Equal("expectation min_rows failed: expected >= 5 rows, observed 1 rows", result.Attempts.Single(a => a.Stage == "validate").Error);
    }

    [Fact]
    public async Task Validate_SuiteEdited_RerunsTheCachedStage_Issue13()
    {
        _fixture.File("data.jsonl", "{\"text\": \"good\", \"label\": 1}\n");
        _fixture.File("reviews.yaml", Suite);
        var first = await _fixture.RunAsync(Pipeline("suite: reviews.yaml"));
        var cached = await _fixture.RunAsync(Pipeline("suite: reviews.yaml"));
        _fixture.File("reviews.yaml", Suite.Replace("[0, 1]", "[1]", StringComparison.Ordinal));

        var edited = await _fixture.RunAsync(Pipeline("suite: reviews.yaml"));

        Assert.True(first.Succeeded, first.Run.Error);
        Assert.Equal(StageState.Cached, cached.Attempts.Single(a => a.Stage == "validate").State);
        Assert.Equal(StageState.Succeeded, edited.Attempts.Single(a => a.Stage == "validate").State);
    }

    [Fact]
    public async Task Validate_WithABadSuite_FailsTheStageNamingExpectationAndKey_Issue13()
    {
        _fixture.File("data.jsonl", "{\"text\": \"good\", \"label\": 1}\n");
        _fixture.File("reviews.yaml", Suite.Replace("value_set: [0, 1]", "value_set: yes", StringComparison.Ordinal));

        var result = await _fixture.RunAsync(Pipeline("suite: reviews.yaml"));

        Assert.Equal("reviews.yaml: expectation 1 (expect_column_values_to_be_in_set): key 'value_set' must be a list of values, got \"yes\"",
            result.Attempts.Single(a => a.Stage == "validate").Error);
    }

    [Fact]
    public async Task Validate_SuiteFileMissing_IsRejectedBeforeAnythingRuns_Issue13()
    {
        _fixture.File("data.jsonl", "{\"text\": \"good\", \"label\": 1}\n");

        var error = await Assert.ThrowsAsync<RelearnException>(() => _fixture.RunAsync(Pipeline("suite: nope.yaml")));

        Assert.StartsWith("stage validate: suite 'nope.yaml' does not exist in ", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _fixture.Store.ListPipelineRunsAsync());
    }

    public void Dispose() => _fixture.Dispose();
}
