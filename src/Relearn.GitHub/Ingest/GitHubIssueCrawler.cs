using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest;

/// <summary>
/// Full and incremental syncs of <c>GET /repos/{owner}/{name}/issues</c> (state=all, sorted by update time,
/// oldest first) into bronze (raw pages), a checkpoint after every page, and silver (one row per issue) as a
/// dataset version. Killed at any point, the next sync of the same repository resumes from the checkpoint and
/// ends with the same silver rows as an uninterrupted one.
/// </summary>
public sealed class GitHubIssueCrawler(
    IHttpClientFactory httpClients,
    IArtifactStore store,
    IDatasetCatalog catalog,
    TimeProvider time,
    ILogger<GitHubIssueCrawler> logger)
{
    /// <summary>The named <see cref="HttpClient"/> the crawler uses.</summary>
    internal const string HttpClientName = "Relearn.GitHub";

    /// <summary>Issues asked for per page (GitHub's maximum).</summary>
    public const int PageSize = 100;

    /// <summary>Syncs the repository's issues: resumes an interrupted sync, else starts an incremental one (full on the first run or with <see cref="IssueSyncRequest.Full"/>).</summary>
    public async Task<IssueSyncResult> SyncAsync(IssueSyncRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        var repository = request.Repository;
        var checkpoint = await IssueCheckpoint.LoadAsync(store, repository, cancellationToken)
            ?? new IssueCheckpoint { Repo = repository.ToString(), ApiUrl = request.ApiRoot };
        if (!string.Equals(checkpoint.ApiUrl, request.ApiRoot, StringComparison.OrdinalIgnoreCase))
        {
            throw RelearnException.Conflict($"{repository.DatasetName} is synced from {checkpoint.ApiUrl}, not {request.ApiRoot}");
        }

        var resumed = checkpoint.Mode is { } inProgress && !(request.Full && inProgress != SyncMode.Full);
        if (resumed)
        {
            logger.SyncResumed(Text(checkpoint.Mode!.Value), repository.ToString(), checkpoint.NextUrl);
            progress?.Report($"resuming the {Text(checkpoint.Mode!.Value)} sync");
        }
        else
        {
            if (checkpoint.Mode is { } abandoned)
            {
                logger.SyncDiscarded(Text(abandoned), repository.ToString());
            }
            var mode = request.Full || checkpoint.HighWaterMark is null ? SyncMode.Full : SyncMode.Incremental;
            var since = mode == SyncMode.Incremental ? checkpoint.HighWaterMark : null;
            checkpoint = checkpoint.Start(mode, since, FirstPageUrl(request.ApiRoot, repository, since));
            logger.SyncStarted(Text(mode), repository.ToString(), request.ApiRoot, since);
        }

        using var client = httpClients.CreateClient(HttpClientName);
        var session = new GitHubApiSession(client, request.ApiUrl, request.Token, time, logger, progress);
        var earlierRequests = checkpoint.Requests;
        var visited = checkpoint.Pages.Select(p => p.Url).ToHashSet();
        var stored = 0;
        while (checkpoint.NextUrl is { } url)
        {
            visited.Add(url);
            progress?.Report($"page {visited.Count}");
            var (next, isNew) = await FetchPageAsync(session, checkpoint, request, url, cancellationToken);
            if (next.NextUrl is { } following && visited.Contains(following))
            {
                throw RelearnException.Invalid($"GitHub's pagination loops: {url} links back to {following}");
            }
            checkpoint = next with { Requests = earlierRequests + session.Requests };
            await checkpoint.SaveAsync(store, repository, cancellationToken);
            stored += isNew ? 1 : 0;
        }
        return await FinishAsync(checkpoint, request, session, resumed, stored, started, cancellationToken);
    }

    /// <summary>The first page of a sync: every issue and pull request, oldest update first, <c>since</c> inclusive.</summary>
    internal static string FirstPageUrl(string apiRoot, GitHubRepository repository, string? since) =>
        $"{apiRoot}/repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}/issues" +
        $"?state=all&sort=updated&direction=asc&per_page={PageSize}" + (since is null ? "" : $"&since={Uri.EscapeDataString(since)}");

    private async Task<(IssueCheckpoint Checkpoint, bool Stored)> FetchPageAsync(
        GitHubApiSession session, IssueCheckpoint checkpoint, IssueSyncRequest request, string url, CancellationToken cancellationToken = default)
    {
        var validator = checkpoint.Etags.GetValueOrDefault(url);
        var conditional = validator is not null && validator.CanRevalidate(url) ? validator : null;
        var response = await session.GetAsync(url, conditional?.Etag, cancellationToken);
        if (response.Status == HttpStatusCode.NotModified && conditional is not null)
        {
            // Unchanged: its content is the page stored when the ETag was issued, and its next link still holds.
            logger.PageNotModified(url);
            var pages = checkpoint.Holds(conditional.Page) ? checkpoint.Pages : [.. checkpoint.Pages, conditional.Page];
            return (checkpoint with { NextUrl = conditional.Next, Pages = pages }, false);
        }
        if (response.Status != HttpStatusCode.OK)
        {
            throw GitHubErrors.For(response, request.Repository, request.ApiRoot);
        }

        // A page that is not a JSON array stops the sync here, before bronze: nothing of it can reach silver.
        var content = IssuePage.Parse(response.Body, url);
        var page = await Bronze.WriteAsync(store, response, time.GetUtcNow(), cancellationToken);
        var next = LinkHeader.Next(response.Link, response.FinalUrl);
        var etags = new Dictionary<string, PageValidator>(checkpoint.Etags);
        if (response.ETag is { } etag)
        {
            etags[url] = new PageValidator(etag, next, content.Issues.Count + content.Skipped.Count, page);
        }
        else
        {
            etags.Remove(url);
        }
        logger.PageStored(url, content.Issues.Count, page.Digest);
        return (checkpoint with { NextUrl = next, Pages = [.. checkpoint.Pages, page], Etags = etags }, true);
    }

    // Silver is rebuilt from every bronze page of every sync, so a resumed sync cannot differ from an
    // uninterrupted one; registering the same bytes again returns the existing dataset version.
    private async Task<IssueSyncResult> FinishAsync(IssueCheckpoint checkpoint, IssueSyncRequest request, GitHubApiSession session,
        bool resumed, int stored, long started, CancellationToken cancellationToken = default)
    {
        var repository = request.Repository;
        var mode = checkpoint.Mode!.Value;
        var since = checkpoint.Since;
        if (checkpoint.Pages.Count == 0 && checkpoint.Silver is { } unchanged &&
            await catalog.GetAsync(repository.DatasetName, cancellationToken: cancellationToken) is { } current && current.Digest == unchanged)
        {
            // Every page answered 304: silver is what the last sync registered; no need to read bronze again.
            await checkpoint.Finish(checkpoint.HighWaterMark, unchanged).SaveAsync(store, repository, cancellationToken);
            var same = $"no changes since the last sync (GitHub answered 304); dataset {current.Id} is current";
            logger.SyncFinished(repository.ToString(), session.Requests, session.NotModified, 0, 0, 0, current.Id);
            return new IssueSyncResult(repository.ToString(), request.ApiRoot, mode, resumed, since, session.Requests, session.NotModified, stored,
                0, 0, 0, [], current, false, time.GetElapsedTime(started), same);
        }

        var table = new IssueTable();
        foreach (var page in checkpoint.Completed)
        {
            table.Apply(await Bronze.ReadAsync(store, page, cancellationToken));
        }
        var before = table.Snapshot();
        var highWater = ParseTime(checkpoint.HighWaterMark);
        var skipped = new List<SkippedIssue>();
        foreach (var page in checkpoint.Pages)
        {
            var content = await Bronze.ReadAsync(store, page, cancellationToken);
            table.Apply(content);
            skipped.AddRange(content.Skipped);
            if (content.MaxUpdatedAt is { } newest && (highWater is null || newest > highWater))
            {
                highWater = newest;
            }
        }
        foreach (var skip in skipped)
        {
            logger.IssueSkipped(skip.Index, skip.Page, skip.Reason);
        }

        var (added, updated) = table.Compare(before);
        var silver = await store.PutBytesAsync(table.ToJsonLines(), cancellationToken);
        var source = $"{request.ApiRoot} sync at {time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC ({checkpoint.Requests} requests)";
        var version = await catalog.RegisterAsync(repository.DatasetName, silver.Digest, table.Count, SilverIssues.Schema, source, cancellationToken);
        await checkpoint.Finish(FormatTime(highWater), silver.Digest).SaveAsync(store, repository, cancellationToken);

        // Against the last completed sync, not the catalog: a crash after registering must not hide the change.
        var newVersion = checkpoint.Silver != silver.Digest;
        var message = table.Count == 0
            ? $"{repository} has no issues; dataset {version.Id} is empty"
            : added == 0 && updated == 0
                ? $"no changes since the last sync; dataset {version.Id} is current"
                : $"{added} new and {updated} updated issues; dataset {version.Id} has {table.Count} issues";
        if (skipped.Count > 0)
        {
            message += $"; skipped {skipped.Count} malformed items";
        }
        logger.SyncFinished(repository.ToString(), session.Requests, session.NotModified, added, updated, skipped.Count, version.Id);
        return new IssueSyncResult(repository.ToString(), request.ApiRoot, mode, resumed, since, session.Requests, session.NotModified, stored,
            added, updated, skipped.Count, skipped, version, newVersion, time.GetElapsedTime(started), message);
    }

    private static string Text(SyncMode mode) => mode == SyncMode.Full ? "full" : "incremental";

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static string? FormatTime(DateTimeOffset? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
