using System.Text.Json;
using Relearn.Core;
using Relearn.Core.Storage;

namespace Relearn.GitHub.Ingest.Pulls;

/// <summary>A pull request known to the crawl: its list object (a blob), and the bronze pages of its files and review comments.</summary>
/// <param name="Number">The pull request number.</param>
/// <param name="UpdatedAt">Its <c>updated_at</c> when its pages were fetched: the next sync refetches it only when this changed.</param>
/// <param name="Pull">The digest of its object as the pulls list returned it (compact JSON).</param>
/// <param name="Files">The pages of <c>GET .../pulls/{n}/files</c>.</param>
/// <param name="Comments">The pages of <c>GET .../pulls/{n}/comments</c>.</param>
internal sealed record PullRecord(long Number, string UpdatedAt, string Pull, IReadOnlyList<BronzePage> Files, IReadOnlyList<BronzePage> Comments);

/// <summary>A pull request the sync in progress has listed as new or changed and still has to fetch.</summary>
/// <param name="Number">The pull request number.</param>
/// <param name="UpdatedAt">Its <c>updated_at</c> in the list.</param>
/// <param name="Pull">The digest of its list object.</param>
internal sealed record PendingPull(long Number, string UpdatedAt, string Pull);

/// <summary>
/// The crawl state of a repository's pull requests, stored as a JSON blob under <c>github/{owner}/{name}/pulls/checkpoint</c>
/// after every list page and every pull request: the list position and the queue of the sync in progress, and what completed
/// work left (each pull request's pages and <c>updated_at</c>, ETags). Silver is always rebuilt from <see cref="Pulls"/>, so a
/// resumed sync ends with the same tables as an uninterrupted one. It never holds a token.
/// </summary>
internal sealed record PullCheckpoint
{
    /// <summary><c>OWNER/NAME</c>.</summary>
    public required string Repo { get; init; }

    /// <summary>The API root the pages came from.</summary>
    public required string ApiUrl { get; init; }

    /// <summary>True while a sync is in progress.</summary>
    public bool InProgress { get; init; }

    /// <summary>Whether the sync in progress refetches every pull request.</summary>
    public bool Full { get; init; }

    /// <summary>The next pulls-list page to fetch; null once listing is done.</summary>
    public string? NextListUrl { get; init; }

    /// <summary>Pull requests listed by the sync in progress and not fetched yet, in list order.</summary>
    public IReadOnlyList<PendingPull> Queue { get; init; } = [];

    /// <summary>Pull requests the sync in progress has listed (for its limit).</summary>
    public int Listed { get; init; }

    /// <summary>Pull requests the sync in progress has fetched.</summary>
    public int Fetched { get; init; }

    /// <summary>Requests the sync in progress has made so far, over every run.</summary>
    public int Requests { get; init; }

    /// <summary>Every pull request fetched so far, by number.</summary>
    public IReadOnlyDictionary<long, PullRecord> Pulls { get; init; } = new Dictionary<long, PullRecord>();

    /// <summary>Conditional-request validators by page URL.</summary>
    public IReadOnlyDictionary<string, PageValidator> Etags { get; init; } = new Dictionary<string, PageValidator>();

    /// <summary>How many syncs have completed.</summary>
    public int Syncs { get; init; }

    /// <summary>The reference the checkpoint of <paramref name="repository"/> is stored under.</summary>
    public static string Reference(GitHubRepository repository) => $"{repository.Dataset("pulls")}/checkpoint";

    /// <summary>The stored checkpoint, or null before the first sync.</summary>
    public static async Task<PullCheckpoint?> LoadAsync(IArtifactStore store, GitHubRepository repository, CancellationToken cancellationToken = default)
    {
        if (await store.GetReferenceAsync(Reference(repository), cancellationToken) is not { } digest)
        {
            return null;
        }
        var bytes = await store.ReadBytesAsync(digest, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<PullCheckpoint>(bytes, JsonDefaults.Compact) ?? throw new JsonException("null checkpoint");
        }
        catch (JsonException e)
        {
            throw new RelearnException(RelearnErrorKind.Corrupt, $"the pulls crawl checkpoint of {repository} ({digest}) is unreadable: {e.Message}", e);
        }
    }

    /// <summary>Stores this checkpoint and points the repository's reference at it (one atomic switch).</summary>
    public async Task SaveAsync(IArtifactStore store, GitHubRepository repository, CancellationToken cancellationToken = default)
    {
        var stored = await store.PutBytesAsync(JsonSerializer.SerializeToUtf8Bytes(this, JsonDefaults.Compact), cancellationToken);
        await store.SetReferenceAsync(Reference(repository), stored.Digest, cancellationToken);
    }

    /// <summary>A fresh sync starting at <paramref name="firstUrl"/>.</summary>
    public PullCheckpoint Start(bool full, string firstUrl) =>
        this with { InProgress = true, Full = full, NextListUrl = firstUrl, Queue = [], Listed = 0, Fetched = 0, Requests = 0 };

    /// <summary>The sync in progress, done.</summary>
    public PullCheckpoint Finish() =>
        this with { InProgress = false, Full = false, NextListUrl = null, Queue = [], Listed = 0, Fetched = 0, Requests = 0, Syncs = Syncs + 1 };
}
