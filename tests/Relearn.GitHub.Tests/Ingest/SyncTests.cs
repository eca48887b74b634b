using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.GitHub.Ingest;
using Relearn.GitHub.Tests.Ingest.Replay;
using static Relearn.GitHub.Tests.Ingest.Scenarios;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>Full and incremental syncs against the replayed GitHub API: pagination, ETags, redirects, silver.</summary>
public sealed class SyncTests
{
    [Fact]
    public async Task FullCrawl_FollowsLinkNext_AndStoresEveryIssueOnce()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();

        var result = await harness.SyncAsync(server, PaginateRepo);

        Assert.Empty(server.Unmatched);
        Assert.Equal(SyncMode.Full, result.Mode);
        Assert.Equal((5, 0, 5, 13, 0, 0), (result.Requests, result.NotModified, result.Pages, result.IssuesNew, result.IssuesUpdated, result.Skipped));
        Assert.Equal(
            ["/repos/octokit-fixture-org/paginate-issues/issues?state=all&sort=updated&direction=asc&per_page=100",
             "/repositories/1000/issues?per_page=3&page=2", "/repositories/1000/issues?per_page=3&page=3",
             "/repositories/1000/issues?per_page=3&page=4", "/repositories/1000/issues?per_page=3&page=5"],
            server.Requests.Select(r => r.PathAndQuery));
        Assert.All(server.Requests, r => Assert.Equal("relearn", r.UserAgent));
        Assert.All(server.Requests, r => Assert.Null(r.Authorization));
        Assert.Equal("github/octokit-fixture-org/paginate-issues/issues", result.Dataset.Name);
        Assert.Equal((1, 13L, SilverIssues.Schema), (result.Dataset.Version, result.Dataset.RowCount, result.Dataset.Schema));
        Assert.StartsWith($"{server.ApiUrl} sync at 2017-10-10 16:00:00 UTC (5 requests)", result.Dataset.Source, StringComparison.Ordinal);

