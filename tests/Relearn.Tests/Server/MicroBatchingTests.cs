using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Registry;
using Relearn.Core.Tasks.TextClassification;
using Relearn.Server;

namespace Relearn.Tests.Server;

/// <summary>
/// Two real servers on one temp home where <c>sentiment</c> v1 (an embedding model) is production: one with the default
/// micro-batching, one whose queue holds a single request (so a burst must overflow it).
/// </summary>
public sealed class EmbeddingServers : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("relearn-batching-").FullName;
    private WebApplication _batching = null!;
    private WebApplication _tiny = null!;

    public HttpClient Batching { get; private set; } = null!;
    public HttpClient Tiny { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _batching = Build(null);
        var file = Path.Combine(_home, "yelp-200.txt");
        var lines = await File.ReadAllLinesAsync(Samples.Yelp);
        await File.WriteAllLinesAsync(file, lines.Take(100).Concat(lines.TakeLast(100)));
        var run = await _batching.Services.GetRequiredService<TextClassificationTraining>()
            .TrainAsync("sentiment", [file], new TextClassificationOptions { Featurizer = TextFeaturizer.Embeddings });
        var registry = _batching.Services.GetRequiredService<ModelRegistry>();
        await registry.RegisterAsync("sentiment", run.RunId);
        await registry.PromoteAsync("sentiment", 1);
        _tiny = Build(builder =>
        {
            builder.Configuration["Relearn:Serving:QueueCapacity"] = "1";
            builder.Configuration["Relearn:Serving:MaxMicroBatchSize"] = "1";
        });
        await _batching.StartAsync();
        await _tiny.StartAsync();
        Batching = new HttpClient { BaseAddress = new Uri(_batching.Urls.Single()) };
        Tiny = new HttpClient { BaseAddress = new Uri(_tiny.Urls.Single()) };
    }

    private WebApplication Build(Action<WebApplicationBuilder>? more) => RelearnServer.Build(RelearnLocation.Resolve(_home), "http://127.0.0.1:0", configure: builder =>
    {
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Relearn:Serving:PredictionLog"] = "false";
        more?.Invoke(builder);
    });

    public async Task DisposeAsync()
    {
        Batching.Dispose();
        Tiny.Dispose();
        await _batching.StopAsync();
        await _tiny.StopAsync();
        await _batching.DisposeAsync();
        await _tiny.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}

public sealed class MicroBatchingTests(EmbeddingServers servers) : IClassFixture<EmbeddingServers>
{
    private static readonly string[] Texts =
    [
        "The food was delicious and the staff were wonderful.",
        "Terrible service, cold food, never coming back.",
        "Battery life is great.",
        "It broke after two days.",
    ];

    [Fact]
    public async Task Concurrent_predictions_of_an_embedding_model_get_the_answer_each_would_get_alone_Issue12()
    {
        var alone = new Dictionary<string, JsonObject>();
        foreach (var text in Texts)
        {
            alone[text] = await PredictAsync(servers.Batching, text);
        }

        var together = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i => (Text: Texts[i % Texts.Length], Answer: await PredictAsync(servers.Batching, Texts[i % Texts.Length]))));

        Assert.All(together, r =>
        {
            Assert.Equal((string?)alone[r.Text]["label"], (string?)r.Answer["label"]);
            Assert.Equal((double)alone[r.Text]["probability"]!, (double)r.Answer["probability"]!, 4);
            Assert.Equal(1, (int)r.Answer["version"]!);
        });
        Assert.Equal("positive", (string?)alone[Texts[0]]["label"]);
        Assert.Equal("negative", (string?)alone[Texts[1]]["label"]);
    }

    [Fact]
    public async Task A_bad_request_batched_with_good_ones_is_a_400_and_the_good_ones_succeed()
    {
        var requests = Enumerable.Range(0, 16).Select(i => i == 7
            ? servers.Batching.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text = 42 })
            : servers.Batching.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text = Texts[i % Texts.Length] })).ToList();

        var responses = await Task.WhenAll(requests);

        Assert.Equal(HttpStatusCode.BadRequest, responses[7].StatusCode);
        Assert.Equal("application/problem+json", responses[7].Content.Headers.ContentType?.MediaType);
        Assert.All(responses.Where((_, i) => i != 7), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_Retry_After_as_problem_json_and_never_fails_otherwise_Issue12()
    {
        using var gate = new SemaphoreSlim(0);
        var burst = Enumerable.Range(0, 200).Select(async i =>
        {
            await gate.WaitAsync();
            return await servers.Tiny.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text = Texts[i % Texts.Length] });
        }).ToList();
        gate.Release(200);

        var responses = await Task.WhenAll(burst);

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        var busy = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(busy);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in busy)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(503, (int)problem["status"]!);
            Assert.Contains("already waiting", (string?)problem["detail"], StringComparison.Ordinal);
        }
    }

    private static async Task<JsonObject> PredictAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/models/sentiment/predict", new { text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
