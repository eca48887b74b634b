using System.Security.Cryptography;
using Relearn.Core;
using Relearn.GitHub.Tests.Ingest.Replay;
using static Relearn.GitHub.Tests.Ingest.Scenarios;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>GitHub's error answers become one-line <see cref="RelearnException"/>s, and silver stays as it was.</summary>
public sealed class ErrorTests
{
    public static TheoryData<string> Errors => ["401", "404", "422", "invalid JSON", "JSON object"];

    private static Exchange Recorded(string error) => error switch
    {
        "401" => Recordings.PyGithub("Exceptions.testBadAuthentication", 0),
        "404" => Recordings.PyGithub("Exceptions.testUnknownObject", 1),
        "422" => Recordings.Octokit("errors")[0],
        "invalid JSON" => Recordings.PyGithub("Exceptions.testJSONParseError", 0), // 200, body cut short
        "JSON object" => Recordings.Octokit("rename-repository").Single(e => e is { Method: "GET", Status: 200 }), // 200, a repository
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task AnErrorAnswer_IsOneLine_AndSilverIsUnchanged(string error)
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();
        var before = await harness.SyncAsync(server, PaginateRepo);
        var silver = await harness.SilverAsync(PaginateRepo);
        server.Reset();
        server.Reply(0, Recorded(error));

        var failure = await Assert.ThrowsAsync<RelearnException>(() => harness.SyncAsync(server, PaginateRepo));

        var url = $"{server.ApiUrl}/repos/{PaginateRepo}/issues?state=all&sort=updated&direction=asc&per_page=100&since=2017-10-10T16%3A00%3A00Z";
        var (kind, message) = error switch
        {
            "401" => (RelearnErrorKind.InvalidInput, "GitHub rejected the token (401 Bad credentials)"),
            "404" => (RelearnErrorKind.NotFound, $"repository {PaginateRepo} not found at {server.ApiUrl}"),
            "422" => (RelearnErrorKind.InvalidInput, $"GitHub refused GET {url} (422 Validation Failed: Label.color invalid)"),
            "invalid JSON" => (RelearnErrorKind.InvalidInput, $"the page {url} is not a JSON array of issues (invalid JSON at byte 183)"),
            _ => (RelearnErrorKind.InvalidInput, $"the page {url} is not a JSON array of issues (it is a JSON object)"),
        };
        Assert.Equal((kind, message), (failure.Kind, failure.Message));
        Assert.DoesNotContain('\n', failure.Message);
        Assert.Single(server.Requests); // not retried
        Assert.Equal(silver, await harness.SilverAsync(PaginateRepo));
        Assert.Equal([before.Dataset], await harness.VersionsAsync(PaginateRepo));
        Assert.False(await harness.Artifacts.ExistsAsync(Convert.ToHexStringLower(SHA256.HashData(Recorded(error).Body))), "the refused body is not in bronze");
    }

    [Fact]
    public async Task AnInvalidPageMidCrawl_StopsBeforeBronze_AndTheResumeFetchesItAgain()
    {
        await using var server = await ReplayServer.StartAsync(Paginate);
        await using var harness = new IngestHarness();
        var broken = Recordings.PyGithub("Exceptions.testJSONParseError", 0);
        server.Reply(2, broken);

        var failure = await Assert.ThrowsAsync<RelearnException>(() => harness.SyncAsync(server, PaginateRepo));
        var checkpoint = await harness.CheckpointAsync(PaginateRepo);
        var resumed = await harness.SyncAsync(server, PaginateRepo);

        Assert.Contains($"the page {server.ApiUrl}/repositories/1000/issues?per_page=3&page=3 is not a JSON array", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, checkpoint!.Pages.Count);
        Assert.Equal($"{server.ApiUrl}/repositories/1000/issues?per_page=3&page=3", checkpoint.NextUrl);
        Assert.Equal((true, 3, 13L), (resumed.Resumed, resumed.Requests, resumed.Dataset.RowCount));
        Assert.False(await harness.Artifacts.ExistsAsync(Convert.ToHexStringLower(SHA256.HashData(broken.Body))));
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("a/b/c")]
    [InlineData("../x")]
    [InlineData("owner/..")]
    public void ABadRepositoryName_IsRefused(string repo)
    {
        var failure = Assert.Throws<RelearnException>(() => Relearn.GitHub.Ingest.GitHubRepository.Parse(repo));
        Assert.Equal(RelearnErrorKind.InvalidInput, failure.Kind);
    }

    [Theory]
    [InlineData("api.github.com")]
    [InlineData("ftp://example.com")]
    [InlineData("https://api.github.com/?x=1")]
    public void ABadApiUrl_IsRefused(string url) =>
        Assert.Equal(RelearnErrorKind.InvalidInput, Assert.Throws<RelearnException>(() => Relearn.GitHub.Ingest.IssueSyncRequest.ParseApiUrl(url)).Kind);
}
