using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Registry;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// <c>relearn models check|score|promote --min-test-score</c> as real processes over the home a real server runs on: what
/// the CLI records the server serves, with the same JSON contract.
/// </summary>
public sealed class QualityCliTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private ModelRegistry Registry => server.Services.GetRequiredService<ModelRegistry>();

    [Fact]
    public async Task CheckThenScore_AsJson_RecordTheCheck_ThatTheServerServes_AndTheScoreCounts_Issue13()
    {
        await Registry.RegisterAsync("cli-quality", server.YelpRun.RunId);

        var check = await RunAsync(server.Home, "models", "check", "cli-quality:1", "--format", "json");
        var score = await RunAsync(server.Home, "models", "score", "cli-quality", "--format", "json");

        var tests = check.Json["tests"]!.AsArray();
        Assert.Equal(tests.All(t => (bool)t!["passed"]!) ? 0 : 1, check.ExitCode);
        Assert.Equal(("cli-quality", 1), ((string)check.Json["model"]!, (int)check.Json["version"]!));
        Assert.Equal(["DIR", "INV", "MFT", "NFR"], tests.Select(t => (string)t!["kind"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(tests, t => Assert.InRange((double)t!["pass_rate"]!, 0, 1));
        var served = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/models/cli-quality/versions/1/checks"))!;
        Assert.Equal(tests.Select(Contract), served["tests"]!.AsArray().Select(Contract));

        Assert.True(score.ExitCode == 0, score.Stderr);
        Assert.Equal(["model", "version", "score", "sections", "tests"], score.Json.AsObject().Select(p => p.Key));
        var sections = score.Json["sections"]!.AsObject();
        Assert.Equal(["data", "model", "infrastructure", "monitoring"], sections.Select(s => s.Key));
        Assert.Equal(sections.Min(s => (double)s.Value!), (double)score.Json["score"]!);
        Assert.Equal(28, score.Json["tests"]!.AsArray().Count);
        Assert.Equal("automated", (string?)score.Json["tests"]!.AsArray().Single(t => (string?)t!["id"] == "infra-2")!["status"]);
        var servedScore = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/models/cli-quality/versions/1/test-score"))!;
        Assert.Equal(score.Json["tests"]!.AsArray().Select(t => ((string)t!["id"]!, (string)t["status"]!)),
            servedScore["tests"]!.AsArray().Select(t => ((string)t!["id"]!, (string)t["status"]!)));
    }

    [Fact]
    public async Task Promote_UnderMinTestScore_IsRefusedInOneLine_AndAtTheScoreItMoves_Issue13()
    {
        await Registry.RegisterAsync("cli-quality-gate", server.YelpRun.RunId);
        var score = (double)(await RunAsync(server.Home, "models", "score", "cli-quality-gate:1", "--format", "json")).Json["score"]!;

        var refused = await RunAsync(server.Home, "models", "promote", "cli-quality-gate:1", "--min-test-score", "7");
        var aliasAfterRefusal = await server.Services.GetRequiredService<IModelRegistryStore>().GetAliasAsync("cli-quality-gate", "production");
        var promoted = await RunAsync(server.Home, "models", "promote", "cli-quality-gate:1", "--min-test-score", score.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(score < 7, $"a fresh registration should not reach 7: {score}");
        AssertFailed(refused, "refused: version 1 has ML Test Score");
        Assert.Contains("< min_test_score 7", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("; missing: ", refused.Stderr, StringComparison.Ordinal);
        Assert.Null(aliasAfterRefusal);
        Assert.True(promoted.ExitCode == 0, promoted.Stderr);
        Assert.Equal(1, await server.Services.GetRequiredService<IModelRegistryStore>().GetAliasAsync("cli-quality-gate", "production"));
    }

    [Theory]
    [InlineData("unknown test id(s): data-99, speed", "models", "score", "sentiment", "--manual", "data-5,data-99", "--manual", "speed", "--note", "x")]
    [InlineData("--manual needs --note", "models", "score", "sentiment", "--manual", "data-5")]
    [InlineData("model 'ghost' does not exist", "models", "score", "ghost")]
    [InlineData("model 'sentiment' has no version 99", "models", "check", "sentiment:99")]
    [InlineData("min_pass_rate '2' is not a pass rate between 0 and 1", "models", "check", "sentiment:1", "--min-pass-rate", "2")]
    public async Task BadInput_IsOneLineAndANonZeroExit_AndRecordsNothing_Issue13(string reason, params string[] args)
    {
        var quality = server.Services.GetRequiredService<Relearn.Core.Quality.ModelQuality>();
        var manualBefore = (await quality.Records.ManualAsync("sentiment")).Count;

        var result = await RunAsync(server.Home, args);

        AssertFailed(result, reason);
        Assert.Equal(manualBefore, (await quality.Records.ManualAsync("sentiment")).Count);
    }

    [Fact]
    public async Task Check_MissingAGate_ExitsOne_NamingTheTest_Issue13()
    {
        var result = await RunAsync(server.Home, "models", "check", "sentiment:1", "--max-p99-ms", "0.0001", "--format", "json");

        AssertFailed(result, "sentiment:1 fails ");
        Assert.Contains("p99", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Json["tests"]!.AsArray(), t => (string?)t!["kind"] == "NFR" && !(bool)t["passed"]!);
    }

    /// <summary>The fields issue 13 names for a check test, as a comparable string.</summary>
    private static string Contract(JsonNode? test) =>
        string.Join('|', new[] { "name", "kind", "cases", "failures", "pass_rate", "passed" }.Select(k => test![k]!.ToJsonString()))
        + "|" + test!["examples"]!.AsArray().Count;
}
