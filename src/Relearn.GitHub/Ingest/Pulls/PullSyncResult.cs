using Relearn.Core.Datasets;

namespace Relearn.GitHub.Ingest.Pulls;

/// <summary>What one <c>relearn ingest github pulls</c> run did.</summary>
/// <param name="Repository"><c>OWNER/NAME</c>.</param>
/// <param name="ApiUrl">The API root it talked to.</param>
/// <param name="Full">True when every pull request was fetched again.</param>
/// <param name="Resumed">True when this run finished a sync an interrupted run had started.</param>
/// <param name="Requests">HTTP requests this run made (retries and redirects included).</param>
/// <param name="NotModified">Requests answered 304.</param>
/// <param name="PullsFetched">Pull requests whose files and review comments this sync fetched.</param>
/// <param name="Pulls">The dataset of pull requests (GitHub's objects).</param>
/// <param name="Files">The dataset of changed files with their patches.</param>
/// <param name="Comments">The dataset of review comments, each with the hunk it was aligned to.</param>
/// <param name="Hunks">The dataset of hunks in CodeReviewer's format (<c>patch</c>, <c>y</c>, <c>msg</c>, <c>lang</c>, ...): the training data.</param>
/// <param name="Alignment">How the review comments were aligned to hunks.</param>
/// <param name="Skipped">Items of this sync's pages left out (malformed), with the reason.</param>
/// <param name="Elapsed">Wall time of this run.</param>
/// <param name="Message">One line for people.</param>
public sealed record PullSyncResult(
    string Repository,
    string ApiUrl,
    bool Full,
    bool Resumed,
    int Requests,
    int NotModified,
    int PullsFetched,
    DatasetVersion Pulls,
    DatasetVersion Files,
    DatasetVersion Comments,
    DatasetVersion Hunks,
    AlignmentSummary Alignment,
    IReadOnlyList<string> Skipped,
    TimeSpan Elapsed,
    string Message);

/// <summary>What hunk alignment made of the review comments.</summary>
/// <param name="Comments">Review comments in the silver table.</param>
/// <param name="Aligned">Comments placed on a hunk and line of their file's current patch.</param>
/// <param name="Outdated">Comments on code the pull request no longer has (GitHub gives them no <c>line</c>).</param>
/// <param name="FileLevel">Comments on a whole file, not a line.</param>
/// <param name="NoPatch">Comments on a file without a patch (binary, too large, or not in the pull request's files).</param>
/// <param name="NotInHunk">Comments whose line is in no hunk of the patch (a truncated patch).</param>
/// <param name="Hunks">Hunks in the CodeReviewer table.</param>
/// <param name="Positive">Hunks with at least one aligned comment (<c>y = 1</c>); the rest are the negatives.</param>
public sealed record AlignmentSummary(int Comments, int Aligned, int Outdated, int FileLevel, int NoPatch, int NotInHunk, int Hunks, int Positive);
