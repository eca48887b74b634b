using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Registry;
using Relearn.Core.Serving;
using Relearn.Core.Tasks.TextClassification;
using Relearn.Server;

namespace Relearn.Tests.Server;

public sealed class StoreOutageTests
{
    [Fact]
    public async Task MetadataStoreGone_PredictAndReady_Answer503Problems_Not500()
    {
        var home = Directory.CreateTempSubdirectory("relearn-outage-").FullName;
        await using var app = RelearnServer.Build(RelearnLocation.Resolve(home), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Relearn:Serving:AliasRefreshInterval"] = "00:00:00";
            builder.Configuration["Logging:LogLevel:Default"] = "None";
        });
        var run = await app.Services.GetRequiredService<TextClassificationTraining>().TrainAsync("sentiment", [Samples.Yelp], new TextClassificationOptions());
        await app.Services.GetRequiredService<ModelRegistry>().RegisterAsync("sentiment", run.RunId);
        await app.Services.GetRequiredService<ModelRegistry>().PromoteAsync("sentiment", 1);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        await WaitReadyAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text = "fine" })).StatusCode);
        // The prediction log writes to the store a moment after the answer; the store is broken once that write is done,
        // so no connection it opened outlives the broken file.
        await app.Services.GetRequiredService<PredictionLog>().FlushAsync();

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(home, "relearn.db*"))
        {
            File.Delete(file);
        }
        await File.WriteAllTextAsync(Path.Combine(home, "relearn.db"), "this is not a database any more");

        using var predict = await client.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text = "fine" });
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, predict.StatusCode);
        Assert.Equal("application/problem+json", predict.Content.Headers.ContentType?.MediaType);
        Assert.Contains("unavailable", (string?)(await predict.Content.ReadFromJsonAsync<JsonObject>())!["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        await app.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }

    [Fact]
    public async Task PostgresStoreGone_PredictAndReady_Answer503Problems_Not500()
    {
        var home = Directory.CreateTempSubdirectory("relearn-outage-pg-").FullName;
        var (server, database) = await Cli.PostgresCliTests.CreateDatabaseAsync();
        var store = new UriBuilder(server) { Path = "/" + database }.Uri.ToString();
        await using var app = RelearnServer.Build(RelearnLocation.Resolve(home, store: store), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Relearn:Serving:AliasRefreshInterval"] = "00:00:00";
            builder.Configuration["Logging:LogLevel:Default"] = "None";
        });
        var run = await app.Services.GetRequiredService<TextClassificationTraining>().TrainAsync("sentiment", [Samples.Yelp], new TextClassificationOptions());
        await app.Services.GetRequiredService<ModelRegistry>().RegisterAsync("sentiment", run.RunId);
        await app.Services.GetRequiredService<ModelRegistry>().PromoteAsync("sentiment", 1);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        await WaitReadyAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text = "fine" })).StatusCode);

        await Cli.PostgresCliTests.DropDatabaseAsync(server, database);

        using var predict = await client.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text = "fine" });
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, predict.StatusCode);
        Assert.Equal("application/problem+json", predict.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        await app.StopAsync();
        Directory.Delete(home, recursive: true);
    }

    /// <summary>
    /// Waits for the start-up load of production models to finish: while it is still refreshing the alias, a request
    /// keeps scoring with the model already loaded (by design), so breaking the store before then would test the warm-up.
    /// </summary>
    internal static async Task WaitReadyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("the server never became ready");
    }
}
