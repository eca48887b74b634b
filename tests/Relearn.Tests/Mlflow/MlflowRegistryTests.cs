using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Registry;

namespace Relearn.Tests.Mlflow;

[Collection(MlflowCollection.Name)]
public sealed class MlflowRegistryTests(ServerFixture server)
{
    [Fact]
    public async Task ModelsVersionsAndAliases_RoundTrip_AndAliasMovesAreAudited()
    {
        var name = $"m-{Guid.NewGuid():N}"[..30];
        var created = await server.OkAsync("registered-models/create", new { name, description = "first" });
        Assert.Equal(name, (string?)created["registered_model"]!["name"]);
        var (dupStatus, dup) = await server.PostAsync("registered-models/create", new { name });
        MlflowApi.AssertError(dupStatus, dup, HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");

        // From a Relearn run: the version carries the run's model digest and can be served.
        var fromRun = await server.OkAsync("model-versions/create", new { name, source = "ignored", run_id = server.AmazonRun.RunId, description = "amazon" });
        Assert.Equal("1", (string?)fromRun["model_version"]!["version"]);
        var store = server.Services.GetRequiredService<IModelRegistryStore>();
        var v1 = (await store.GetVersionAsync(name, 1))!;
        var run = await server.Services.GetRequiredService<Relearn.Core.Tracking.ITrackingStore>().GetRunAsync(server.AmazonRun.RunId);
        Assert.Equal(run!.Artifacts.Single(a => a.Path == ModelRegistry.ModelArtifact).Digest, v1.ModelDigest);
        Assert.True(v1.IsServable);
        Assert.Equal("amazon", v1.Description);

        await server.SendAsync(HttpMethod.Patch, "registered-models/update", new { name, description = "second" });
        var (_, got) = await server.GetAsync($"registered-models/get?name={name}");
        Assert.Equal("second", (string?)got["registered_model"]!["description"]);
        Assert.Equal("1", (string?)got["registered_model"]!["latest_versions"]![0]!["version"]);

        await server.OkAsync("registered-models/alias", new { name, alias = "champion", version = "1" });
        var (aliasStatus, byAlias) = await server.GetAsync($"registered-models/alias?name={name}&alias=champion");
        Assert.Equal(HttpStatusCode.OK, aliasStatus);
        Assert.Equal("1", (string?)byAlias["model_version"]!["version"]);
        Assert.Equal("champion", (string?)byAlias["model_version"]!["aliases"]![0]);

        var (_, search) = await server.GetAsync($"model-versions/search?filter={Uri.EscapeDataString($"name = '{name}'")}");
        Assert.Single(search["model_versions"]!.AsArray());
        var (_, byRun) = await server.PostAsync("model-versions/search", new { filter = $"run_id = '{server.AmazonRun.RunId}'" });
        Assert.Contains(byRun["model_versions"]!.AsArray(), v => (string?)v!["name"] == name);
        var (_, models) = await server.PostAsync("registered-models/search", new { filter = $"name LIKE '{name[..10]}%'" });
        Assert.Contains(models["registered_models"]!.AsArray(), m => (string?)m!["name"] == name);

        var (deleteStatus, _) = await server.SendAsync(HttpMethod.Delete, "registered-models/alias", new { name, alias = "champion" });
        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        var (goneStatus, gone) = await server.GetAsync($"registered-models/alias?name={name}&alias=champion");
        MlflowApi.AssertError(goneStatus, gone, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var history = await store.GetAliasHistoryAsync(name, "champion");
        Assert.Equal([("set-alias", (int?)1), ("delete-alias", (int?)null)], history.Select(h => (h.Action, h.NewVersion)));
        Assert.All(history, h => Assert.Equal("mlflow-api", h.Actor));
    }

    [Fact]
    public async Task ExternalVersion_IsRecordedButNotServable_AndDeletesRemoveAliasesThroughTheAudit()
    {
        var name = $"ext-{Guid.NewGuid():N}"[..30];
        await server.OkAsync("registered-models/create", new { name });
        var (missing, error) = await server.PostAsync("model-versions/create", new { name });
        MlflowApi.AssertError(missing, error, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "source");

        var created = await server.OkAsync("model-versions/create", new { name, source = "s3://bucket/models/sklearn" });
        Assert.Equal("s3://bucket/models/sklearn", (string?)created["model_version"]!["source"]);
        var store = server.Services.GetRequiredService<IModelRegistryStore>();
        Assert.False((await store.GetVersionAsync(name, 1))!.IsServable);

        await server.OkAsync("registered-models/alias", new { name, alias = "staging", version = 1 });
        var (status, _) = await server.SendAsync(HttpMethod.Delete, "model-versions/delete", new { name, version = "1" });
        Assert.Equal(HttpStatusCode.OK, status);
        var (getStatus, get) = await server.GetAsync($"model-versions/get?name={name}&version=1");
        MlflowApi.AssertError(getStatus, get, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Equal(["set-alias", "delete-version"], (await store.GetAliasHistoryAsync(name)).Select(h => h.Action));

        (status, _) = await server.SendAsync(HttpMethod.Delete, "registered-models/delete", new { name });
        Assert.Equal(HttpStatusCode.OK, status);
        var (modelStatus, model) = await server.GetAsync($"registered-models/get?name={name}");
        MlflowApi.AssertError(modelStatus, model, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }
}
