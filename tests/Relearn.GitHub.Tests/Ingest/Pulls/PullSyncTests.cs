using System.Text;
using System.Text.Json;
using Relearn.Core.Storage;
using Relearn.GitHub.Ingest;
using Relearn.GitHub.Ingest.Pulls;
using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tests.Ingest.Replay;
using static Relearn.GitHub.Tests.Ingest.Pulls.PullScenarios;

namespace Relearn.GitHub.Tests.Ingest.Pulls;

/// <summary><c>relearn ingest github pulls</c>'s crawler against the replayed GitHub API: tables, hunk alignment, ETags, resume.</summary>
public sealed class PullSyncTests
{
    private static Task<PullSyncResult> SyncAsync(IngestHarness harness, ReplayServer server, bool full = false) =>
        harness.Pulls.SyncAsync(new PullSyncRequest(GitHubRepository.Parse(Repo), new Uri(server.ApiUrl), null, full));

    private static async Task<List<JsonElement>> RowsAsync(IngestHarness harness, string table)
    {
        var version = (await harness.Catalog.GetAsync(GitHubRepository.Parse(Repo).Dataset(table)))!;
        var text = Encoding.UTF8.GetString(await harness.Artifacts.ReadBytesAsync(version.Digest));
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    [Fact]
    public async Task PullSync_StoresPullsFilesAndReviewComments_EachADatasetVersion_Issue11()
    {
        await using var server = await ReplayServer.StartAsync(All);
        await using var harness = new IngestHarness();

        var result = await SyncAsync(harness, server);

        Assert.Empty(server.Unmatched);
        Assert.Equal(
            ["/repos/PyGithub/PyGithub/pulls?state=all&sort=updated&direction=desc&per_page=100",
             "/repos/PyGithub/PyGithub/pulls/31/files?per_page=100", "/repos/PyGithub/PyGithub/pulls/31/comments?per_page=100"],
            server.Requests.Select(r => r.PathAndQuery));
        Assert.Equal((3, 1, true), (result.Requests, result.PullsFetched, result.Full));
        Assert.Equal(("github/pygithub/pygithub/pulls", 1L, GitHubPullCrawler.PullsSchema), (result.Pulls.Name, result.Pulls.RowCount, result.Pulls.Schema));
        Assert.Equal(("github/pygithub/pygithub/pull-files", 45L), (result.Files.Name, result.Files.RowCount));
        Assert.Equal(("github/pygithub/pygithub/review-comments", 2L), (result.Comments.Name, result.Comments.RowCount));
        // 51 = the @@ headers in the 45 recorded patches (counted with grep -c '^@@ ' on each patch).
        Assert.Equal(("github/pygithub/pygithub/review-hunks", 51L, GitHubPullCrawler.HunksSchema), (result.Hunks.Name, result.Hunks.RowCount, result.Hunks.Schema));
        Assert.All(new[] { result.Pulls, result.Files, result.Comments, result.Hunks }, v => Assert.Equal(1, v.Version));

        var pull = Assert.Single(await RowsAsync(harness, "pulls"));
        Assert.Equal((31, "8a4f306d4b223682dd19410d4a9150636ebe4206"), (pull.GetProperty("number").GetInt32(), pull.GetProperty("head").GetProperty("sha").GetString()));
        var file = (await RowsAsync(harness, "pull-files")).Single(f => f.GetProperty("filename").GetString() == "test/Issue.py");
        Assert.Equal((31, "modified", 25, 1), (file.GetProperty("pull").GetInt32(), file.GetProperty("status").GetString(), file.GetProperty("additions").GetInt32(), file.GetProperty("deletions").GetInt32()));
        Assert.StartsWith("@@ ", file.GetProperty("patch").GetString(), StringComparison.Ordinal);

        var comment = (await RowsAsync(harness, "review-comments")).Single(c => c.GetProperty("id").GetInt64() == 1580134);
        Assert.Equal("codegen/templates/GithubObject.py", comment.GetProperty("path").GetString());
        Assert.Equal((73, JsonValueKind.Null, "RIGHT"), (comment.GetProperty("line").GetInt32(), comment.GetProperty("original_line").ValueKind, comment.GetProperty("side").GetString()));
        Assert.Equal(("8a4f306d4b223682dd19410d4a9150636ebe4206", "jacquev6", "2012-09-11T20:06:32Z"),
            (comment.GetProperty("commit_id").GetString(), comment.GetProperty("author").GetString(), comment.GetProperty("created_at").GetString()));
        Assert.Equal(JsonValueKind.Null, comment.GetProperty("in_reply_to").ValueKind);
        Assert.Equal("Review comment created for PyGithub\n", comment.GetProperty("body").GetString());
        Assert.StartsWith("@@ -70,7 +70,7 @@", comment.GetProperty("diff_hunk").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HunkAlignment_PutsEachReviewCommentOnItsHunkAndLine_AndTheOtherHunksAreNegatives_Issue11()
    {
        await using var server = await ReplayServer.StartAsync(All);
        await using var harness = new IngestHarness();

        var result = await SyncAsync(harness, server);

        Assert.Equal(new AlignmentSummary(2, 2, 0, 0, 0, 0, 51, 2), result.Alignment);
        var comments = await RowsAsync(harness, "review-comments");
        // 1580134 is on the added line 73 of the template; 197784357 on the blank context line 7 of the test (both RIGHT).
        Assert.Equal([(1580134L, "aligned", 0, 73, "RIGHT"), (197784357L, "aligned", 0, 7, "RIGHT")],
            comments.Select(c => (c.GetProperty("id").GetInt64(), c.GetProperty("aligned").GetString(), c.GetProperty("hunk").GetInt32(),
                c.GetProperty("hunk_line").GetInt32(), c.GetProperty("hunk_side").GetString())));

        var hunks = await RowsAsync(harness, "review-hunks");
        var positives = hunks.Where(h => h.GetProperty("y").GetInt32() == 1).ToList();
        Assert.Equal(["codegen/templates/GithubObject.py", "test/IssueEvent.py"], positives.Select(h => h.GetProperty("path").GetString()));
        var template = positives[0];
        Assert.Equal(("Review comment created for PyGithub\n", "py", 73, "RIGHT"),
            (template.GetProperty("msg").GetString(), template.GetProperty("lang").GetString(), template.GetProperty("line").GetInt32(), template.GetProperty("side").GetString()));
        Assert.StartsWith("@@ -70,7 +70,7 @@ def __useAttributes( self, attributes ):\n \n", template.GetProperty("patch").GetString(), StringComparison.Ordinal);
        Assert.Equal("Test Case Dissmiss Review", positives[1].GetProperty("msg").GetString());
        Assert.All(hunks.Except(positives), h => Assert.Equal((JsonValueKind.Null, 0), (h.GetProperty("msg").ValueKind, h.GetProperty("comments").GetInt32())));

        // The hunks table is CodeReviewer's format: the review-assist task reads it as training data.
        var examples = hunks.Select((h, i) => ReviewData.ReadLine(h.GetRawText(), $"line {i + 1}")).ToList();
        Assert.Equal(2, examples.Count(e => e.Y == 1 && e.Msg is not null));
        Assert.Equal(49, examples.Count(e => e.Y == 0 && e.Msg is null));
        Assert.All(examples, e => Assert.NotNull(Relearn.GitHub.Tasks.ReviewAssist.Diffs.DiffHunk.Parse(e.Patch)));
    }

    [Fact]
    public async Task PullResync_WithNoChanges_IsOneRequestAnswered304_AndTheSameVersions()
    {
        await using var server = await ReplayServer.StartAsync(All);
        await using var harness = new IngestHarness();

        var first = await SyncAsync(harness, server);
        server.Reset();
        var second = await SyncAsync(harness, server);

        var request = Assert.Single(server.Requests);
        Assert.Equal((304, List.Header("ETag")), (request.Status, request.IfNoneMatch));
        Assert.Equal((1, 1, 0, false), (second.Requests, second.NotModified, second.PullsFetched, second.Full));
        Assert.Equal(first.Hunks, second.Hunks);
        Assert.Equal(first.Comments, second.Comments);
        Assert.Contains("no pull request changed", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullResync_WhenAPullRequestWasUpdated_RefetchesIt_WithConditionalRequests()
    {
        await using var server = await ReplayServer.StartAsync(All);
        await using var harness = new IngestHarness();
        await SyncAsync(harness, server);

        // Edited: #31 with a later updated_at and a new ETag, as the list answers after a new review comment.
        var updated = List with { Body = Encoding.UTF8.GetBytes(List.BodyText.Replace("\"updated_at\":\"2018-06-25T12:54:43Z\"", "\"updated_at\":\"2018-06-26T09:00:00Z\"", StringComparison.Ordinal)) };
        Assert.NotEqual(List.BodyText, updated.BodyText);
        server.Reset();
        server.Reply(0, updated.WithHeader("ETag", "W/\"edited\""));
        var second = await SyncAsync(harness, server);

        Assert.Equal((3, 1, false), (second.Requests, second.PullsFetched, second.Full));
        Assert.Equal([200, 304, 304], server.Requests.Select(r => r.Status)); // files and comments unchanged: their ETags answer 304
        Assert.Equal(2, second.Pulls.Version);
        Assert.Equal(1, second.Hunks.Version);
        Assert.Equal("2018-06-26T09:00:00Z", Assert.Single(await RowsAsync(harness, "pulls")).GetProperty("updated_at").GetString());
    }

    [Fact]
    public async Task PullSync_CrashedAtAnyWrite_ResumesToTheSameTables()
    {
        await using var server = await ReplayServer.StartAsync(All);
        await using var clean = new IngestHarness();
        var expected = await SyncAsync(clean, server);
        var writes = clean.Faults.Writes;

        for (var crash = 0; crash < writes; crash += 3)
        {
            await using var harness = new IngestHarness();
            harness.Faults.Reset(crash);
            server.Reset();
            await Assert.ThrowsAsync<IOException>(() => SyncAsync(harness, server));
            harness.Faults.Reset();
            server.Reset();
            var resumed = await SyncAsync(harness, server);

            Assert.Equal((expected.Pulls.Digest, expected.Files.Digest, expected.Comments.Digest, expected.Hunks.Digest),
                (resumed.Pulls.Digest, resumed.Files.Digest, resumed.Comments.Digest, resumed.Hunks.Digest));
        }
    }

    [Fact]
    public async Task PullSync_FromGitHubEnterprise_UsesTheApiRootsPath()
    {
        await using var server = await ReplayServer.StartAsync(All, pathPrefix: "/api/v3");
        await using var harness = new IngestHarness();

        var result = await SyncAsync(harness, server);

        Assert.Empty(server.Unmatched);
        Assert.All(server.Requests, r => Assert.StartsWith("/api/v3/repos/PyGithub/PyGithub/pulls", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Equal(51, result.Hunks.RowCount);
        Assert.StartsWith(server.ApiUrl, result.Hunks.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullSync_WhenThePageIsNotAList_FailsWithTheReason_AndRegistersNothing()
    {
        await using var server = await ReplayServer.StartAsync(All);
        await using var harness = new IngestHarness();
        server.Reply(0, Pull31 with { Path = List.Path }); // a single object where the list belongs

        var error = await Assert.ThrowsAsync<Relearn.Core.RelearnException>(() => SyncAsync(harness, server));

        Assert.Contains("is not a JSON array of pull requests", error.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Catalog.ListAsync());
    }
}
