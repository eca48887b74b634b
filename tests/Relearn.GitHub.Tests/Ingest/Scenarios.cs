using System.Globalization;
using Relearn.GitHub.Tests.Ingest.Replay;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>The recorded repositories the tests crawl.</summary>
internal static class Scenarios
{
    /// <summary>octokit's paginate-issues: 13 issues on 5 pages of 3, linked by <c>Link: rel="next"</c>.</summary>
    public const string PaginateRepo = "octokit-fixture-org/paginate-issues";

    /// <summary>octokit's rename-repository: answers 301 to <c>/repos/.../rename-repository</c> with <c>/repositories/1000</c>.</summary>
    public const string RenamedRepo = "octokit-fixture-org/rename-repository";

    /// <summary>PyGithub's own issues as recorded in May 2012.</summary>
    public const string PyGithubRepo = "PyGithub/PyGithub";

    /// <summary>The time of the octokit recordings (their <c>Date</c> header); the test clock starts there.</summary>
    public static readonly DateTimeOffset OctokitRecordedAt = new(2017, 10, 10, 16, 0, 0, TimeSpan.Zero);

    /// <summary>The day after PyGithub's <c>since</c> recording.</summary>
    public static readonly DateTimeOffset PyGithubRecordedAt = new(2012, 5, 30, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Exchange> Paginate => Recordings.Octokit("paginate-issues");

    /// <summary>The rename redirect, and behind it the issues of repository 1000 (the paginate-issues pages).</summary>
    public static IReadOnlyList<Exchange> Renamed => [.. Recordings.Octokit("rename-repository"), .. Paginate];

    /// <summary>
    /// PyGithub/PyGithub: the open issues as of 2012-05-27 (16, one page), and the issues updated since
    /// 2012-05-28T23:00:00Z as of 2012-05-29 (6: #4, #9, #12 updated, #35, #36, #37 new).
    /// </summary>
    public static IReadOnlyList<Exchange> PyGithub => [PyGithubIssues, PyGithubSince];

    public static Exchange PyGithubIssues => Recordings.PyGithub("Repository.testGetIssues", 0);

    public static Exchange PyGithubSince => Recordings.PyGithub("Repository.testGetIssuesWithArguments").Single(e => e.Path.Contains("since=", StringComparison.Ordinal));

    public static string Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
