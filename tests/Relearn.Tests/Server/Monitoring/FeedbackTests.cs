using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Hosting;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Serving;
using Relearn.Server;

namespace Relearn.Tests.Server.Monitoring;

/// <summary>prediction_id on every answer and labels that arrive later, over real HTTP (issue 9).</summary>
public sealed class FeedbackTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Predict_AndPredictBatch_AnswerWithAPredictionIdEach_Issue9()
    {
        var one = await server.PredictAsync("sentiment", "The food was great");
        using var batch = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/predict-batch", new { instances = new[] { new { text = "good" }, new { text = "bad" } } });
        var predictions = (await batch.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray();

        Assert.True(Guid.TryParse((string?)one["prediction_id"], out _));
        var ids = predictions.Select(p => (string)p!["prediction_id"]!).ToArray();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _)));
        Assert.DoesNotContain((string)one["prediction_id"]!, ids);
    }

    [Fact]
    public async Task Feedback_OneLabelAndABatch_AreAcceptedStoredAndCounted_Issue9()
    {
        var a = await server.PredictAsync("sentiment", "Terrible service, cold food");
        var b = await server.PredictAsync("sentiment", "Lovely staff");
        var c = await server.PredictAsync("sentiment", "Would not come back");

        using var single = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/feedback", new { prediction_id = (string)a["prediction_id"]!, label = 0 });
        using var many = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/feedback", new
        {
            items = new object[] { new { prediction_id = (string)b["prediction_id"]!, label = 1 }, new { prediction_id = (string)c["prediction_id"]!, label = 0 } },
        });

        Assert.Equal(HttpStatusCode.Accepted, single.StatusCode);
        Assert.Equal(1, (int)(await single.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
        Assert.Equal(HttpStatusCode.Accepted, many.StatusCode);
        Assert.Equal(2, (int)(await many.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
        var labelled = await server.Services.GetRequiredService<IPredictionStore>().ListLabelledAsync("sentiment", 100);
        var stored = labelled.Single(l => l.Prediction.PredictionId == (string)a["prediction_id"]!);
        Assert.Contains("Terrible service", stored.Prediction.InputJson, StringComparison.Ordinal);
        Assert.Equal("\"negative\"", stored.Label.LabelJson);
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("relearn_feedback_total{model=\"sentiment\",outcome=\"\"}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_UnknownPredictionId_Is404ProblemJson_Issue9()
    {
        using var response = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/feedback", new { prediction_id = Guid.NewGuid().ToString(), label = 1 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("has no prediction", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"label\": \"maybe\"}", "is not one of the model's classes")]
    [InlineData("{\"label\": 7}", "is not one of the model's classes")]
    [InlineData("{}", "label is required")]
    public async Task Feedback_WrongLabel_Is400ProblemJsonAndStoresNothing_Issue9(string labelJson, string reason)
    {
        var prediction = await server.PredictAsync("sentiment", "It was fine");
        var item = JsonNode.Parse(labelJson)!.AsObject();
        item["prediction_id"] = (string)prediction["prediction_id"]!;

        using var response = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/feedback", item);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"], StringComparison.Ordinal);
        var labelled = await server.Services.GetRequiredService<IPredictionStore>().ListLabelledAsync("sentiment", 1000);
        Assert.DoesNotContain(labelled, l => l.Prediction.PredictionId == (string)prediction["prediction_id"]!);
    }

    [Fact]
    public async Task Feedback_MoreThanAThousandItems_Is400_Issue9()
    {
        var items = Enumerable.Range(0, 1001).Select(_ => new { prediction_id = Guid.NewGuid().ToString(), label = 1 }).ToArray();

        using var response = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/feedback", new { items });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the limit is 1000", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_ArrivingAtAnotherServerOnTheSameStore_IsJoinedToItsPrediction_Issue9()
    {
        var second = RelearnServer.Build(RelearnLocation.Resolve(server.Home), "http://127.0.0.1:0",
            configure: builder => builder.Configuration["Logging:LogLevel:Default"] = "Warning");
        await second.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(second.Urls.Single()) };
            var prediction = await server.PredictAsync("sentiment", "Best pizza in town");
            // The first server writes its log in the background; a label normally comes much later than this.
            await server.Services.GetRequiredService<PredictionLog>().FlushAsync();

            using var response = await client.PostAsJsonAsync("/api/v1/models/sentiment/feedback", new { prediction_id = (string)prediction["prediction_id"]!, label = "1" });

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var labelled = await server.Services.GetRequiredService<IPredictionStore>().ListLabelledAsync("sentiment", 1000);
            Assert.Contains(labelled, l => l.Prediction.PredictionId == (string)prediction["prediction_id"]!);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
