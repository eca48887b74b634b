using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Quality;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Registry;

namespace Relearn.Tests.Server;

/// <summary>
/// The quality routes of issue 13 on a real server: a version's ML Test Score, its recorded check report, manual
/// records, and the <c>min_test_score</c> guard on promotion — with the JSON contract the CLI prints.
/// </summary>
public sealed class QualityApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private ModelRegistry Registry => server.Services.GetRequiredService<ModelRegistry>();
    private ModelQuality Quality => server.Services.GetRequiredService<ModelQuality>();

    [Fact]
    public async Task TestScore_Is28TestsInFourSections_StatusAsAWord_ScoreTheLeastSectionTotal_Issue13()
    {
        var version = await Registry.ResolveAsync(ModelReference.Parse("sentiment:1"));

        using var response = await server.Client.GetAsync("/api/v1/models/sentiment/versions/1/test-score");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["model", "version", "score", "sections", "tests"], body.Select(p => p.Key));
        Assert.Equal(("sentiment", 1), ((string)body["model"]!, (int)body["version"]!));
        var sections = body["sections"]!.AsObject();
        Assert.Equal(["data", "model", "infrastructure", "monitoring"], sections.Select(s => s.Key));
        Assert.Equal(sections.Min(s => (double)s.Value!), (double)body["score"]!);
        var tests = body["tests"]!.AsArray();
        Assert.Equal(28, tests.Count);
        Assert.All(tests, t => Assert.Contains((string?)t!["status"], new[] { "automated", "manual", "missing" }));
        Assert.All(tests, t => Assert.False(string.IsNullOrEmpty((string?)t!["evidence"])));
        Assert.Equal(7, tests.Count(t => (string?)t!["section"] == "monitoring"));
        var computed = await Quality.ScoreAsync(version);
        Assert.Equal(computed.Score, (double)body["score"]!);
        Assert.Equal(computed.Tests.Select(t => (t.Id, t.Status.ToString().ToLowerInvariant())), tests.Select(t => ((string)t!["id"]!, (string)t["status"]!)));
    }

    [Fact]
    public async Task Checks_ServeTheRecordedReport_WithPassRate_AndTheCheckAutomatesInfra2_Issue13()
    {
        await Registry.RegisterAsync("api-quality-checks", server.YelpRun.RunId);
        using var before = await server.Client.GetAsync("/api/v1/models/api-quality-checks/versions/1/checks");
        var scoreBefore = await ScoreAsync("api-quality-checks", 1);

        var recorded = await Quality.CheckAsync(await Registry.ResolveAsync(ModelReference.Parse("api-quality-checks:1")), CheckThresholds.Read(_ => null),
            new NonFunctionalThresholds());

        await AssertProblem(before, HttpStatusCode.NotFound, "version 1 of 'api-quality-checks' has no recorded check; run relearn models check api-quality-checks:1");
        var body = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/models/api-quality-checks/versions/1/checks"))!;
        Assert.Equal(("api-quality-checks", 1), ((string)body["model"]!, (int)body["version"]!));
        var tests = body["tests"]!.AsArray();
        Assert.Equal(recorded.Tests.Select(t => (t.Name, t.Kind, t.Cases, t.Failures, t.PassRate)),
            tests.Select(t => ((string)t!["name"]!, (string)t["kind"]!, (int)t["cases"]!, (int)t["failures"]!, (double)t["pass_rate"]!)));
        Assert.All(tests, t => Assert.Null(t!["passRate"]));
        Assert.Equal(["DIR", "INV", "MFT", "NFR"], tests.Select(t => (string)t!["kind"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(tests, t => Assert.IsType<JsonArray>(t!["examples"]));
        Assert.Equal("missing", Status(scoreBefore, "infra-2"));
        Assert.Equal("automated", Status(await ScoreAsync("api-quality-checks", 1), "infra-2"));
    }

    [Fact]
    public async Task ManualRecord_CountsHalfAPointForEveryVersion_AndNamesWhoAndWhy_Issue13()
    {
        await Registry.RegisterAsync("api-quality-manual", server.YelpRun.RunId);
        await Registry.RegisterAsync("api-quality-manual", server.AmazonRun.RunId);
        var before = await ScoreAsync("api-quality-manual", 2);

        var recorded = await PostAsync("/api/v1/models/api-quality-manual/test-score/manual", """{"tests": ["data-5", "model-1", "data-5"], "note": "privacy review, PR #12"}""");

        Assert.Equal("api-quality-manual", (string?)recorded["model"]);
        Assert.Equal(["data-5", "model-1"], recorded["tests"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("api:local", (string?)recorded["by"]);
        foreach (var version in new[] { 1, 2 })
        {
            var score = await ScoreAsync("api-quality-manual", version);
            var data5 = Test(score, "data-5");
            Assert.Equal("manual", (string?)data5["status"]);
            Assert.Contains("recorded by api:local", (string?)data5["evidence"], StringComparison.Ordinal);
            Assert.EndsWith("privacy review, PR #12", (string?)data5["evidence"], StringComparison.Ordinal);
            Assert.Equal("manual", Status(score, "model-1"));
        }
        var after = await ScoreAsync("api-quality-manual", 2);
        Assert.Equal((double)before["sections"]!["data"]! + 0.5, (double)after["sections"]!["data"]!);
        Assert.Equal((double)before["sections"]!["model"]! + 0.5, (double)after["sections"]!["model"]!);
    }

    [Fact]
    public async Task Promote_WithMinTestScoreAboveTheScore_Is409NamingTheMissingTests_AtTheScoreItMoves_Issue13()
    {
        await Registry.RegisterAsync("api-quality-gate", server.YelpRun.RunId);
        await Registry.RegisterAsync("api-quality-gate", server.AmazonRun.RunId);
        var score = (double)(await ScoreAsync("api-quality-gate", 1))["score"]!;
        var store = server.Services.GetRequiredService<IModelRegistryStore>();
        var above = (score + 0.5).ToString(CultureInfo.InvariantCulture);

        using var refused = await PostRawAsync("/api/v1/models/api-quality-gate/promote", $$"""{"version": 1, "min_test_score": {{above}}}""");
        var aliasAfterRefusal = await store.GetAliasAsync("api-quality-gate", "production");
        var allowed = await PostAsync("/api/v1/models/api-quality-gate/promote", $$"""{"version": 1, "min_test_score": {{score.ToString(CultureInfo.InvariantCulture)}}}""");
        var forced = await PostAsync("/api/v1/models/api-quality-gate/promote", """{"version": 2, "min_test_score": 7, "force": true}""");

        var problem = await AssertProblem(refused, HttpStatusCode.Conflict,
            string.Create(CultureInfo.InvariantCulture, $"refused: version 1 has ML Test Score {score:0.#} < min_test_score {score + 0.5:0.#} (sections: data "));
        Assert.Matches(@"; missing: (data|model|infra|monitor)-\d", (string)problem["detail"]!);
        Assert.EndsWith("send \"force\": true to promote it anyway", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Null(aliasAfterRefusal);
        Assert.True((bool)allowed["promoted"]!);
        Assert.True((bool)forced["promoted"]!);
        Assert.Equal(2, await store.GetAliasAsync("api-quality-gate", "production"));
    }

    public static TheoryData<string, string, string?, HttpStatusCode, string> BadPosts => new()
    {
        { "/api/v1/models/sentiment/test-score/manual", """{"tests": ["data-5", "data-99", "speed"], "note": "x"}""", "application/json", HttpStatusCode.BadRequest, "unknown test id(s): data-99, speed" },
        { "/api/v1/models/sentiment/test-score/manual", """{"tests": ["data-5"]}""", "application/json", HttpStatusCode.BadRequest, "note is required" },
        { "/api/v1/models/sentiment/test-score/manual", """{"tests": ["data-5"], "note": ""}""", "application/json", HttpStatusCode.BadRequest, "note is required" },
        { "/api/v1/models/sentiment/test-score/manual", """{"tests": [], "note": "x"}""", "application/json", HttpStatusCode.BadRequest, "at least one test id" },
        { "/api/v1/models/sentiment/test-score/manual", """{"tests": "data-5", "note": "x"}""", "application/json", HttpStatusCode.BadRequest, "the body must be {\"tests\"" },
        { "/api/v1/models/sentiment/test-score/manual", """{"tests": [5], "note": "x"}""", "application/json", HttpStatusCode.BadRequest, "the body must be {\"tests\"" },
        { "/api/v1/models/sentiment/test-score/manual", """{"tests": [""", "application/json", HttpStatusCode.BadRequest, "not valid JSON" },
        { "/api/v1/models/sentiment/test-score/manual", "tests=data-5", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "application/json" },
        { "/api/v1/models/ghost/test-score/manual", """{"tests": ["data-5"], "note": "x"}""", "application/json", HttpStatusCode.NotFound, "model 'ghost' does not exist" },
        { "/api/v1/models/sentiment/promote", """{"version": 1, "min_test_score": "3"}""", "application/json", HttpStatusCode.BadRequest, "min_test_score must be a number from 0 to 7" },
        { "/api/v1/models/sentiment/promote", """{"version": 1, "min_test_score": -1}""", "application/json", HttpStatusCode.BadRequest, "min_test_score must be a number from 0 to 7" },
        { "/api/v1/models/sentiment/promote", """{"version": 1, "min_test_score": 7.5}""", "application/json", HttpStatusCode.BadRequest, "got 7.5" },
        { "/api/v1/models/sentiment/promote", """{"version": 99, "min_test_score": 1}""", "application/json", HttpStatusCode.NotFound, "model 'sentiment' has no version 99" },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task BadManualRecordOrMinTestScore_IsA4xxProblem_AndRecordsNothing_Issue13(string path, string body, string? contentType, HttpStatusCode status, string detail)
    {
        var manualBefore = await Quality.Records.ManualAsync("sentiment");
        var aliasesBefore = await server.Services.GetRequiredService<IModelRegistryStore>().GetAliasHistoryAsync("sentiment");

        using var response = await PostRawAsync(path, body, contentType);

        await AssertProblem(response, status, detail);
        Assert.Equal(manualBefore.Keys.Order(StringComparer.Ordinal), (await Quality.Records.ManualAsync("sentiment")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(aliasesBefore, await server.Services.GetRequiredService<IModelRegistryStore>().GetAliasHistoryAsync("sentiment"));
    }

    [Theory]
    [InlineData("/api/v1/models/ghost/versions/1/test-score", HttpStatusCode.NotFound, "model 'ghost' does not exist")]
    [InlineData("/api/v1/models/sentiment/versions/99/test-score", HttpStatusCode.NotFound, "model 'sentiment' has no version 99")]
    [InlineData("/api/v1/models/ghost/versions/1/checks", HttpStatusCode.NotFound, "model 'ghost' does not exist")]
    [InlineData("/api/v1/models/sentiment/versions/99/checks", HttpStatusCode.NotFound, "model 'sentiment' has no version 99")]
    [InlineData("/api/v1/models/bad%20name/versions/1/test-score", HttpStatusCode.BadRequest, "not a valid model name")]
    [InlineData("/api/v1/models/sentiment/versions/one/test-score", HttpStatusCode.NotFound, "no resource at")]
    public async Task BadRead_IsA4xxProblem_Issue13(string path, HttpStatusCode status, string detail)
    {
        using var response = await server.Client.GetAsync(path);

        await AssertProblem(response, status, detail);
    }

    private async Task<JsonObject> ScoreAsync(string model, int version) =>
        (await server.Client.GetFromJsonAsync<JsonObject>($"/api/v1/models/{model}/versions/{version}/test-score"))!;

    private static JsonObject Test(JsonObject score, string id) => score["tests"]!.AsArray().Single(t => (string?)t!["id"] == id)!.AsObject();

    private static string? Status(JsonObject score, string id) => (string?)Test(score, id)["status"];

    private Task<JsonObject> PostAsync(string path, string json) => server.Client.PostOkAsync(path, json);

    private Task<HttpResponseMessage> PostRawAsync(string path, string body, string? contentType = "application/json") =>
        server.Client.PostRawAsync(path, body, contentType);

    private static Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail) =>
        ApiCalls.AssertProblemAsync(response, status, detail);
}
