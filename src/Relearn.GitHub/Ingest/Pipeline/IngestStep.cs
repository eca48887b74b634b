using Relearn.Core;
using Relearn.Core.Pipelines.Steps;
using Relearn.GitHub.Ingest.Pulls;

namespace Relearn.GitHub.Ingest.Pipeline;

/// <summary>
/// <c>ingest</c>: brings GitHub issues into a silver dataset version. With <c>repo: OWNER/NAME</c> it syncs from the
/// API (<c>relearn ingest github issues</c>: <c>api_url</c>, <c>token_env</c> — default GITHUB_TOKEN —, <c>full</c>);
/// with <c>repo</c> empty it imports the stage's inputs (or <c>data</c>) offline as dataset <c>name</c> — how the
/// reference pipeline runs on the shipped sample. Output <c>dataset</c> is the version (<c>name:N</c>); the same issues
/// give the same version, so stages downstream rerun only when the data changed. Metrics: <c>rows</c>, <c>skipped</c>,
/// and for a sync <c>requests</c>, <c>issues_new</c>, <c>issues_updated</c>. A sync stage is cached like any other:
/// <c>--force ingest</c> (or a schedule that forces it) fetches again.
/// <c>kind: pulls</c> syncs pull requests instead (<c>relearn ingest github pulls</c>; <c>repo</c> required, <c>limit</c>
/// most recently updated at most): output <c>dataset</c> is the <c>review-hunks</c> version in CodeReviewer's format — the
/// review-assist training data, for <c>train-review-assist</c>'s <c>datasets</c> — with metrics <c>rows</c> (hunks),
/// <c>positives</c>, <c>comments</c>, <c>aligned</c>, <c>requests</c>, <c>pulls_fetched</c>, <c>skipped</c>.
/// </summary>
public sealed class IngestStep(GitHubIssueCrawler crawler, GitHubPullCrawler pulls, IssueFileImport import) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "ingest";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new([], ["kind", "repo", "api_url", "token_env", "full", "limit", "data", "name"], ["dataset"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (context.OptionalArg("kind") ?? "issues")
        {
            case "pulls":
                return await SyncPullsAsync(context, cancellationToken);
            case "issues":
                break;
            case var other:
                throw RelearnException.Invalid($"stage {context.Stage.Name}: kind '{other}' is not issues or pulls");
        }
        if (context.OptionalArg("repo") is { } repo)
        {
            var request = new IssueSyncRequest(GitHubRepository.Parse(repo), IssueSyncRequest.ParseApiUrl(context.OptionalArg("api_url") ?? IssueSyncRequest.DefaultApiUrl),
                GitHubToken.FromEnvironment(context.OptionalArg("token_env") ?? "GITHUB_TOKEN"), context.Flag("full", false));
            var result = await crawler.SyncAsync(request, context.LogProgress, cancellationToken);
            context.Log.WriteLine(result.Message);
            return Result(result.Dataset.Id, new Dictionary<string, double>
            {
                ["rows"] = result.Dataset.RowCount,
                ["skipped"] = result.Skipped,
                ["requests"] = result.Requests,
                ["issues_new"] = result.IssuesNew,
                ["issues_updated"] = result.IssuesUpdated,
            });
        }
        var name = context.OptionalArg("name") ?? throw RelearnException.Invalid($"stage {context.Stage.Name}: give repo: OWNER/NAME to sync, or name: DATASET to import its inputs");
        var (dataset, skipped) = await import.ImportAsync(context.DataFiles(), name, cancellationToken);
        context.Log.WriteLine($"imported {dataset.RowCount} issues as {dataset.Id} ({skipped.Count} items skipped)");
        return Result(dataset.Id, new Dictionary<string, double> { ["rows"] = dataset.RowCount, ["skipped"] = skipped.Count });
    }

    private async Task<StepResult> SyncPullsAsync(StepContext context, CancellationToken cancellationToken)
    {
        var repo = context.OptionalArg("repo") ?? throw RelearnException.Invalid($"stage {context.Stage.Name}: kind: pulls needs repo: OWNER/NAME to sync");
        int? limit = context.OptionalArg("limit") is null ? null : context.Int("limit", 0);
        if (limit is <= 0)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: limit must be a positive number");
        }
        var request = new PullSyncRequest(GitHubRepository.Parse(repo), IssueSyncRequest.ParseApiUrl(context.OptionalArg("api_url") ?? IssueSyncRequest.DefaultApiUrl),
            GitHubToken.FromEnvironment(context.OptionalArg("token_env") ?? "GITHUB_TOKEN"), context.Flag("full", false), limit);
        var result = await pulls.SyncAsync(request, context.LogProgress, cancellationToken);
        context.Log.WriteLine(result.Message);
        return Result(result.Hunks.Id, new Dictionary<string, double>
        {
            ["rows"] = result.Hunks.RowCount,
            ["positives"] = result.Alignment.Positive,
            ["comments"] = result.Alignment.Comments,
            ["aligned"] = result.Alignment.Aligned,
            ["requests"] = result.Requests,
            ["pulls_fetched"] = result.PullsFetched,
            ["skipped"] = result.Skipped.Count,
        });
    }

    private static StepResult Result(string dataset, Dictionary<string, double> metrics) =>
        new(new Dictionary<string, StageOutput> { ["dataset"] = StageOutput.Reference(dataset) }, metrics);
}
