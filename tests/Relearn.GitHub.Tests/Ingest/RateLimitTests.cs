using Relearn.Core;
using Relearn.GitHub.Tests.Ingest.Replay;
using static Relearn.GitHub.Tests.Ingest.Scenarios;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>
/// Rate limits, Retry-After and transient failures, on a clock that skips ahead: every wait is honoured in
/// clock time (the server stamps each request with it) and costs no real time.
/// </summary>
public sealed class RateLimitTests
{
    private static readonly DateTimeOffset Start = OctokitRecordedAt;

    [Fact]
    public async Task PrimaryLimitExhausted_403_WaitsUntilTheReset_ThenContinues()
    {
        await using var harness = new IngestHarness(Start);
        await using var server = await ReplayServer.StartAsync(Paginate, harness.Clock);
        var reset = Start.AddMinutes(17);
        // The recorded 403 (x-ratelimit-remaining: 0) predates x-ratelimit-reset on such answers; give it one.
        server.Reply(1, Recordings.PyGithub("SpecificExceptions.testRateLimitExceeded", 1).WithHeader("x-ratelimit-reset", Epoch(reset)));

        var result = await harness.SyncAsync(server, PaginateRepo);

        var requests = server.Requests;
        Assert.Equal((6, 13), (result.Requests, result.IssuesNew));
        Assert.Equal((403, 200), (requests[1].Status, requests[2].Status));
        Assert.Equal(requests[1].PathAndQuery, requests[2].PathAndQuery);
        Assert.InRange(requests[2].At, reset, reset.AddSeconds(2));
    }

    [Fact]
    public async Task PrimaryLimitExhausted_WithoutAResetTime_WaitsAMinute()
    {
        await using var harness = new IngestHarness(Start);
        await using var server = await ReplayServer.StartAsync(Paginate, harness.Clock);
        server.Reply(1, Recordings.PyGithub("SpecificExceptions.testRateLimitExceeded", 1)); // as recorded

        var result = await harness.SyncAsync(server, PaginateRepo);

        var requests = server.Requests;
        Assert.Equal(13, result.IssuesNew);
        Assert.InRange(requests[2].At - requests[1].At, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task TheLastAllowedRequest_HoldsTheNextOneUntilTheReset()
    {
        await using var harness = new IngestHarness(Start);
        await using var server = await ReplayServer.StartAsync(Paginate, harness.Clock);
        var reset = Start.AddMinutes(5);
        server.Reply(0, Paginate[0].WithHeader("x-ratelimit-remaining", "0").WithHeader("x-ratelimit-reset", Epoch(reset)));

        var result = await harness.SyncAsync(server, PaginateRepo);

        var requests = server.Requests;
        Assert.Equal((5, 13), (result.Requests, result.IssuesNew)); // no request was wasted on a 403
        Assert.Equal(Start, requests[0].At);
        Assert.InRange(requests[1].At, reset, reset.AddSeconds(2));
        Assert.Contains(harness.Logs.Entries, e => e.Contains("rate limit reached; waiting", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task SecondaryLimit_RetryAfter_IsWaitedOut(int status)
    {
        await using var harness = new IngestHarness(Start);
        await using var server = await ReplayServer.StartAsync(Paginate, harness.Clock);
        var abuse = Recordings.PyGithub("SpecificExceptions.testAuthenticatedRateLimitExceeded", 1); // 403, Retry-After: 60
        server.Reply(1, abuse with { Status = status });

        var result = await harness.SyncAsync(server, PaginateRepo);

        var requests = server.Requests;
        Assert.Equal((6, 13), (result.Requests, result.IssuesNew));
        Assert.Equal(status, requests[1].Status);
        Assert.InRange(requests[2].At - requests[1].At, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(61));
    }

    [Fact]
    public async Task TransientFailures_AreRetriedWithBackOff_ThenTheCrawlGoesOn()
    {
        await using var harness = new IngestHarness(Start);
        await using var server = await ReplayServer.StartAsync(Paginate, harness.Clock);
        server.Reply(1, Recordings.PyGithub("Retry.testReturnsRepoAfter3Retries", 0));          // 502
        server.Reply(2, Recordings.PyGithub("Exceptions.testNonJsonDataReturnedByGithub", 0)); // 503 with an HTML body
        server.Abort(3);                                                                        // connection reset

        var result = await harness.SyncAsync(server, PaginateRepo);

        var requests = server.Requests;
        Assert.Equal((8, 13, 13L), (result.Requests, result.IssuesNew, result.Dataset.RowCount));
        Assert.Equal([200, 502, 503, 0, 200], requests.Take(5).Select(r => r.Status));
        Assert.All(requests.Skip(1).Take(4), r => Assert.Equal(requests[1].PathAndQuery, r.PathAndQuery));
        for (var retry = 2; retry <= 4; retry++)
        {
            Assert.True(requests[retry].At > requests[retry - 1].At, $"try {retry} waited");
        }
    }

    [Fact]
    public async Task PersistentServerErrors_GiveUpAfterABoundedNumberOfTries()
    {
        await using var harness = new IngestHarness(Start);
        await using var server = await ReplayServer.StartAsync(Paginate, harness.Clock);
        server.ReplyFrom(1, Recordings.PyGithub("Retry.testReturnsRepoAfter3Retries", 0)); // 502 for ever

        var failure = await Assert.ThrowsAsync<RelearnException>(() => harness.SyncAsync(server, PaginateRepo));

        Assert.Equal(7, server.Requests.Count); // page 1, then 6 tries of page 2
        Assert.Equal($"GitHub answered GET {server.ApiUrl}/repositories/1000/issues?per_page=3&page=2 with 502 Bad Gateway 6 times; try again later", failure.Message);
        Assert.Empty(await harness.VersionsAsync(PaginateRepo));
        Assert.Single((await harness.CheckpointAsync(PaginateRepo))!.Pages); // page 1 is kept for the next run
        Assert.True(harness.Clock.Skipped < TimeSpan.FromMinutes(3), $"backed off for {harness.Clock.Skipped}");
    }
}
