using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;
using Relearn.GitHub.Tests.Ingest.Replay;
using static Relearn.GitHub.Tests.Ingest.Pulls.PullScenarios;

namespace Relearn.GitHub.Tests.Ingest.Pulls;

/// <summary>The <c>ingest</c> step with <c>kind: pulls</c>, run through the real pipeline runner and stores against the replayed GitHub API.</summary>
public sealed class PullIngestStepTests : IDisposable
{
    private readonly StepHarness _harness = new("relearn-pull-ingest-step-");

    private Task<PipelineRunResult> RunAsync(string yaml, params string[] force) => _harness.RunAsync(yaml, force);

    [Fact]
    public async Task IngestPulls_SyncsPullRequestsAsReviewHunks_ThatTheNextStageReadsAsADataset_Issue11()
    {
        await using var server = await ReplayServer.StartAsync(All);
        var yaml = $$$"""
            name: pulls
            stages:
              ingest: {step: ingest, with: {kind: pulls, repo: {{{Repo}}}, api_url: "{{{server.ApiUrl}}}", token_env: RELEARN_TEST_UNSET_TOKEN}}
              validate:
                step: validate
                with: {dataset: "${stages.ingest.outputs.dataset}", columns: "patch,y,path", min_rows: "51"}
            """;

        var first = await RunAsync(yaml);
        var again = await RunAsync(yaml, "ingest");

        Assert.True(first.Succeeded, first.Run.Error);
        Assert.Empty(server.Unmatched);
        var ingest = first.Attempts.Single(a => a.Stage == "ingest");
        Assert.Equal("github/pygithub/pygithub/review-hunks:1", ingest.Outputs["dataset"].Value);
        // 51 hunks in the 45 recorded patches, 2 of them with an aligned review comment; 3 requests: the list, the files, the comments.
        Assert.Equal((51, 2, 2, 2, 3, 1), ((int)ingest.Metrics["rows"], (int)ingest.Metrics["positives"], (int)ingest.Metrics["comments"],
            (int)ingest.Metrics["aligned"], (int)ingest.Metrics["requests"], (int)ingest.Metrics["pulls_fetched"]));
        Assert.Equal(51, first.Attempts.Single(a => a.Stage == "validate").Metrics["rows"]);
        // Forced again: nothing changed on GitHub, so the dataset version is the same and validate stays cached.
        Assert.True(again.Succeeded, again.Run.Error);
        Assert.Equal("github/pygithub/pygithub/review-hunks:1", again.Attempts.Single(a => a.Stage == "ingest").Outputs["dataset"].Value);
        Assert.Equal(StageState.Cached, again.Attempts.Single(a => a.Stage == "validate").State);
    }

    [Theory]
    [InlineData("{kind: pulls}", "stage ingest: kind: pulls needs repo: OWNER/NAME to sync")]
    [InlineData("{kind: commits, repo: o/n}", "stage ingest: kind 'commits' is not issues or pulls")]
    public async Task IngestPulls_WithBadArguments_FailsWithOneLineNamingTheStage_Issue11(string with, string error)
    {
        var result = await RunAsync($"name: pulls\nstages:\n  ingest: {{step: ingest, with: {with}}}\n");

        Assert.Equal(PipelineRunState.Failed, result.Run.State);
        Assert.Equal(error, Assert.Single(result.Attempts).Error);
    }

    public void Dispose() => _harness.Dispose();
}
