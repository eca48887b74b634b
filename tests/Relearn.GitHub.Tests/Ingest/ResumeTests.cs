using System.Text;
using System.Text.Json;
using Relearn.GitHub.Tests.Ingest.Replay;
using Xunit.Abstractions;
using static Relearn.GitHub.Tests.Ingest.Scenarios;

namespace Relearn.GitHub.Tests.Ingest;

/// <summary>
/// The crawl is killed at every point it can be — before each store write (bronze body, bronze metadata,
/// checkpoint blob, checkpoint reference, silver, dataset registration) and at each HTTP request — then
/// resumed; silver must come out byte-identical to an uninterrupted crawl's, with one dataset version.
/// </summary>
public sealed class ResumeTests(ITestOutputHelper output)
{
    public static TheoryData<string> Crawls => ["full crawl of 5 pages", "incremental sync after a full one"];

    public static TheoryData<string, bool> CrawlsAndCrashes => new()
    {
        { "full crawl of 5 pages", false },
        { "full crawl of 5 pages", true },
        { "incremental sync after a full one", false },
        { "incremental sync after a full one", true },
    };

    [Theory]
    [MemberData(nameof(CrawlsAndCrashes))]
    public async Task CrashedBeforeAnyWrite_TheResumeEndsWithByteIdenticalSilver(string crawl, bool resumeCrashesToo)
    {
        await using var server = await ReplayServer.StartAsync(Routes(crawl));
        var baseline = await UninterruptedAsync(server, crawl);

        for (var write = 0; write < baseline.Writes; write++)
        {
            server.Reset();
            await using var harness = await PrepareAsync(server, crawl);
            harness.Faults.Reset(crashBefore: write);
            var crash = await Assert.ThrowsAsync<IOException>(() => SyncAsync(harness, server, crawl));
            if (resumeCrashesToo)
            {
                harness.Faults.Reset(crashBefore: write); // the resume crashes at the same write, if it gets that far
                await Record.ExceptionAsync(() => SyncAsync(harness, server, crawl));
            }
            var inProgress = (await harness.CheckpointAsync(Repo(crawl)))?.Mode is not null;
            harness.Faults.Reset();

            var resumed = await SyncAsync(harness, server, crawl);

            output.WriteLine($"{crash.Message}: resumed with {resumed.Requests} requests");
            await AssertSameSilverAsync(harness, crawl, baseline);
            Assert.Equal(inProgress, resumed.Resumed);
            if (inProgress || !resumeCrashesToo)
            {
                // The same sync, told the same way (only this run's request counts differ).
                Assert.Equal(baseline.Result with { Requests = resumed.Requests, Pages = resumed.Pages, Resumed = inProgress, Elapsed = resumed.Elapsed, Dataset = resumed.Dataset },
                    resumed with { SkippedItems = baseline.Result.SkippedItems });
            }
        }
    }

    [Theory]
    [MemberData(nameof(Crawls))]
    public async Task CancelledAtAnyRequest_TheResumeEndsWithByteIdenticalSilver(string crawl)
    {
        await using var server = await ReplayServer.StartAsync(Routes(crawl));
        var baseline = await UninterruptedAsync(server, crawl);

        for (var request = 0; request < baseline.Requests; request++)
        {
            server.Reset();
            await using var harness = await PrepareAsync(server, crawl);
            using var cancel = new CancellationTokenSource();
            var first = server.Requests.Count;
            server.OnRequest = index => { if (index == first + request) { cancel.Cancel(); } };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SyncAsync(harness, server, crawl, cancel.Token));
            server.OnRequest = null;
            var resumed = await SyncAsync(harness, server, crawl);

            output.WriteLine($"cancelled at request {request}: resumed with {resumed.Requests} requests");
            Assert.True(resumed.Resumed || request == 0, "the checkpoint was picked up");
            await AssertSameSilverAsync(harness, crawl, baseline);
        }
    }

    private sealed record Baseline(byte[] Silver, int Writes, int Requests, int Versions, Relearn.GitHub.Ingest.IssueSyncResult Result);

    private static IEnumerable<Exchange> Routes(string crawl) => crawl.StartsWith("full", StringComparison.Ordinal) ? Paginate : PyGithub;

    private static string Repo(string crawl) => crawl.StartsWith("full", StringComparison.Ordinal) ? PaginateRepo : PyGithubRepo;

    private static Task<Relearn.GitHub.Ingest.IssueSyncResult> SyncAsync(IngestHarness harness, ReplayServer server, string crawl, CancellationToken cancellationToken = default) =>
        harness.SyncAsync(server, Repo(crawl), cancellationToken: cancellationToken);

    // A fresh store; for the incremental case, with the full sync already done.
    private static async Task<IngestHarness> PrepareAsync(ReplayServer server, string crawl)
    {
        var harness = new IngestHarness(crawl.StartsWith("full", StringComparison.Ordinal) ? OctokitRecordedAt : PyGithubRecordedAt);
        if (!crawl.StartsWith("full", StringComparison.Ordinal))
        {
            await harness.SyncAsync(server, Repo(crawl));
        }
        return harness;
    }

    private static async Task<Baseline> UninterruptedAsync(ReplayServer server, string crawl)
    {
        await using var harness = await PrepareAsync(server, crawl);
        server.Reset();
        harness.Faults.Reset();
        var result = await SyncAsync(harness, server, crawl);
        var baseline = new Baseline((await harness.SilverAsync(Repo(crawl)))!, harness.Faults.Writes, server.Requests.Count, (await harness.VersionsAsync(Repo(crawl))).Count, result);
        Assert.True(baseline.Writes >= baseline.Requests * 4 + 4, $"{baseline.Writes} writes for {baseline.Requests} requests");
        return baseline;
    }

    private static async Task AssertSameSilverAsync(IngestHarness harness, string crawl, Baseline baseline)
    {
        var silver = await harness.SilverAsync(Repo(crawl));
        Assert.Equal(Encoding.UTF8.GetString(baseline.Silver), Encoding.UTF8.GetString(silver!));
        var numbers = Encoding.UTF8.GetString(silver!).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("number").GetInt64()).ToList();
        Assert.Equal(numbers.Distinct().Count(), numbers.Count);
        Assert.Equal(baseline.Versions, (await harness.VersionsAsync(Repo(crawl))).Count);
        Assert.Null((await harness.CheckpointAsync(Repo(crawl)))!.Mode);
    }
}
