using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Relearn.Core.Hosting;
using Relearn.Server;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>The issue-close reference pipeline as shipped, run by the real <c>relearn</c> process: what it records for quality.</summary>
public sealed class QualityPipelineTests
{
    [Fact]
    public async Task IssueClosePipeline_RecordsChecksNfrAndScore_ForTheVersionItRegisters_AndServesThem_Issue13()
    {
        using var home = new TempHome();

        var run = await RunAsync(home.Path, "pipeline", "run", "issue-close", "--param", "trials=2", "--format", "json");
        var quality = await RunAsync(home.Path, "runs", "list", "--experiment", "relearn-quality", "--format", "json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var stages = run.Json["stages"]!.AsArray().ToDictionary(s => (string)s!["stage"]!, s => s!);
        Assert.Equal("issue-close:1", (string?)stages["register"]["outputs"]!["version"]!["value"]);
        Assert.Equal("succeeded", (string?)stages["check"]["state"]);
        Assert.Equal("succeeded", (string?)stages["score"]["state"]);
        var recordedScore = (double)stages["score"]["metrics"]!["test_score"]!;
        Assert.True(recordedScore >= 2, $"issue-close promotes with min_test_score 2; it scored {recordedScore}");
        Assert.Equal("true", (string?)stages["promote"]["outputs"]!["promoted"]!["value"]);
        Assert.Equal(1.0, (double)stages["check"]["metrics"]!["min_pass_rate_leak"]!);
        Assert.True(quality.ExitCode == 0, quality.Stderr);
        Assert.Equal(["check issue-close:1", "nfr issue-close:1", "score issue-close:1"],
            quality.Json.AsArray().Select(r => (string)r!["name"]!).Order(StringComparer.Ordinal));

        var app = RelearnServer.Build(RelearnLocation.Resolve(home.Path), "http://127.0.0.1:0",
            configure: builder => builder.Configuration["Logging:LogLevel:Default"] = "Warning");
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            var checks = (await client.GetFromJsonAsync<JsonObject>("/api/v1/models/issue-close/versions/1/checks"))!["tests"]!.AsArray();
            var score = (await client.GetFromJsonAsync<JsonObject>("/api/v1/models/issue-close/versions/1/test-score"))!;

            var leak = Assert.Single(checks, t => (string?)t!["kind"] == "LEAK")!;
            Assert.Equal((1.0, 0), ((double)leak["pass_rate"]!, (int)leak["failures"]!));
            Assert.True((int)leak["cases"]! > 0);
            Assert.Contains(checks, t => (string?)t!["kind"] == "DIR");
            Assert.Contains(checks, t => (string?)t!["kind"] == "NFR");
            Assert.DoesNotContain(checks, t => (string?)t!["kind"] is "MFT" or "INV");
            var status = score["tests"]!.AsArray().ToDictionary(t => (string)t!["id"]!, t => (string)t!["status"]!);
            // Evidence only this pipeline run leaves: the LEAK check, the NFR figures, and the run that checked and scored the version.
            Assert.Equal(("automated", "automated", "automated"), (status["data-4"], status["data-3"], status["infra-3"]));
            Assert.True((double)score["score"]! >= recordedScore);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
