using Relearn.Core.Datasets;

namespace Relearn.GitHub.Ingest;

/// <summary>Whether a sync fetched every issue or only those updated since the last completed sync.</summary>
public enum SyncMode
{
    /// <summary>Every issue of the repository.</summary>
    Full,
    /// <summary>Issues updated at or after the high-water mark of the last completed sync.</summary>
    Incremental,
}

/// <summary>What one <c>relearn ingest github issues</c> run did.</summary>
/// <param name="Repository"><c>OWNER/NAME</c>.</param>
/// <param name="ApiUrl">The API root it talked to.</param>
/// <param name="Mode">Full or incremental.</param>
/// <param name="Resumed">True when this run finished a sync an earlier, interrupted run had started.</param>
/// <param name="Since">The <c>since</c> of an incremental sync.</param>
/// <param name="Requests">HTTP requests this run made (retries and redirects included).</param>
/// <param name="NotModified">Requests answered 304 (free against GitHub's rate limit).</param>
/// <param name="Pages">Pages this run stored in bronze.</param>
/// <param name="IssuesNew">Issues in the dataset that were not in the previous version.</param>
/// <param name="IssuesUpdated">Issues whose row changed since the previous version.</param>
/// <param name="Skipped">Items of this sync's pages left out of silver.</param>
/// <param name="SkippedItems">Which items, and why.</param>
/// <param name="Dataset">The dataset version holding the silver table after this sync.</param>
/// <param name="NewVersion">False when the sync changed nothing, so the previous version still stands.</param>
/// <param name="Elapsed">Wall time of this run, waits included.</param>
/// <param name="Message">One line for people.</param>
public sealed record IssueSyncResult(
    string Repository,
    string ApiUrl,
    SyncMode Mode,
    bool Resumed,
    string? Since,
    int Requests,
    int NotModified,
    int Pages,
    int IssuesNew,
    int IssuesUpdated,
    int Skipped,
    IReadOnlyList<SkippedIssue> SkippedItems,
    DatasetVersion Dataset,
    bool NewVersion,
    TimeSpan Elapsed,
    string Message);

/// <summary>An item of an issues page that is not a usable issue (documented skip; never a crash).</summary>
/// <param name="Page">The page URL.</param>
/// <param name="Index">Position in the page's JSON array.</param>
/// <param name="Number">The issue number, when it had one.</param>
/// <param name="Reason">What was missing or wrong.</param>
public sealed record SkippedIssue(string Page, int Index, long? Number, string Reason);
