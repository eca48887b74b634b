using System.Net;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Mlflow;

[Collection(MlflowCollection.Name)]
public sealed class MlflowExperimentTests(ServerFixture server)
{
    [Fact]
    public async Task CreateGetRenameDeleteRestore_RoundTrip()
    {
        var name = $"exp-{Guid.NewGuid():N}";
        var id = (string)(await server.OkAsync("experiments/create", new { name, tags = new[] { new { key = "team", value = "nlp" } } }))["experiment_id"]!;

        var (status, got) = await server.GetAsync($"experiments/get?experiment_id={id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(name, (string?)got["experiment"]!["name"]);
        Assert.Equal(id, (string?)got["experiment"]!["experiment_id"]);
        Assert.Equal("active", (string?)got["experiment"]!["lifecycle_stage"]);
        Assert.Equal("nlp", (string?)got["experiment"]!["tags"]![0]!["value"]);

        await server.OkAsync("experiments/update", new { experiment_id = id, new_name = name + "-renamed" });
        var (_, byName) = await server.GetAsync($"experiments/get-by-name?experiment_name={name}-renamed");
        Assert.Equal(id, (string?)byName["experiment"]!["experiment_id"]);

        await server.OkAsync("experiments/set-experiment-tag", new { experiment_id = id, key = "stage", value = "dev" });
        await server.OkAsync("experiments/delete", new { experiment_id = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) });
        var (_, deleted) = await server.GetAsync($"experiments/get?experiment_id={id}");
        Assert.Equal("deleted", (string?)deleted["experiment"]!["lifecycle_stage"]);
        var (_, active) = await server.PostAsync("experiments/search", new { filter = $"name = '{name}-renamed'" });
        Assert.Empty(active["experiments"]!.AsArray());
        var (_, all) = await server.PostAsync("experiments/search", new { filter = $"name = '{name}-renamed'", view_type = "ALL" });
        Assert.Single(all["experiments"]!.AsArray());

        await server.OkAsync("experiments/restore", new { experiment_id = id });
        var (_, searched) = await server.PostAsync("experiments/search", new { filter = "tags.stage = 'dev' AND name LIKE 'exp-%'" });
        Assert.Contains(searched["experiments"]!.AsArray(), e => (string?)e!["experiment_id"] == id);
    }

    [Fact]
    public async Task Errors_HaveMlflowShapeAndStatus()
    {
        var name = $"dup-{Guid.NewGuid():N}";
        await server.OkAsync("experiments/create", new { name });
        var (status, body) = await server.PostAsync("experiments/create", new { name });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");

        (status, body) = await server.GetAsync("experiments/get?experiment_id=987654");
        MlflowApi.AssertError(status, body, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        (status, body) = await server.GetAsync("experiments/get-by-name?experiment_name=nope-" + Guid.NewGuid().ToString("N"));
        MlflowApi.AssertError(status, body, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        (status, body) = await server.PostAsync("experiments/create", new { });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "name");

        (status, body) = await server.GetAsync("experiments/get?experiment_id=abc");
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        using var bad = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync(MlflowApi.Prefix + "experiments/create", bad);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        MlflowApi.AssertError(response.StatusCode, json, HttpStatusCode.BadRequest, "BAD_REQUEST");

        (status, body) = await server.GetAsync("no/such/endpoint");
        MlflowApi.AssertError(status, body, HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Search_OrdersAndPages()
    {
        var prefix = $"page-{Guid.NewGuid():N}";
        for (var i = 0; i < 5; i++)
        {
            await server.OkAsync("experiments/create", new { name = $"{prefix}-{i}" });
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            var (status, page) = await server.PostAsync("experiments/search",
                new { filter = $"name LIKE '{prefix}-%'", order_by = new[] { "name DESC" }, max_results = "2", page_token = token });
            Assert.Equal(HttpStatusCode.OK, status);
            seen.AddRange(page["experiments"]!.AsArray().Select(e => (string)e!["name"]!));
            token = (string?)page["next_page_token"];
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => $"{prefix}-{i}"), seen);

        var (badStatus, bad) = await server.PostAsync("experiments/search", new { page_token = "garbage" });
        MlflowApi.AssertError(badStatus, bad, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "page_token");
    }
}
