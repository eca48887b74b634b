using System.Text.Json.Nodes;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;
using Relearn.GitHub.Tests.Tasks.IssueClose;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>The <c>ingest</c> step in its offline import mode, run through the real pipeline runner and stores.</summary>
public sealed class IngestStepTests : IDisposable
{
    private const string Pipeline = """
        name: issues
        stages:
          ingest: {step: ingest, inputs: [issues.jsonl], with: {name: test/issues}}
          validate:
            step: validate
            with: {dataset: "${stages.ingest.outputs.dataset}", columns: "number,title,state", label: state, labels: "open,closed"}
        """;

    private readonly StepHarness _harness = new("relearn-ingest-step-");

    private string Project => _harness.Project;

    private Task<PipelineRunResult> RunAsync() => _harness.RunAsync(Pipeline);

    private void WriteIssues(params JsonObject[] issues) => File.WriteAllText(Path.Combine(Project, "issues.jsonl"), Some.Lines(issues));

    [Fact]
    public async Task Ingest_ImportsIssueFilesAsADatasetVersion_AndDownstreamRerunsOnlyWhenTheIssuesChange()
    {
        var first = Some.Issue(1, "2023-01-01T00:00:00Z");
        var newer = Some.Issue(1, "2023-01-01T00:00:00Z", closed: "2023-01-03T00:00:00Z");
        WriteIssues(first, Some.Issue(2, "2023-01-02T00:00:00Z", closed: "2023-01-20T00:00:00Z"), Some.PullRequest(3, "2023-01-04T00:00:00Z"), newer);

        var imported = await RunAsync();
        var again = await RunAsync();
        WriteIssues(newer, Some.Issue(2, "2023-01-02T00:00:00Z", closed: "2023-01-20T00:00:00Z"), Some.PullRequest(3, "2023-01-04T00:00:00Z"),
            Some.Issue(4, "2023-02-01T00:00:00Z"));
        var changed = await RunAsync();

        Assert.True(imported.Succeeded, imported.Run.Error);
        var ingest = imported.Attempts.Single(a => a.Stage == "ingest");
        Assert.Equal("test/issues:1", ingest.Outputs["dataset"].Value);
        Assert.Equal(3, ingest.Metrics["rows"]);
        var validate = imported.Attempts.Single(a => a.Stage == "validate");
        Assert.Equal(3, validate.Metrics["rows"]);
        Assert.Equal(1.0 / 3, validate.Metrics["min_class_share"], 6);
        Assert.All(again.Attempts, a => Assert.Equal(StageState.Cached, a.State));
        Assert.True(changed.Succeeded, changed.Run.Error);
        Assert.Equal("test/issues:2", changed.Attempts.Single(a => a.Stage == "ingest").Outputs["dataset"].Value);
        Assert.All(changed.Attempts, a => Assert.Equal(StageState.Succeeded, a.State));
        Assert.Equal(4, changed.Attempts.Single(a => a.Stage == "validate").Metrics["rows"]);
    }

    [Fact]
    public async Task Ingest_WithNeitherRepoNorName_FailsWithOneLineNamingTheStage()
    {
        WriteIssues(Some.Issue(1, "2023-01-01T00:00:00Z"));

        var result = await _harness.RunAsync("name: issues\nstages:\n  ingest: {step: ingest, inputs: [issues.jsonl]}\n");

        Assert.Equal(PipelineRunState.Failed, result.Run.State);
        Assert.Equal("stage ingest: give repo: OWNER/NAME to sync, or name: DATASET to import its inputs", Assert.Single(result.Attempts).Error);
    }

    public void Dispose() => _harness.Dispose();
}
