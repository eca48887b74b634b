using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;

namespace Relearn.Tests.Server;

/// <summary>The registry endpoints under /api/v1 on a real server: lineage, guarded promotion, rollback, the audit log and bad input.</summary>
public sealed class RegistryApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private ModelRegistry Registry => server.Services.GetRequiredService<ModelRegistry>();

    [Fact]
    public async Task Versions_CarryLineageToRunDatasetAndMetrics_NewestFirst()
    {
        await Registry.RegisterAsync("api-lineage", server.YelpRun.RunId);
        await Registry.RegisterAsync("api-lineage", server.AmazonRun.RunId);
        await Registry.PromoteAsync("api-lineage", 1, "staging");

        var model = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/models/api-lineage/versions"))!;

        Assert.Equal(1, (int)model["aliases"]!["staging"]!);
        var versions = model["versions"]!.AsArray();
        Assert.Equal([2, 1], versions.Select(v => (int)v!["version"]!));
        var first = versions[1]!;
        Assert.Equal(server.YelpRun.RunId, (string?)first["run"]!["run_id"]);
        Assert.Equal("finished", (string?)first["run"]!["status"]);
        Assert.Equal(server.YelpRun.Dataset.Id, (string?)first["dataset"]!["id"]);
        Assert.Equal(server.YelpRun.Dataset.RowCount, (long)first["dataset"]!["rows"]!);
        Assert.Equal(server.YelpRun.Metrics["auc"], (double)first["metrics"]!["auc"]!);
        Assert.Equal(["staging"], first["aliases"]!.AsArray().Select(a => (string)a!));
        Assert.True((bool)first["servable"]!);
    }

    [Fact]
    public async Task Promote_ThenRollback_MoveTheAlias_AndTheAuditLogSaysWhoAndWhy()
    {
        await Registry.RegisterAsync("api-promote", server.YelpRun.RunId);
        await Registry.RegisterAsync("api-promote", server.AmazonRun.RunId);

        var first = await PostAsync("/api/v1/models/api-promote/promote", """{"version": 1}""");
        var second = await PostAsync("/api/v1/models/api-promote/promote", """{"version": 2, "alias": "production", "force": false}""");
        var again = await PostAsync("/api/v1/models/api-promote/promote", """{"version": 2}""");
        var back = await PostAsync("/api/v1/models/api-promote/rollback", """{"alias": "production"}""");

        Assert.True((bool)first["promoted"]!);
        Assert.Contains("first holder", (string?)first["reason"], StringComparison.Ordinal);
        Assert.True((bool)second["promoted"]!);
        Assert.Equal(1, (int)second["previous_version"]!);
        Assert.Equal("auc", (string?)second["metric"]);
        Assert.False((bool)again["promoted"]!);
        Assert.Contains("already version 2", (string?)again["reason"], StringComparison.Ordinal);
        Assert.Equal((2, 1, "rollback"), ((int)back["from_version"]!, (int)back["to_version"]!, (string)back["action"]!));
        Assert.Equal(1, await server.Services.GetRequiredService<IModelRegistryStore>().GetAliasAsync("api-promote", "production"));

        var audit = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/audit?model=api-promote"))!;
        var entries = audit["entries"]!.AsArray();
        Assert.Equal([("rollback", 2, 1), ("promote", 1, 2), ("promote", 0, 1)],
            entries.Select(e => ((string)e!["action"]!, (int?)e["from_version"] ?? 0, (int)e["to_version"]!)));
        Assert.All(entries, e => Assert.Equal("api:local", (string?)e!["actor"]));
        Assert.Null(audit["next_before"]);
    }

    [Fact]
    public async Task Promote_AWorseChallenger_Is409WithTheScores_AndTheAliasStays()
    {
        var weak = await server.TrainWeakAsync();
        await Registry.RegisterAsync("api-guarded", server.YelpRun.RunId);
        await Registry.RegisterAsync("api-guarded", weak.RunId);
        await Registry.PromoteAsync("api-guarded", 1);

        using var response = await PostRawAsync("/api/v1/models/api-guarded/promote", """{"version": 2}""");

        var problem = await AssertProblem(response, HttpStatusCode.Conflict, "refused: version 2 scores auc");
        Assert.DoesNotContain("--force", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.EndsWith("send \"force\": true to promote it anyway", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.True((double)problem["challenger_score"]! < (double)problem["champion_score"]!);
        Assert.Equal(1, (int)problem["champion"]!);
        Assert.Equal(1, await server.Services.GetRequiredService<IModelRegistryStore>().GetAliasAsync("api-guarded", "production"));
        Assert.Single((await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/audit?model=api-guarded"))!["entries"]!.AsArray());
    }

    [Fact]
    public async Task Promote_AVersionRegisteredFromASourceUri_IsRefusedSayingWhy_AndForceMovesTheAliasWithoutEvaluating()
    {
        await PostAsync("/api/2.0/mlflow/registered-models/create", """{"name": "api-external"}""");
        await PostAsync("/api/2.0/mlflow/model-versions/create", """{"name": "api-external", "source": "s3://elsewhere/model/1"}""");
        await PostAsync("/api/2.0/mlflow/model-versions/create", """{"name": "api-external", "source": "s3://elsewhere/model/2"}""");
        var store = server.Services.GetRequiredService<IModelRegistryStore>();

        using var guarded = await PostRawAsync("/api/v1/models/api-external/promote", """{"version": 1}""");

        var problem = await AssertProblem(guarded, HttpStatusCode.Conflict, "version 1 of 'api-external' was registered from a source URI");
        Assert.Contains("relearn cannot load or score it", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.EndsWith("send \"force\": true to move the alias without evaluation", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain("does not know the model task", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Null(await store.GetAliasAsync("api-external", "production"));

        var first = await PostAsync("/api/v1/models/api-external/promote", """{"version": 1, "force": true}""");
        var second = await PostAsync("/api/v1/models/api-external/promote", """{"version": 2, "force": true}""");

        Assert.True((bool)first["promoted"]!);
        Assert.True((bool)second["promoted"]!);
        Assert.Equal(1, (int)second["previous_version"]!);
        Assert.Null(second["metric"]);
        Assert.Contains("without evaluation", (string?)second["reason"], StringComparison.Ordinal);
        Assert.Equal(2, await store.GetAliasAsync("api-external", "production"));
        using var stillGuarded = await PostRawAsync("/api/v1/models/api-external/promote", """{"version": 1}""");
        await AssertProblem(stillGuarded, HttpStatusCode.Conflict, "registered from a source URI");
    }

    [Fact]
    public async Task Versions_WithNaNOrInfiniteMetrics_AreListed_WithMlflowsNamedLiterals()
    {
        var tracking = server.Services.GetRequiredService<ITrackingStore>();
        var yelp = (await tracking.GetRunAsync(server.YelpRun.RunId))!;
        var run = await tracking.CreateRunAsync(yelp.Info.ExperimentId, "infinite-loss");
        await tracking.LogMetricsAsync(run.RunId, [new("auc", 0.75, 0, DateTimeOffset.UnixEpoch), new("loss", double.PositiveInfinity, 0, DateTimeOffset.UnixEpoch),
            new("margin", double.NegativeInfinity, 0, DateTimeOffset.UnixEpoch)]);
        await tracking.SetTagsAsync(run.RunId, new Dictionary<string, string> { ["relearn.task"] = yelp.Tags["relearn.task"] });
        await tracking.AddArtifactAsync(run.RunId, ModelRegistry.ModelArtifact, new(yelp.Artifacts.Single(a => a.Path == ModelRegistry.ModelArtifact).Digest, 1));
        await tracking.EndRunAsync(run.RunId, RunStatus.Finished);
        await Registry.RegisterAsync("api-nan", run.RunId);
        var store = server.Services.GetRequiredService<IModelRegistryStore>();
        // NaN cannot reach a run metric on SQLite (it stores NaN as NULL), but a store or client may hand one to the registry.
        await store.CreateVersionAsync("api-nan", yelp.Tags["relearn.task"], run.RunId, "", null, new Dictionary<string, double> { ["auc"] = double.NaN });

        using var response = await server.Client.GetAsync("/api/v1/models/api-nan/versions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var versions = (await response.Content.ReadFromJsonAsync<JsonObject>())!["versions"]!.AsArray();
        Assert.Equal("NaN", (string?)versions[0]!["metrics"]!["auc"]);
        Assert.Equal(0.75, (double)versions[1]!["metrics"]!["auc"]!);
        Assert.Equal("Infinity", (string?)versions[1]!["metrics"]!["loss"]);
        Assert.Equal("-Infinity", (string?)versions[1]!["metrics"]!["margin"]);
        Assert.Equal(double.PositiveInfinity, (await store.GetVersionAsync("api-nan", 1))!.Metrics["loss"]);
    }

    [Fact]
    public async Task AliasMoves_ThroughTheApi_AreAuditedAsApi_NotAsTheCliOrMlflowRoute()
    {
        await Registry.RegisterAsync("api-actor", server.YelpRun.RunId);
        await Registry.RegisterAsync("api-actor", server.AmazonRun.RunId);

        await PostAsync("/api/v1/models/api-actor/promote", """{"version": 1, "alias": "staging"}""");
        await PostAsync("/api/v1/models/api-actor/promote", """{"version": 2, "alias": "staging", "force": true}""");
        await PostAsync("/api/v1/models/api-actor/rollback", """{"alias": "staging"}""");
        await PostAsync("/api/2.0/mlflow/registered-models/alias", """{"name": "api-actor", "alias": "champion", "version": "2"}""");

        var entries = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/audit?model=api-actor"))!["entries"]!.AsArray();
        Assert.Equal([("set-alias", "mlflow-api"), ("rollback", "api:local"), ("promote", "api:local"), ("promote", "api:local")],
            entries.Select(e => ((string)e!["action"]!, (string)e["actor"]!)));
    }

    [Fact]
    public async Task Audit_PagesNewestFirst_WithNextBefore()
    {
        await Registry.RegisterAsync("api-audit", server.YelpRun.RunId);
        await Registry.RegisterAsync("api-audit", server.AmazonRun.RunId);
        await Registry.PromoteAsync("api-audit", 1, "a");
        await Registry.PromoteAsync("api-audit", 2, "b");
        await Registry.PromoteAsync("api-audit", 1, "c");

        var first = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/audit?model=api-audit&limit=2"))!;
        var rest = (await server.Client.GetFromJsonAsync<JsonObject>($"/api/v1/audit?model=api-audit&limit=2&before={(long)first["next_before"]!}"))!;

        Assert.Equal(["c", "b"], first["entries"]!.AsArray().Select(e => (string)e!["alias"]!));
        Assert.Equal(["a"], rest["entries"]!.AsArray().Select(e => (string)e!["alias"]!));
        Assert.Null(rest["next_before"]);
    }

    public static TheoryData<string, string, string?, HttpStatusCode, string> BadPosts => new()
    {
        { "/api/v1/models/ghost/promote", """{"version": 1}""", "application/json", HttpStatusCode.NotFound, "model 'ghost' does not exist" },
        { "/api/v1/models/sentiment/promote", """{"version": 99}""", "application/json", HttpStatusCode.NotFound, "no version 99" },
        { "/api/v1/models/sentiment/promote", """{}""", "application/json", HttpStatusCode.BadRequest, "version is required" },
        { "/api/v1/models/sentiment/promote", """{"version": "2"}""", "application/json", HttpStatusCode.BadRequest, "version must be a positive whole number" },
        { "/api/v1/models/sentiment/promote", """{"version": 0}""", "application/json", HttpStatusCode.BadRequest, "version must be a positive whole number" },
        { "/api/v1/models/sentiment/promote", """{"version": 1.5}""", "application/json", HttpStatusCode.BadRequest, "version must be a positive whole number" },
        { "/api/v1/models/sentiment/promote", """{"version": 1, "force": "yes"}""", "application/json", HttpStatusCode.BadRequest, "force must be true or false" },
        { "/api/v1/models/sentiment/promote", """{"version": 1, "alias": "no good"}""", "application/json", HttpStatusCode.BadRequest, "not a valid alias" },
        { "/api/v1/models/sentiment/promote", """{"version": 1, "alias": 7}""", "application/json", HttpStatusCode.BadRequest, "alias must be a string" },
        { "/api/v1/models/sentiment/promote", """[1]""", "application/json", HttpStatusCode.BadRequest, "JSON object" },
        { "/api/v1/models/sentiment/promote", """{"version": """, "application/json", HttpStatusCode.BadRequest, "not valid JSON" },
        { "/api/v1/models/sentiment/promote", "", "application/json", HttpStatusCode.BadRequest, "body is empty" },
        { "/api/v1/models/sentiment/promote", "version=1", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, "application/json" },
        { "/api/v1/models/bad%20name/promote", """{"version": 1}""", "application/json", HttpStatusCode.BadRequest, "not a valid model name" },
        { "/api/v1/models/ghost/rollback", """{}""", "application/json", HttpStatusCode.NotFound, "model 'ghost' does not exist" },
        { "/api/v1/models/sentiment/rollback", """{"alias": "production"}""", "application/json", HttpStatusCode.Conflict, "no previous version to roll back to" },
        { "/api/v1/models/sentiment/rollback", """{"alias": ["production"]}""", "application/json", HttpStatusCode.BadRequest, "alias must be a string" },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task BadPromoteOrRollback_IsA4xxProblem_AndMovesNothing(string path, string body, string? contentType, HttpStatusCode status, string detail)
    {
        var before = await server.Services.GetRequiredService<IModelRegistryStore>().GetAliasHistoryAsync("sentiment");

        using var response = await PostRawAsync(path, body, contentType);

        await AssertProblem(response, status, detail);
        Assert.Equal(before, await server.Services.GetRequiredService<IModelRegistryStore>().GetAliasHistoryAsync("sentiment"));
    }

    [Theory]
    [InlineData("/api/v1/models/ghost/versions", HttpStatusCode.NotFound, "model 'ghost' does not exist")]
    [InlineData("/api/v1/models/bad%20name/versions", HttpStatusCode.BadRequest, "not a valid model name")]
    [InlineData("/api/v1/audit?limit=0", HttpStatusCode.BadRequest, "limit must be a whole number from 1 to 500")]
    [InlineData("/api/v1/audit?limit=many", HttpStatusCode.BadRequest, "limit must be a whole number")]
    [InlineData("/api/v1/audit?before=-3", HttpStatusCode.BadRequest, "before must be an audit entry id")]
    [InlineData("/api/v1/audit?model=bad%20name", HttpStatusCode.BadRequest, "not a valid model name")]
    public async Task BadRead_IsA4xxProblem(string path, HttpStatusCode status, string detail)
    {
        using var response = await server.Client.GetAsync(path);

        await AssertProblem(response, status, detail);
    }

    private Task<JsonObject> PostAsync(string path, string json) => server.Client.PostOkAsync(path, json);

    private Task<HttpResponseMessage> PostRawAsync(string path, string body, string? contentType = "application/json") =>
        server.Client.PostRawAsync(path, body, contentType);

    private static Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail) =>
        ApiCalls.AssertProblemAsync(response, status, detail);
}
