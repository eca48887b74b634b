using System.Text.Json.Nodes;

namespace Relearn.Tests.Server;

public sealed class OpenApiDocumentTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ServedDocument_DescribesTheContract()
    {
        var document = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject();
        Assert.Contains("/api/v1/models/{name}/predict", paths.Select(p => p.Key));
        Assert.Contains("/api/v1/models/{name}/predict-batch", paths.Select(p => p.Key));
        var responses = paths["/api/v1/models/{name}/predict"]!["post"]!["responses"]!.AsObject();
        Assert.Contains("413", responses.Select(r => r.Key));
    }

    [Fact]
    public async Task CommittedDocument_MatchesTheServedOne()
    {
        // To refresh docs/openapi.json after an API change: RELEARN_UPDATE_OPENAPI=1 dotnet test --filter CommittedDocument
        var served = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!.ToJsonString(new() { WriteIndented = true });
        var committedPath = Path.Combine(Samples.RepositoryRoot, "docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("RELEARN_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(committedPath, served + "\n");
        }

        var committed = File.Exists(committedPath) ? JsonNode.Parse(await File.ReadAllTextAsync(committedPath))!.ToJsonString(new() { WriteIndented = true }) : "";

        Assert.True(served == committed, "docs/openapi.json is out of date: run RELEARN_UPDATE_OPENAPI=1 dotnet test --filter CommittedDocument and commit it");
    }
}
