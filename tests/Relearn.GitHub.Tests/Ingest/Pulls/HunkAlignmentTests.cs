using Relearn.GitHub.Ingest;
using Relearn.GitHub.Ingest.Pulls;

namespace Relearn.GitHub.Tests.Ingest.Pulls;

/// <summary>How review comments are placed on hunks: sides, replies, and the comments that cannot be placed.</summary>
public sealed class HunkAlignmentTests
{
    private static readonly GitHubRepository Repo = GitHubRepository.Parse("o/n");

    // Two hunks: old 10-12 / new 10-12 (line 11 replaced), old 40-41 / new 40-42 (line 41 added).
    private const string Patch = "@@ -10,3 +10,3 @@ class A\n a = 1\n-b = 2\n+b = 3\n c = 4\n@@ -40,2 +40,3 @@\n x = 1\n+print(x)\n y = 2";

    private static ReviewComment Comment(long id, long? line, string side = "RIGHT", string path = "a.py", long? replyTo = null, string? subject = null, string? at = null) =>
        new(id, path, line, line, null, side, null, "c1", "c1", replyTo, $"comment {id}", "someone", at ?? $"2024-01-01T00:00:{id:00}Z", null, subject);

    [Fact]
    public void Align_LeftSideComment_SitsOnTheRemovedLine_ByItsOldNumber()
    {
        var result = HunkAlignment.Align(Repo, 1, [new PullFile("a.py", Patch)], [Comment(1, 11, "LEFT")]);

        var row = Assert.Single(result.Comments);
        Assert.Equal(("aligned", 0, 11, "LEFT"), ((string?)row["aligned"], (int?)row["hunk"], (int?)row["hunk_line"], (string?)row["hunk_side"]));
        Assert.Equal([1, 0], result.Hunks.Select(h => (int)h["y"]!));
    }

    [Fact]
    public void Align_ReplyJoinsItsThread_AndTheThreadOpenerIsTheMessage()
    {
        var result = HunkAlignment.Align(Repo, 1, [new PullFile("a.py", Patch)],
            [Comment(5, 41, at: "2024-01-01T00:00:09Z"), Comment(6, null, replyTo: 5), Comment(7, 41, at: "2024-01-01T00:00:08Z")]);

        Assert.All(result.Comments, c => Assert.Equal(("aligned", 1), ((string?)c["aligned"], (int?)c["hunk"])));
        var hunk = result.Hunks[1];
        Assert.Equal((1, "comment 7", 3, 41, "RIGHT", "py", "o/n#1:a.py:1"),
            ((int)hunk["y"]!, (string?)hunk["msg"], (int)hunk["comments"]!, (int?)hunk["line"], (string?)hunk["side"], (string?)hunk["lang"], (string?)hunk["id"]));
        Assert.Equal(new AlignmentSummary(3, 3, 0, 0, 0, 0, 2, 1), result.Summary);
    }

    [Fact]
    public void Align_CommentsThatCannotBePlaced_SayWhy_AndLeaveTheHunksNegative()
    {
        var result = HunkAlignment.Align(Repo, 1, [new PullFile("a.py", Patch), new PullFile("logo.png", null)],
            [Comment(1, null), Comment(2, null, subject: "file"), Comment(3, 5, path: "logo.png"), Comment(4, 99), Comment(5, 12, "LEFT", path: "gone.py")]);

        Assert.Equal(["outdated", "file", "no_patch", "not_in_hunk", "no_patch"], result.Comments.Select(c => (string?)c["aligned"]));
        Assert.All(result.Hunks, h => Assert.Equal(0, (int)h["y"]!));
        Assert.Equal(new AlignmentSummary(5, 0, 1, 1, 2, 1, 2, 0), result.Summary);
    }

    [Fact]
    public void Align_MalformedPatch_IsSkippedWithTheReason_NotACrash()
    {
        var result = HunkAlignment.Align(Repo, 3, [new PullFile("a.py", "@@ -1,1 +1,1 @@\n+one\n+two\n+three")], [Comment(1, 1)]);

        Assert.Empty(result.Hunks);
        Assert.Contains("pull request #3", Assert.Single(result.Skipped), StringComparison.Ordinal);
        Assert.Equal("no_patch", (string?)Assert.Single(result.Comments)["aligned"]);
    }
}
