using System.Net;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Mlflow;

[Collection(MlflowCollection.Name)]
public sealed class MlflowRegistryTagTests(ServerFixture server)
{
    [Fact]
    public async Task Tags_OnModelsAndVersions_SetOverwriteDelete_AndShowInGetAndSearch()
    {
        var name = $"t-{Guid.NewGuid():N}"[..30];
        await server.OkAsync("registered-models/create", new { name, tags = new[] { new { key = "team", value = "search" } } });
        await server.OkAsync("model-versions/create", new { name, source = "s3://bucket/model", tags = new[] { new { key = "stage", value = "candidate" } } });

        await server.OkAsync("registered-models/set-tag", new { name, key = "team", value = "ads" });
        await server.OkAsync("registered-models/set-tag", new { name, key = "owner", value = "kim" });
        await server.OkAsync("model-versions/set-tag", new { name, version = "1", key = "validated", value = "yes" });
        var (deleted, _) = await server.SendAsync(HttpMethod.Delete, "registered-models/delete-tag", new { name, key = "owner" });
        var (deletedVersionTag, _) = await server.SendAsync(HttpMethod.Delete, "model-versions/delete-tag", new { name, version = "1", key = "stage" });

        Assert.Equal(HttpStatusCode.OK, deleted);
        Assert.Equal(HttpStatusCode.OK, deletedVersionTag);
        var (_, model) = await server.GetAsync($"registered-models/get?name={name}");
        Assert.Equal([("team", "ads")], Pairs(model["registered_model"]!["tags"]!));
        Assert.Contains(("validated", "yes"), Pairs(model["registered_model"]!["latest_versions"]![0]!["tags"]!));
        var (_, version) = await server.GetAsync($"model-versions/get?name={name}&version=1");
        Assert.Equal([("validated", "yes")], Pairs(version["model_version"]!["tags"]!).Where(t => !t.Key.StartsWith("relearn.", StringComparison.Ordinal)));
        var (_, models) = await server.GetAsync($"registered-models/search?filter={Uri.EscapeDataString($"name = '{name}'")}");
        Assert.Equal([("team", "ads")], Pairs(models["registered_models"]![0]!["tags"]!));
        var (_, versions) = await server.GetAsync($"model-versions/search?filter={Uri.EscapeDataString($"name = '{name}'")}");
        Assert.Contains(("validated", "yes"), Pairs(versions["model_versions"]![0]!["tags"]!));
    }

    [Fact]
    public async Task Tags_OnMissingModelsOrVersions_AndBadKeys_AreMlflowErrors()
    {
        var name = $"t-{Guid.NewGuid():N}"[..30];
        await server.OkAsync("registered-models/create", new { name });

        var (status, body) = await server.PostAsync("registered-models/set-tag", new { name = "no-such-model", key = "k", value = "v" });
        MlflowApi.AssertError(status, body, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (status, body) = await server.PostAsync("model-versions/set-tag", new { name, version = "7", key = "k", value = "v" });
        MlflowApi.AssertError(status, body, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (status, body) = await server.PostAsync("registered-models/set-tag", new { name, key = "", value = "v" });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "key");
        (status, body) = await server.PostAsync("registered-models/set-tag", new { name, key = "k" });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "value");
        (status, body) = await server.PostAsync("registered-models/set-tag", new { name, key = "relearn.task", value = "x" });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "reserved");
        (status, body) = await server.PostAsync("registered-models/create", new { name = name + "x", tags = new[] { new { key = "k", value = new string('v', 8001) } } });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "tags[0].value");
        var (missing, _) = await server.GetAsync($"registered-models/get?name={name}x");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    private static List<(string Key, string Value)> Pairs(JsonNode tags) =>
        [.. tags.AsArray().Select(t => ((string)t!["key"]!, (string)t["value"]!))];
}
