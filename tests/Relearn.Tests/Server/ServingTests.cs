using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Server;

public sealed class ServingTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Predict_ByDefaultAlias_ReturnsLabelConfidenceAndVersion()
    {
        var positive = await server.PredictAsync("sentiment", "The staff were friendly and the food was amazing.");
        var negative = await server.PredictAsync("sentiment", "Worst meal ever, rude waiter and cold fries.");

        Assert.Equal("positive", (string?)positive["label"]);
        Assert.Equal("negative", (string?)negative["label"]);
        Assert.Equal(1, (int?)positive["version"]);
        Assert.Equal("sentiment", (string?)positive["model"]);
        Assert.InRange((double)positive["confidence"]!, 0.5, 1.0);
    }

    [Fact]
    public async Task PredictBatch_KeepsInputOrder_AndMatchesSinglePredictions()
    {
        string[] texts = ["great place, loved it", "awful, do not go", "the pasta was superb", "dirty tables and slow service", "fine"];

        using var response = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/predict-batch?alias=production",
            new { instances = texts.Select(t => new { text = t }) });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = body["predictions"]!.AsArray();
        Assert.Equal(texts.Length, predictions.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = await server.PredictAsync("sentiment", texts[i]);
            Assert.Equal((double)single["probability"]!, (double)predictions[i]!["probability"]!, 4);
        }
    }

    [Fact]
    public async Task Predict_ByExplicitVersion_UsesThatVersion()
    {
        var result = await server.PredictAsync("sentiment", "nice", "?version=1");

        Assert.Equal(1, (int?)result["version"]);
    }

    [Fact]
    public async Task Health_LiveAndReady_AreUp()
    {
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Metrics_CountRequestsLatencyAndErrors_PerModelAndVersion()
    {
        await server.PredictAsync("sentiment", "lovely");
        await server.Client.PostAsync("/api/v1/models/sentiment/predict", new StringContent("{}", Encoding.UTF8, "application/json"));

        var text = await server.Client.GetStringAsync("/metrics");

        Assert.Contains("relearn_predictions_total{model=\"sentiment\",version=\"1\"}", text, StringComparison.Ordinal);
        Assert.Contains("relearn_prediction_duration_seconds_bucket{model=\"sentiment\",version=\"1\",endpoint=\"predict\"", text, StringComparison.Ordinal);
        Assert.Contains("relearn_prediction_errors_total{model=\"sentiment\",version=\"1\",status=\"400\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictionLog_HasOneJsonLinePerPrediction_WithInputOutputAndLatency()
    {
        var marker = $"log marker {Guid.NewGuid():N}";
        await server.PredictAsync("sentiment", marker);

        JsonObject? record = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (record is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            record = Directory.GetFiles(Path.Combine(server.Home, "predictions", "sentiment"), "*.jsonl")
                .SelectMany(ReadShared)
                .Select(line => JsonNode.Parse(line)!.AsObject())
                .FirstOrDefault(r => (string?)r["input"]?["text"] == marker);
        }

        Assert.NotNull(record);
        Assert.Equal(1, (int?)record["version"]);
        Assert.NotNull((string?)record["output"]!["label"]);
        Assert.True((double)record["latency_ms"]! >= 0);
        Assert.True(DateTimeOffset.TryParse((string?)record["timestamp"], System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task ModelList_ShowsAliases()
    {
        var models = (await server.Client.GetFromJsonAsync<JsonArray>("/api/v1/models"))!;

        var sentiment = models.Single(m => (string?)m!["name"] == "sentiment")!;
        Assert.Equal(1, (int?)sentiment["aliases"]!["production"]);
    }

    [Fact]
    public async Task TryPageAndDocs_AreServed()
    {
        var page = await server.Client.GetStringAsync("/");
        var docs = await server.Client.GetAsync("/docs/index.html");

        Assert.Contains("<textarea id=\"text\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
