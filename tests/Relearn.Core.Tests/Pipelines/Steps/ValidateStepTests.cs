using System.Text.Json.Nodes;
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

    public void Dispose() => _fixture.Dispose();
}
