using Relearn.GitHub.Tests.Ingest;
using Relearn.GitHub.Tests.Ingest.Pulls;
using Relearn.GitHub.Tests.Ingest.Replay;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary><c>relearn ingest github issues</c> as a real process against the replayed GitHub API.</summary>
public sealed class IngestCliTests
{
    private static string[] Ingest(ReplayServer server, params string[] extra) =>
        ["ingest", "github", "issues", "--repo", Scenarios.PaginateRepo, "--api-url", server.ApiUrl, "--token-env", "RELEARN_TEST_UNSET_TOKEN", .. extra];

    [Fact]
    public async Task Ingest_KilledMidCrawl_ResumesToTheSameSilver()
    {
        await using var server = await ReplayServer.StartAsync(Scenarios.Paginate);
        using var clean = new TempHome();
        using var killed = new TempHome();
        var uninterrupted = await RunAsync(clean.Path, Ingest(server, "--format", "json"));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);

        // Hold each answer back so the kill lands mid-crawl: when page 4 is asked for, pages 1-3 are checkpointed.
        server.Reset();
        server.Delay = TimeSpan.FromMilliseconds(300);
        var fourthRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.OnRequest = index =>
        {
            if (index == 3)
            {
                fourthRequest.TrySetResult();
            }
        };
        using (var process = Start(killed.Path, Ingest(server, "--format", "json")))
        {
            await fourthRequest.Task.WaitAsync(TimeSpan.FromMinutes(1));
            process.Kill(); // SIGKILL: no cleanup of any kind
            await process.WaitForExitAsync();
            Assert.NotEqual(0, process.ExitCode);
        }
        server.Reset();
        var resumed = await RunAsync(killed.Path, Ingest(server, "--format", "json"));

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.True((bool?)resumed.Json["resumed"]);
        Assert.Equal(2, (int?)resumed.Json["requests"]); // pages 4 and 5 only
        var digest = (string)uninterrupted.Json["dataset"]!["digest"]!;
        Assert.Equal(digest, (string?)resumed.Json["dataset"]!["digest"]);
        Assert.Equal((1, 13), ((int?)resumed.Json["dataset"]!["version"], (int?)resumed.Json["dataset"]!["row_count"]));
        Assert.Equal(File.ReadAllBytes(Blob(clean, digest)), File.ReadAllBytes(Blob(killed, digest)));
    }

    [Fact]
    public async Task Ingest_PrintsATable_AndAnErrorIsOneLine()
    {
        await using var server = await ReplayServer.StartAsync(Scenarios.Paginate);
        using var home = new TempHome();

        var table = await RunAsync(home.Path, Ingest(server));
        server.Reset();
        server.Reply(0, Recordings.PyGithub("Exceptions.testBadAuthentication", 0));
        var rejected = await RunAsync(home.Path, Ingest(server));

        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("github/octokit-fixture-org/paginate-issues/issues:1", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("13 new and 0 updated issues", table.Stdout, StringComparison.Ordinal);
        AssertFailed(rejected, "GitHub rejected the token (401 Bad credentials)");
    }

    [Fact]
    public async Task IngestPulls_RegistersTheTables_AndWritesTheHunksInCodeReviewerFormat_Issue11()
    {
        await using var server = await ReplayServer.StartAsync(PullScenarios.All);
        using var home = new TempHome();
        var hunks = System.IO.Path.Combine(home.Path, "hunks.jsonl");
        string[] pulls = ["ingest", "github", "pulls", "--repo", PullScenarios.Repo, "--api-url", server.ApiUrl, "--token-env", "RELEARN_TEST_UNSET_TOKEN"];

        var json = await RunAsync(home.Path, [.. pulls, "--output", hunks, "--format", "json"]);
        var table = await RunAsync(home.Path, pulls);
        var badLimit = await RunAsync(home.Path, [.. pulls, "--limit", "0"]);

        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Equal(("github/pygithub/pygithub/review-hunks", 51), ((string?)json.Json["hunks"]!["name"], (int?)json.Json["hunks"]!["row_count"]));
        Assert.Equal((2, 2), ((int?)json.Json["alignment"]!["aligned"], (int?)json.Json["alignment"]!["positive"]));
        var lines = File.ReadAllLines(hunks);
        Assert.Equal(51, lines.Length);
        Assert.Equal(2, lines.Count(l => l.Contains("\"y\":1", StringComparison.Ordinal)));
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("no pull request changed since the last sync", table.Stdout, StringComparison.Ordinal);
        AssertFailed(badLimit, "--limit must be at least 1");
    }

    private static string Blob(TempHome home, string digest) => Path.Combine(home.Path, "artifacts", "objects", digest[..2], digest[2..]);
}
