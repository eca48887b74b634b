using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Relearn.Core;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest.Pulls;

/// <summary>
/// Syncs a repository's pull requests (<c>GET /repos/{owner}/{name}/pulls?state=all</c>, newest update first), and for each
/// new or updated one its changed files and review comments, into bronze (raw pages), a checkpoint after every list page and
/// every pull request, and four silver tables, each a dataset version: <c>pulls</c>, <c>pull-files</c>, <c>review-comments</c>
/// (each aligned to a hunk) and <c>review-hunks</c> (CodeReviewer's format, the review-assist training data). The HTTP side —
/// ETags, <c>Link</c> pagination, rate limits, retries, redirects, GHES roots — is the issue crawler's <see cref="GitHubApiSession"/>.
/// </summary>
public sealed partial class GitHubPullCrawler(
    IHttpClientFactory httpClients,
    IArtifactStore store,
    IDatasetCatalog catalog,
    TimeProvider time,
    ILogger<GitHubPullCrawler> logger)
{
    /// <summary>Items asked for per page (GitHub's maximum).</summary>
    public const int PageSize = 100;

    /// <summary>
    /// Syncs the repository's pull requests: resumes an interrupted sync, else lists pull requests newest update first and
    /// fetches those new or updated since the last sync (all of them on the first sync or with <see cref="PullSyncRequest.Full"/>).
    /// </summary>
    public async Task<PullSyncResult> SyncAsync(PullSyncRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        var repository = request.Repository;
        var checkpoint = await PullCheckpoint.LoadAsync(store, repository, cancellationToken)
            ?? new PullCheckpoint { Repo = repository.ToString(), ApiUrl = request.ApiRoot };
        if (!string.Equals(checkpoint.ApiUrl, request.ApiRoot, StringComparison.OrdinalIgnoreCase))
        {
            throw RelearnException.Conflict($"{repository.Dataset("pulls")} is synced from {checkpoint.ApiUrl}, not {request.ApiRoot}");
        }
        var resumed = checkpoint.InProgress && !(request.Full && !checkpoint.Full);
        if (resumed)
        {
            logger.PullSyncResumed(repository.ToString(), checkpoint.Queue.Count);
            progress?.Report("resuming the interrupted sync");
        }
        else
        {
            checkpoint = checkpoint.Start(request.Full || checkpoint.Syncs == 0, FirstListUrl(request.ApiRoot, repository));
            logger.PullSyncStarted(checkpoint.Full ? "full" : "incremental", repository.ToString(), request.ApiRoot);
        }

        using var client = httpClients.CreateClient(GitHubIssueCrawler.HttpClientName);
        var session = new GitHubApiSession(client, request.ApiUrl, request.Token, time, logger, progress);
        var earlier = checkpoint.Requests;
        var skipped = new List<string>();
        checkpoint = await ListAsync(session, checkpoint, request, skipped, earlier, progress, cancellationToken);
        while (checkpoint.Queue.Count > 0)
        {
            var pending = checkpoint.Queue[0];
            progress?.Report($"pull request #{pending.Number} ({checkpoint.Fetched + 1} of {checkpoint.Fetched + checkpoint.Queue.Count})");
            var etags = new Dictionary<string, PageValidator>(checkpoint.Etags);
            var prefix = $"{request.ApiRoot}/repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}/pulls/{pending.Number.ToString(CultureInfo.InvariantCulture)}";
            var files = await FetchAllAsync(session, etags, $"{prefix}/files?per_page={PageSize}", request, "files", cancellationToken);
            var comments = await FetchAllAsync(session, etags, $"{prefix}/comments?per_page={PageSize}", request, "review comments", cancellationToken);
            var pulls = new Dictionary<long, PullRecord>(checkpoint.Pulls) { [pending.Number] = new(pending.Number, pending.UpdatedAt, pending.Pull, files, comments) };
            checkpoint = checkpoint with
            {
                Queue = [.. checkpoint.Queue.Skip(1)], Pulls = pulls, Fetched = checkpoint.Fetched + 1, Etags = etags, Requests = earlier + session.Requests,
            };
            await checkpoint.SaveAsync(store, repository, cancellationToken);
            logger.PullFetched(repository.ToString(), pending.Number, files.Count, comments.Count);
        }
        return await FinishAsync(checkpoint, request, session, resumed, skipped, started, cancellationToken);
    }

    /// <summary>The first page of the pulls list: open and closed, most recently updated first.</summary>
    internal static string FirstListUrl(string apiRoot, GitHubRepository repository) =>
        $"{apiRoot}/repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}/pulls?state=all&sort=updated&direction=desc&per_page={PageSize}";

    // Lists pull requests into the queue, a checkpoint after every page. The list is sorted by update time, newest first, so
    // in an incremental sync the first pull request whose updated_at is the one already fetched ends the listing: every one
    // after it was updated no later, hence not since the last sync. A 304 on a page means the same for the whole list.
    private async Task<PullCheckpoint> ListAsync(GitHubApiSession session, PullCheckpoint checkpoint, PullSyncRequest request, List<string> skipped,
        int earlier, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>();
        while (checkpoint.NextListUrl is { } url)
        {
            if (!visited.Add(url))
            {
                throw RelearnException.Invalid($"GitHub's pagination loops: {url} is linked twice");
            }
            progress?.Report($"pull requests, page {visited.Count}");
            var etags = new Dictionary<string, PageValidator>(checkpoint.Etags);
            var validator = checkpoint.Full ? null : etags.GetValueOrDefault(url);
            var response = await session.GetAsync(url, validator?.Etag, cancellationToken);
            if (response.Status == HttpStatusCode.NotModified && validator is not null)
            {
                logger.PageNotModified(url);
                checkpoint = checkpoint with { NextListUrl = null, Requests = earlier + session.Requests };
                await checkpoint.SaveAsync(store, request.Repository, cancellationToken);
                break;
            }
            if (response.Status != HttpStatusCode.OK)
            {
                throw GitHubErrors.For(response, request.Repository, request.ApiRoot);
            }
            var (items, page, next) = await StoreAsync(response, url, "pull requests", etags, cancellationToken);
            var queue = checkpoint.Queue.ToList();
            var listed = checkpoint.Listed;
            var done = false;
            for (var i = 0; i < items.Count && !done; i++)
            {
                var item = items[i];
                if (ArrayPage.Number(item, "number") is not { } number || ArrayPage.Text(item, "updated_at") is not { } updatedAt)
                {
                    skipped.Add($"item {i} of {url}: not a pull request (no number or updated_at)");
                    continue;
                }
                if (request.Limit is { } limit && listed >= limit)
                {
                    done = true;
                }
                else if (!checkpoint.Full && checkpoint.Pulls.TryGetValue(number, out var known) && known.UpdatedAt == updatedAt)
                {
                    done = true;
                }
                else if (queue.All(q => q.Number != number)) // a pull request updated while listing can appear on two pages
                {
                    var blob = await store.PutBytesAsync(ArrayPage.Compact(item), cancellationToken);
                    queue.Add(new PendingPull(number, updatedAt, blob.Digest));
                    listed++;
                }
            }
            checkpoint = checkpoint with { NextListUrl = done ? null : next, Queue = queue, Listed = listed, Etags = etags, Requests = earlier + session.Requests };
            await checkpoint.SaveAsync(store, request.Repository, cancellationToken);
        }
        return checkpoint;
    }

    // Every page of one list (a pull request's files or comments), each in bronze; a 304 stands for the page its ETag came from.
    private async Task<IReadOnlyList<BronzePage>> FetchAllAsync(GitHubApiSession session, Dictionary<string, PageValidator> etags, string first,
        PullSyncRequest request, string what, CancellationToken cancellationToken)
    {
        var pages = new List<BronzePage>();
        var visited = new HashSet<string>();
        for (var url = first; url is not null;)
        {
            if (!visited.Add(url))
            {
                throw RelearnException.Invalid($"GitHub's pagination loops: {url} is linked twice");
            }
            var validator = etags.GetValueOrDefault(url);
            var conditional = validator is not null && validator.CanRevalidate(url) ? validator : null;
            var response = await session.GetAsync(url, conditional?.Etag, cancellationToken);
            if (response.Status == HttpStatusCode.NotModified && conditional is not null)
            {
                logger.PageNotModified(url);
                pages.Add(conditional.Page);
                url = conditional.Next;
                continue;
            }
            if (response.Status != HttpStatusCode.OK)
            {
                throw GitHubErrors.For(response, request.Repository, request.ApiRoot);
            }
            var (_, page, next) = await StoreAsync(response, url, what, etags, cancellationToken);
            pages.Add(page);
            url = next;
        }
        return pages;
    }

    // A 200 page: checked (a JSON array, before anything is stored), kept in bronze, its ETag remembered with its next link.
    private async Task<(IReadOnlyList<JsonElement> Items, BronzePage Page, string? Next)> StoreAsync(GitHubResponse response, string url, string what,
        Dictionary<string, PageValidator> etags, CancellationToken cancellationToken)
    {
        var items = ArrayPage.Parse(response.Body, url, what);
        var page = await Bronze.WriteAsync(store, response, time.GetUtcNow(), cancellationToken);
        var next = LinkHeader.Next(response.Link, response.FinalUrl);
        if (response.ETag is { } etag)
        {
            etags[url] = new PageValidator(etag, next, items.Count, page);
        }
        else
        {
            etags.Remove(url);
        }
        logger.PageStored(url, items.Count, page.Digest);
        return (items, page, next);
    }
}
