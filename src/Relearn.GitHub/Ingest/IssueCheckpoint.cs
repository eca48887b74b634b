using System.Globalization;
using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest;

/// <summary>A page kept in bronze: where it came from, its raw body and its metadata blob (both by digest).</summary>
/// <param name="Url">The URL requested.</param>
/// <param name="Digest">The raw body.</param>
/// <param name="Metadata">The <see cref="BronzeMetadata"/> blob.</param>
internal sealed record BronzePage(string Url, string Digest, string Metadata);

/// <summary>What a conditional request needs to know of a page URL: its ETag, its next link and the page it stands for.</summary>
/// <param name="Etag">Sent back as <c>If-None-Match</c>.</param>
/// <param name="Next">The page's <c>rel="next"</c>, followed when GitHub answers 304.</param>
/// <param name="Items">How many items the page held.</param>
/// <param name="Page">The bronze page a 304 confirms.</param>
internal sealed record PageValidator(string Etag, string? Next, int Items, BronzePage Page)
{
    /// <summary>
    /// Whether a 304 for <paramref name="url"/> can be trusted to mean "nothing more". A full last page may have
    /// gained a next page without changing itself, so that one is fetched unconditionally.
    /// </summary>
    public bool CanRevalidate(string url) => Next is not null || Items < PageSize(url);

    private static int PageSize(string url) =>
        int.TryParse(PageUrl.Query(url, "per_page"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 30; // GitHub's default
}

/// <summary>
/// The crawl state of one repository, stored as a JSON blob under the reference
/// <c>github/{owner}/{name}/issues/checkpoint</c> after every page. The sync in progress (<see cref="Mode"/> set)
/// says where to go on; what completed syncs left is the list of their bronze pages, the ETags and the
/// high-water mark. It never holds a token.
/// </summary>
internal sealed record IssueCheckpoint
{
    /// <summary><c>OWNER/NAME</c>.</summary>
    public required string Repo { get; init; }

    /// <summary>The API root the pages came from.</summary>
    public required string ApiUrl { get; init; }

    /// <summary>The sync in progress, or null when none is.</summary>
    public SyncMode? Mode { get; init; }

    /// <summary>The <c>since</c> of the incremental sync in progress.</summary>
    public string? Since { get; init; }

    /// <summary>The next page to fetch; null once the sync in progress has fetched everything and only needs finishing.</summary>
    public string? NextUrl { get; init; }

    /// <summary>The bronze pages of the sync in progress, in fetch order.</summary>
    public IReadOnlyList<BronzePage> Pages { get; init; } = [];

    /// <summary>Requests the sync in progress has made so far, over every run.</summary>
    public int Requests { get; init; }

    /// <summary>Conditional-request validators by page URL.</summary>
    public IReadOnlyDictionary<string, PageValidator> Etags { get; init; } = new Dictionary<string, PageValidator>();

    /// <summary>The newest <c>updated_at</c> seen by completed syncs: the next incremental sync's <c>since</c>.</summary>
    public string? HighWaterMark { get; init; }

    /// <summary>The bronze pages of every completed sync, in fetch order: silver is derived from these.</summary>
    public IReadOnlyList<BronzePage> Completed { get; init; } = [];

    /// <summary>How many syncs have completed.</summary>
    public int Syncs { get; init; }

    /// <summary>The digest of the silver table the last completed sync registered.</summary>
    public string? Silver { get; init; }

    /// <summary>The stored checkpoint of <paramref name="repository"/>, or null before its first sync.</summary>
    public static async Task<IssueCheckpoint?> LoadAsync(IArtifactStore store, GitHubRepository repository, CancellationToken cancellationToken = default)
    {
        if (await store.GetReferenceAsync(repository.CheckpointReference, cancellationToken) is not { } digest)
        {
            return null;
        }
        var bytes = await store.ReadBytesAsync(digest, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<IssueCheckpoint>(bytes, JsonDefaults.Compact)
                ?? throw new JsonException("null checkpoint");
        }
        catch (JsonException e)
        {
            throw new RelearnException(RelearnErrorKind.Corrupt, $"the crawl checkpoint of {repository} ({digest}) is unreadable: {e.Message}", e);
        }
    }

    /// <summary>Stores this checkpoint and points the repository's reference at it (one atomic switch).</summary>
    public async Task SaveAsync(IArtifactStore store, GitHubRepository repository, CancellationToken cancellationToken = default)
    {
        var stored = await store.PutBytesAsync(JsonSerializer.SerializeToUtf8Bytes(this, JsonDefaults.Compact), cancellationToken);
        await store.SetReferenceAsync(repository.CheckpointReference, stored.Digest, cancellationToken);
    }

    /// <summary>A fresh sync: <paramref name="firstUrl"/> is the first page to fetch.</summary>
    public IssueCheckpoint Start(SyncMode mode, string? since, string firstUrl) =>
        this with { Mode = mode, Since = since, NextUrl = firstUrl, Pages = [], Requests = 0 };

    /// <summary>
    /// The sync in progress, done: its pages join the completed ones and the high-water mark moves on. ETags of
    /// incremental pages for an older <c>since</c> are dropped: those URLs are never asked for again.
    /// </summary>
    public IssueCheckpoint Finish(string? highWaterMark, string silver) =>
        this with
        {
            Etags = Etags.Where(e => PageUrl.Query(e.Key, "since") is not { } since || since == highWaterMark).ToDictionary(),
            Mode = null,
            Since = null,
            NextUrl = null,
            Pages = [],
            Requests = 0,
            Completed = [.. Completed, .. Pages],
            HighWaterMark = highWaterMark,
            Syncs = Syncs + 1,
            Silver = silver,
        };

    /// <summary>True when <paramref name="page"/> is already part of silver's inputs.</summary>
    public bool Holds(BronzePage page) => Completed.Contains(page) || Pages.Contains(page);
}
