using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relearn.Core.Hosting;
using Relearn.Core.Registry;
using Relearn.Core.Tasks.TextClassification;
using Relearn.Server;

namespace Relearn.Tests.Server;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_ComesAfterTheProductionModelsLoaded_WithoutAnyPrediction()
    {
        var logs = new CapturingLoggerProvider();
        var (app, home) = await StartWithPromotedModelAsync(logs, breakModel: false);
        await using var _ = app;
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var (status, body) = await WaitReadyAsync(client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", (string?)body["status"]);
        Assert.Equal("1 production models loaded", (string?)body["checks"]!["production-models"]!["description"]);
        Assert.Contains("Alias sentiment@production now serves version 1 (first load)", logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("(was )", logs.Text, StringComparison.Ordinal);
        await app.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }

    [Fact]
    public async Task Ready_WhenAProductionModelFailsToLoad_IsDegradedAndNamesIt_NotACrash()
    {
        var (app, home) = await StartWithPromotedModelAsync(new CapturingLoggerProvider(), breakModel: true);
        await using var _ = app;
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var (status, body) = await WaitReadyAsync(client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", (string?)body["status"]);
        Assert.Contains("failed to load: sentiment (", (string?)body["checks"]!["production-models"]!["description"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        await app.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }

    private static async Task<(WebApplication App, string Home)> StartWithPromotedModelAsync(CapturingLoggerProvider logs, bool breakModel)
    {
        var home = Directory.CreateTempSubdirectory("relearn-ready-").FullName;
        var app = RelearnServer.Build(RelearnLocation.Resolve(home), "http://127.0.0.1:0", configure: builder => builder.Logging.AddProvider(logs));
        var run = await app.Services.GetRequiredService<TextClassificationTraining>().TrainAsync("sentiment", [Samples.Yelp], new TextClassificationOptions());
        await app.Services.GetRequiredService<ModelRegistry>().RegisterAsync("sentiment", run.RunId);
        await app.Services.GetRequiredService<ModelRegistry>().PromoteAsync("sentiment", 1);
        if (breakModel)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(home, "artifacts"), "*", SearchOption.AllDirectories))
            {
                await File.WriteAllTextAsync(file, "not a model");
            }
        }
        await app.StartAsync();
        return (app, home);
    }

    /// <summary>Polls until ready answers anything but 503 "loading"; before the fix it answered 200 at once, in plain text.</summary>
    private static async Task<(HttpStatusCode Status, JsonObject Body)> WaitReadyAsync(HttpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync("/health/ready");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 300)
            {
                return (response.StatusCode, body);
            }
            Assert.Contains("loading production models", (string?)body["checks"]!["production-models"]!["description"], StringComparison.Ordinal);
            await Task.Delay(100);
        }
    }
}
