using System.Globalization;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest.Pulls;

public sealed partial class GitHubPullCrawler
{
    /// <summary>Schema of the <c>pulls</c> table: GitHub's pull request objects as listed, every field kept.</summary>
    public const string PullsSchema = "github-pull-json";

    /// <summary>Schema of the <c>pull-files</c> table.</summary>
    public const string FilesSchema = "github-pull-file";

    /// <summary>Schema of the <c>review-comments</c> table.</summary>
    public const string CommentsSchema = "github-review-comment";

    /// <summary>Schema of the <c>review-hunks</c> table: CodeReviewer's JSON Lines (<c>patch</c>, <c>y</c>, <c>msg</c>, <c>lang</c>, ...).</summary>
    public const string HunksSchema = "codereviewer-jsonl";

    // Silver is rebuilt from every pull request's pages, so a resumed sync cannot differ from an uninterrupted one;
    // registering the same bytes again returns the existing dataset version.
    private async Task<PullSyncResult> FinishAsync(PullCheckpoint checkpoint, PullSyncRequest request, GitHubApiSession session, bool resumed,
        List<string> skipped, long started, CancellationToken cancellationToken)
    {
        var repository = request.Repository;
        var tables = await PullTables.BuildAsync(store, repository, checkpoint.Pulls.Values, cancellationToken);
        skipped.AddRange(tables.Skipped);
        var source = $"{request.ApiRoot} sync at {time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC ({checkpoint.Requests} requests)";
        async Task<DatasetVersion> RegisterAsync(string table, byte[] bytes, int rows, string schema)
        {
            var stored = await store.PutBytesAsync(bytes, cancellationToken);
            return await catalog.RegisterAsync(repository.Dataset(table), stored.Digest, rows, schema, source, cancellationToken);
        }
        var pulls = await RegisterAsync("pulls", tables.Pulls, tables.PullCount, PullsSchema);
        var files = await RegisterAsync("pull-files", tables.Files, tables.FileCount, FilesSchema);
        var comments = await RegisterAsync("review-comments", tables.Comments, tables.Alignment.Comments, CommentsSchema);
        var hunks = await RegisterAsync("review-hunks", tables.Hunks, tables.Alignment.Hunks, HunksSchema);
        var fetched = checkpoint.Fetched;
        await checkpoint.Finish().SaveAsync(store, repository, cancellationToken);

        var a = tables.Alignment;
        var message = fetched == 0
            ? $"no pull request changed since the last sync; dataset {hunks.Id} is current"
            : $"{fetched} pull requests fetched; {tables.PullCount} pull requests, {tables.FileCount} files, {a.Comments} review comments " +
              $"({a.Aligned} aligned to a hunk), {a.Hunks} hunks ({a.Positive} commented) in {hunks.Id}";
        foreach (var skip in skipped)
        {
            logger.PullItemSkipped(skip);
        }
        logger.PullSyncFinished(repository.ToString(), session.Requests, session.NotModified, fetched, a.Aligned, a.Comments, hunks.Id);
        return new PullSyncResult(repository.ToString(), request.ApiRoot, checkpoint.Full, resumed, session.Requests, session.NotModified, fetched,
            pulls, files, comments, hunks, a, skipped, time.GetElapsedTime(started), message);
    }
}