        var rows = await harness.RowsAsync(PaginateRepo);
        Assert.Equal(Enumerable.Range(1, 13), rows.Select(r => r.GetProperty("number").GetInt32()));
        var recorded = Paginate[0].BodyText;
        var issue13 = JsonNode.Parse(recorded)!.AsArray().Single(i => (int)i!["number"]! == 13)!;
        Assert.True(JsonNode.DeepEquals(issue13, JsonNode.Parse(rows[^1].GetRawText())), "a silver row is the API's issue object, every field kept");
    }

    [Fact]
    public async Task Silver_IsCompactJsonLines_SortedByNumber()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();

        await harness.SyncAsync(server, PaginateRepo);

        var lines = Encoding.UTF8.GetString((await harness.SilverAsync(PaginateRepo))!).Split('\n');
        Assert.Equal(14, lines.Length);
        Assert.Equal("", lines[^1]);
        var compact = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Assert.All(lines[..^1], line => Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(line).RootElement, compact), line));
        Assert.StartsWith("{\"url\":\"https://api.github.com/repos/octokit-fixture-org/paginate-issues/issues/1\",", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resync_WithNoChanges_CostsOneRequestAnswered304_AndNoNewVersion()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();

        var full = await harness.SyncAsync(server, PaginateRepo);
        server.Reset();
        var first = await harness.SyncAsync(server, PaginateRepo);
        var firstRequests = server.Requests;
        server.Reset();
        var second = await harness.SyncAsync(server, PaginateRepo);

        // The first re-sync asks for a URL never fetched (since = the high-water mark): one 200, nothing new.
        Assert.Equal((SyncMode.Incremental, "2017-10-10T16:00:00Z", 1, 0, false), (first.Mode, first.Since, first.Requests, first.NotModified, first.NewVersion));
        Assert.EndsWith("&since=2017-10-10T16%3A00%3A00Z", Assert.Single(firstRequests).PathAndQuery, StringComparison.Ordinal);
        // From then on a re-sync with no changes is one conditional request, answered 304.
        Assert.Equal((1, 1, 0, 0, 0, false), (second.Requests, second.NotModified, second.Pages, second.IssuesNew, second.IssuesUpdated, second.NewVersion));
        var conditional = Assert.Single(server.Requests);
        Assert.Equal(304, conditional.Status);
        Assert.NotNull(conditional.IfNoneMatch);
        Assert.Contains("GitHub answered 304", second.Message, StringComparison.Ordinal);
        Assert.Equal(full.Dataset, second.Dataset);
        Assert.Single(await harness.VersionsAsync(PaginateRepo));
    }

    [Fact]
    public async Task FullResync_OfAnUnchangedRepository_IsAnswered304PageByPage()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();

        await harness.SyncAsync(server, PaginateRepo);
        server.Reset();
        var again = await harness.SyncAsync(server, PaginateRepo, full: true);

        Assert.Equal((SyncMode.Full, 5, 5, 0, false), (again.Mode, again.Requests, again.NotModified, again.Pages, again.NewVersion));
        Assert.All(server.Requests, r => Assert.Equal(304, r.Status));
        Assert.Single(await harness.VersionsAsync(PaginateRepo));
    }

    [Fact]
    public async Task IncrementalSync_AddsNewAndUpdatedIssues_AndTheLatestUpdatedAtWins()
    {
        await using var server = await ReplayServer.StartAsync(PyGithub);
        await using var harness = new IngestHarness(PyGithubRecordedAt);

        var full = await harness.SyncAsync(server, PyGithubRepo);
        var incremental = await harness.SyncAsync(server, PyGithubRepo);

        Assert.Equal((SyncMode.Full, 16, 1), (full.Mode, full.IssuesNew, full.Dataset.Version));
        Assert.Equal((SyncMode.Incremental, "2012-05-27T05:40:15Z"), (incremental.Mode, incremental.Since));
        Assert.EndsWith("&since=2012-05-27T05%3A40%3A15Z", server.Requests[^1].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal((3, 3, 2, 19L), (incremental.IssuesNew, incremental.IssuesUpdated, incremental.Dataset.Version, incremental.Dataset.RowCount));
        var rows = (await harness.RowsAsync(PyGithubRepo)).ToDictionary(r => r.GetProperty("number").GetInt32());
        Assert.Equal("2012-05-29T11:31:37Z", rows[4].GetProperty("updated_at").GetString());
        Assert.Equal("2012-05-29T11:24:24Z", rows[9].GetProperty("updated_at").GetString());
        Assert.Equal("2012-03-13T06:22:27Z", rows[13].GetProperty("updated_at").GetString());
        Assert.Equal([2, 3, 4, 9, 12, 13, 14, 16, 17, 18, 19, 20, 24, 25, 27, 30, 35, 36, 37], rows.Keys.Order());
        var checkpoint = (await harness.CheckpointAsync(PyGithubRepo))!;
        Assert.Equal((null, "2012-05-29T18:38:53Z", 2, 2), (checkpoint.Mode, checkpoint.HighWaterMark, checkpoint.Syncs, checkpoint.Completed.Count));
        Assert.DoesNotContain(checkpoint.Etags.Keys, url => url.Contains("since=", StringComparison.Ordinal)); // that since is never asked again
    }

    [Fact]
    public async Task AnOlderCopyFetchedLater_DoesNotReplaceTheNewerRow()
    {
        await using var server = await ReplayServer.StartAsync(PyGithub);
        await using var harness = new IngestHarness(PyGithubRecordedAt);
        server.Reply(0, PyGithubSince); // the first crawl sees the newer state of #4, #9, #12 ...

        await harness.SyncAsync(server, PyGithubRepo);
        var older = await harness.SyncAsync(server, PyGithubRepo, full: true); // ... the second the older one

        var rows = (await harness.RowsAsync(PyGithubRepo)).ToDictionary(r => r.GetProperty("number").GetInt32());
        Assert.Equal("2012-05-29T11:31:37Z", rows[4].GetProperty("updated_at").GetString());
        Assert.Equal("2012-05-29T11:41:39Z", rows[12].GetProperty("updated_at").GetString());
        Assert.Equal((13, 0, 19), (older.IssuesNew, older.IssuesUpdated, rows.Count));
    }

    [Fact]
    public async Task RenamedRepository_TheRedirectIsFollowed_WithTheToken()
    {
        await using var server = await ReplayServer.StartAsync(Renamed);
        await using var harness = new IngestHarness();
        var token = GitHubToken.Create("ghp_renamed0000000000000000000000000000");

        var result = await harness.SyncAsync(server, RenamedRepo, token: token);

        Assert.Empty(server.Unmatched);
        Assert.Equal((6, 13), (result.Requests, result.IssuesNew));
        Assert.Equal((301, "/repos/octokit-fixture-org/rename-repository/issues?state=all&sort=updated&direction=asc&per_page=100"),
            (server.Requests[0].Status, server.Requests[0].PathAndQuery));
        Assert.Equal((200, "/repositories/1000/issues?state=all&sort=updated&direction=asc&per_page=100"),
            (server.Requests[1].Status, server.Requests[1].PathAndQuery));
        Assert.All(server.Requests, r => Assert.Equal($"Bearer {token.Value}", r.Authorization));
        Assert.Equal("github/octokit-fixture-org/rename-repository/issues", result.Dataset.Name);
    }

    [Fact]
    public async Task Token_IsSentAsBearer_ButNeverLoggedNorStored()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();
        var secret = "ghp_" + Guid.NewGuid().ToString("N");
        var token = GitHubToken.Create(secret);

        var result = await harness.SyncAsync(server, PaginateRepo, token: token);
        await harness.SyncAsync(server, PaginateRepo, token: token);
        server.Reply(server.Requests.Count, Recordings.PyGithub("Exceptions.testBadAuthentication", 0));
        var rejected = await Assert.ThrowsAsync<Relearn.Core.RelearnException>(() => harness.SyncAsync(server, PaginateRepo, token: token));

        Assert.All(server.Requests, r => Assert.Equal($"Bearer {secret}", r.Authorization));
        Assert.Contains(harness.Logs.Entries, e => e.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal)); // traced at every level
        Assert.DoesNotContain(secret, harness.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, rejected.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, JsonSerializer.Serialize(result), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, new IssueSyncRequest(GitHubRepository.Parse(PaginateRepo), new Uri(server.ApiUrl), token).ToString(), StringComparison.Ordinal);
        var needle = Encoding.UTF8.GetBytes(secret);
        var files = Directory.GetFiles(harness.Folder, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(needle) < 0, $"{file} holds the token"));
    }

    [Fact]
    public async Task MalformedItems_AreSkippedAndReported_TheRestIsKept()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();
        var page = JsonNode.Parse(Paginate[0].BodyText)!.AsArray();
        page[0]!.AsObject().Remove("title"); // #13
        page[1] = "not an issue";              // #12
        page[2]!.AsObject()["updated_at"] = 42; // #11
        server.Reply(0, Paginate[0] with { Body = Encoding.UTF8.GetBytes(page.ToJsonString()) });

        var result = await harness.SyncAsync(server, PaginateRepo);

        Assert.Equal((3, 10, 10L), (result.Skipped, result.IssuesNew, result.Dataset.RowCount));
        Assert.Equal(
            [(0, (long?)13, "missing or invalid title"), (1, null, "not a JSON object (a JSON string)"), (2, 11, "missing or invalid updated_at")],
            result.SkippedItems.Select(s => (s.Index, s.Number, s.Reason)));
        Assert.All(result.SkippedItems, s => Assert.EndsWith("/repos/octokit-fixture-org/paginate-issues/issues?state=all&sort=updated&direction=asc&per_page=100", s.Page, StringComparison.Ordinal));
        Assert.Contains("skipped 3 malformed items", result.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 10), (await harness.RowsAsync(PaginateRepo)).Select(r => r.GetProperty("number").GetInt32()));
    }

    [Fact]
    public async Task EmptyRepository_RegistersAnEmptyDatasetVersion()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();
        server.Reply(0, Recordings.PyGithub("Issue.testDeleteAndSetLabels", 4)); // a real empty list: "[]", no Link

        var result = await harness.SyncAsync(server, PaginateRepo);

        Assert.Equal((1, 0L, 0), (result.Requests, result.Dataset.RowCount, result.IssuesNew));
        Assert.Equal($"{PaginateRepo} has no issues; dataset {result.Dataset.Id} is empty", result.Message);
        Assert.Empty(await harness.RowsAsync(PaginateRepo));
        Assert.Empty((await harness.SilverAsync(PaginateRepo))!);
    }

    [Fact]
    public async Task GitHubEnterprise_TheApiPathIsKept()
    {
        await using var server = await ReplayServer.StartAsync(Paginate, pathPrefix: "/api/v3");
        await using var harness = new IngestHarness();

        var result = await harness.SyncAsync(server, PaginateRepo);

        Assert.EndsWith("/api/v3", server.ApiUrl, StringComparison.Ordinal);
        Assert.Equal((5, 13), (result.Requests, result.IssuesNew));
        Assert.All(server.Requests, r => Assert.StartsWith("/api/v3/", r.PathAndQuery, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecondApiUrl_ForTheSameRepository_IsRefused()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var other = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();

        await harness.SyncAsync(server, PaginateRepo);
        var refused = await Assert.ThrowsAsync<Relearn.Core.RelearnException>(() => harness.SyncAsync(other, PaginateRepo));

        Assert.Equal(Relearn.Core.RelearnErrorKind.Conflict, refused.Kind);
        Assert.Empty(other.Requests);
    }
}
