using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Datasets;
using Relearn.Core.Storage;
using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.Tests.Server.ReviewAssist;

/// <summary>
/// The review-assist server also serving a small retraining pipeline file, as <c>relearn serve --pipeline</c> does:
/// <c>review-feedback</c> → <c>train-review-assist</c> (its <c>datasets</c>) → <c>register</c>, on the shipped samples.
/// </summary>
public sealed class ReviewFeedbackLoopServerFixture : ReviewAssistServerFixture
{
    private readonly string _project = Directory.CreateTempSubdirectory("relearn-review-loop-").FullName;

    protected override void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var file = Path.Combine(_project, "relearn.yaml");
        File.WriteAllText(file, $$"""
            name: review-feedback-loop
            stages:
              feedback:
                step: review-feedback
              train:
                step: train-review-assist
                with:
                  data: {{CodeReview("cls-diff_estimation_1_100.jsonl")}},{{CodeReview("cls-diff_estimation_101_200.jsonl")}}
                  evaluation: {{CodeReview("cls-diff_estimation_101_200.jsonl")}}
                  datasets: ${stages.feedback.outputs.dataset}
                  trials: "2"
                  parallelism: "1"
              register:
                step: register
                with:
                  run: ${stages.train.outputs.run}
                  model: review-assist
            """);
        configuration["Relearn:Pipelines:Files:0"] = file;
        configuration["Relearn:Pipelines:PollInterval"] = "00:00:00.050";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_project, recursive: true); } catch (IOException) { }
    }
}

public sealed class ReviewFeedbackLoopTests(ReviewFeedbackLoopServerFixture server) : IClassFixture<ReviewFeedbackLoopServerFixture>
{
    private const string Predict = "/api/v1/models/review-assist/predict";
    private const string Feedback = "/api/v1/models/review-assist/feedback";
    private const string Rewritten = "Feedback loop: move this into a helper and cover it with a test.";

    private async Task<string> PredictAsync(string patch, int? version = null)
    {
        using var response = await server.Client.PostAsJsonAsync(version is null ? Predict : $"{Predict}?version={version}", new { patch, lang = "go" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FeedbackOnPredictions_BecomesTrainingRows_ThatTheRetrainedVersionSuggestsFrom_Issue11()
    {
        var evaluation = ReviewData.ReadFiles([ReviewAssistServerFixture.CodeReview("msg-test-100.jsonl")]);
        var (rewritten, rejected) = (evaluation[7].Patch, evaluation[8].Patch);
        var first = JsonNode.Parse(await PredictAsync(rewritten))!;
        Assert.DoesNotContain(Rewritten, first.ToJsonString(), StringComparison.Ordinal);
        var second = JsonNode.Parse(await PredictAsync(rejected))!;
        using (var feedback = await server.Client.PostAsJsonAsync(Feedback, new
        {
            items = new object[]
            {
                new { prediction_id = (string)first["prediction_id"]!, outcome = "rewritten", text = Rewritten },
                new { prediction_id = (string)second["prediction_id"]!, outcome = "rejected" },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, feedback.StatusCode);
        }

        using var trigger = await server.Client.PostAsJsonAsync("/api/v1/pipelines/review-feedback-loop/runs", new { });
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var run = await WaitForEndAsync((string)(await trigger.Content.ReadFromJsonAsync<JsonObject>())!["run_id"]!);

        Assert.True((string?)run["state"] == "succeeded", run.ToJsonString());
        var stages = run["stages"]!.AsArray().ToDictionary(s => (string)s!["stage"]!, s => s!);
        var feedbackStage = stages["feedback"];
        Assert.Equal((2, 1), ((int)feedbackStage["metrics"]!["rows"]!, (int)feedbackStage["metrics"]!["positives"]!));
        Assert.Equal("review-assist-feedback:1", (string?)feedbackStage["outputs"]!["dataset"]!["value"]);

        // The training dataset is the base file plus the two feedback rows, as the reviewer left them.
        var trainingId = ((string)stages["train"]["outputs"]!["dataset"]!["value"]!).Split(':');
        var training = (await server.Services.GetRequiredService<IDatasetCatalog>().GetAsync(trainingId[0], int.Parse(trainingId[1], System.Globalization.CultureInfo.InvariantCulture)))!;
        Assert.Equal(99 + 2, training.RowCount);
        Assert.Contains("review-assist-feedback-v1.jsonl", training.Source, StringComparison.Ordinal);
        await using var stored = await server.Services.GetRequiredService<IArtifactStore>().OpenReadAsync(training.Digest);
        var rows = (await new StreamReader(stored).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => ReviewData.ReadLine(l, "row")).ToList();
        Assert.Contains(rows, r => r.Patch == DiffHunk.Parse(rewritten).Text && r.Y == 1 && r.Msg == Rewritten);
        Assert.Contains(rows, r => r.Patch == DiffHunk.Parse(rejected).Text && r.Y == 0 && r.Msg is null);

        // The retrained version, registered as v2, suggests what the reviewer wrote on that hunk.
        Assert.Equal("review-assist:2", (string?)stages["register"]["outputs"]!["version"]!["value"]);
        var retrained = JsonNode.Parse(await PredictAsync(rewritten, version: 2))!;
        Assert.Contains(retrained["suggestions"]!.AsArray(), s => (string?)s!["body"] == Rewritten);
    }

    private async Task<JsonObject> WaitForEndAsync(string runId)
    {
        for (var i = 0; i < 2400; i++)
        {
            var run = (await server.Client.GetFromJsonAsync<JsonObject>($"/api/v1/pipelines/runs/{runId}"))!;
            if ((string)run["state"]! != "running")
            {
                return run;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"pipeline run {runId} is still running after 4 minutes");
    }
}
