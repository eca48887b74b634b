using System.Text;
using Relearn.GitHub.Tests.Ingest.Replay;

namespace Relearn.GitHub.Tests.Ingest.Pulls;

/// <summary>PyGithub/PyGithub's pull request #31 as PyGithub recorded it: the pull request, its 45 changed files and 2 review comments.</summary>
internal static class PullScenarios
{
    public const string Repo = "PyGithub/PyGithub";

    /// <summary>The recorded <c>GET /repos/PyGithub/PyGithub/pulls/31</c>.</summary>
    public static Exchange Pull31 => Recordings.PyGithub("PullRequestComment.setUp", 1);

    /// <summary>
    /// The pulls list. Not recorded for this repository, so made from the recorded pull request #31: its headers (ETag included)
    /// and its object as the only item of the array <c>GET .../pulls</c> returns (the list items are the same pull request objects).
    /// </summary>
    public static Exchange List => Pull31 with { Path = "/repos/PyGithub/PyGithub/pulls", Body = Encoding.UTF8.GetBytes("[" + Pull31.BodyText + "]"), Source = "PyGithub PullRequestComment.setUp #1 as a list" };

    /// <summary>The recorded files of #31 (one page of 45, with an ETag).</summary>
    public static Exchange Files => Recordings.PyGithub("PullRequest.testGetFiles", 0);

    /// <summary>
    /// The recorded review comments of #31. PyGithub asked with <c>sort</c>, <c>direction</c> and <c>since=1970-01-01</c>; the path
    /// loses that query here because the replay server tells a <c>since</c> list from a plain one, and the crawler asks for the plain one.
    /// </summary>
    public static Exchange Comments => Recordings.PyGithub("PullRequest.testGetReviewComments", 0) with { Path = "/repos/PyGithub/PyGithub/pulls/31/comments" };

    public static IReadOnlyList<Exchange> All => [List, Files, Comments];
}
