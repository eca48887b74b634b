using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Relearn.Core.Metadata;
using Relearn.Core.Models;
using Relearn.Core.Monitoring;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;
using Relearn.GitHub.Tasks.IssueClose;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

/// <summary>One small tuned training on the shipped sample, shared by the tests of this class.</summary>
public sealed class TrainedIssueClose : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("relearn-issue-close-").FullName;

    public SqliteMetadataStore Store { get; private set; } = null!;
    public LocalArtifactStore Artifacts { get; private set; } = null!;
    public IssueCloseTraining Training { get; private set; } = null!;
    public IssueCloseTrainingResult Result { get; private set; } = null!;
    public static IssueCloseTrainingOptions Options => new() { Trials = 6, Parallelism = 2, Seed = 7 };

    public async Task InitializeAsync()
    {
        Store = new SqliteMetadataStore(Path.Combine(_home, "relearn.db"), TimeProvider.System);
        Artifacts = new LocalArtifactStore(Path.Combine(_home, "artifacts"));
        Training = new IssueCloseTraining(Artifacts, Store, Store, new AlertNotifier(new HttpClient(), NullLogger<AlertNotifier>.Instance), TimeProvider.System);
        Result = await Training.TrainFromFilesAsync([Some.Sample], Options);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class IssueCloseTrainingTests(TrainedIssueClose trained) : IClassFixture<TrainedIssueClose>
{
    [Fact]
    public async Task Training_TracksEveryTrialAsAChildRun_AndFinishesGreen()
    {
        var runId = trained.Result.Training.RunId;
        var run = (await trained.Store.GetRunAsync(runId))!;
        var children = (await trained.Store.ListRunsAsync(IssueCloseTraining.Name, 100)).Where(r => r.ParentRunId == runId).ToList();

        Assert.Null(trained.Result.Alert);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal(TrainedIssueClose.Options.Trials, children.Count);
        Assert.All(children, c => Assert.True(c.Status is RunStatus.Finished or RunStatus.Killed));
        Assert.Equal("tpe", run.Params["sampler"]);
        Assert.Equal("time-ordered", run.Params["split"]);
        Assert.Contains("best.leaves", run.Params.Keys);
        Assert.Equal(trained.Result.Training.Dataset.Id, run.Info.DatasetVersion);
        Assert.Equal(["eval-data.tsv", "features.json", "metrics.json", "model", "model-card.md"], run.Artifacts.Select(a => a.Path));
    }

    [Fact]
    public void TestAuc_OnTheNewestIssues_BeatsTheSeedsBaseline()
    {
        var metrics = trained.Result.Training.Metrics;

        Assert.Equal(514, metrics["n"]);
        Assert.InRange(metrics["auc"], 0.65, 1.0);
        Assert.InRange(metrics["pr_auc"], 0.45, 1.0);
    }

    [Fact]
    public async Task EvaluationSplit_IsTheNewestIssues_AndTheTaskScoresItTheSame()
    {
        var run = (await trained.Store.GetRunAsync(trained.Result.Training.RunId))!;
        var split = await trained.Artifacts.ReadBytesAsync(run.Artifacts.Single(a => a.Path == ModelRegistry.EvaluationArtifact).Digest);
        var all = IssueCloseData.ReadFiles([Some.Sample]).Examples;
        var test = IssueCloseTask.FromCanonicalBytes(split);

        var cutoff = test.Min(e => e.CreatedAt);
        Assert.Equal(all.Count(e => e.CreatedAt >= cutoff), test.Count);

        var task = new IssueCloseTask();
        var model = task.Load(await trained.Artifacts.ReadBytesAsync(trained.Result.Training.ModelDigest));
        Assert.Equal(trained.Result.Training.Metrics["auc"], task.Evaluate(model, split)["auc"], 10);
    }

    [Fact]
    public async Task AucBelowTheThreshold_FailsTheRunRed_AndPostsTheAlertToTheWebhook()
    {
        var received = new ConcurrentQueue<JsonObject>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var hook = builder.Build();
        hook.MapPost("/hooks/alerts", async (HttpRequest request) =>
        {
            received.Enqueue((await JsonNode.ParseAsync(request.Body))!.AsObject());
            return Results.NoContent();
        });
        await hook.StartAsync();

        var result = await trained.Training.TrainFromFilesAsync([Some.Sample], TrainedIssueClose.Options with
        {
            Trials = 2,
            AlertBelowAuc = 0.99,
            AlertWebhook = new Uri(new Uri(hook.Urls.Single()), "/hooks/alerts"),
        });

        Assert.NotNull(result.Alert);
        var run = (await trained.Store.GetRunAsync(result.Training.RunId))!;
        Assert.Equal(RunStatus.Failed, run.Info.Status);
        Assert.Contains("below the threshold 0.99", run.Tags["relearn.alert"], StringComparison.Ordinal);
        var alert = Assert.Single(received);
        Assert.Equal("relearn.quality_alert", (string?)alert["event"]);
        Assert.Equal(result.Training.RunId, (string?)alert["run_id"]);
        Assert.Equal(0.99, (double)alert["threshold"]!);
    }

    [Fact]
    public async Task Training_FromACrawledDataset_RecordsItAsUpstream()
    {
        var silver = string.Join('\n', Core.Datasets.TextFiles.ReadLines(Some.Sample)) + "\n";
        var stored = await trained.Artifacts.PutTextAsync(silver);
        var crawled = await trained.Store.RegisterAsync("github/huggingface/datasets/issues", stored.Digest, 6419, "github-issue-json", "test");

        var result = await trained.Training.TrainFromDatasetAsync(crawled, TrainedIssueClose.Options with { Trials = 2 });

        var run = (await trained.Store.GetRunAsync(result.Training.RunId))!;
        Assert.Equal(crawled.Id, run.Tags["relearn.upstream_dataset"]);
        Assert.Equal(2568, result.Training.Dataset.RowCount);
        Assert.Equal(trained.Result.Training.Dataset, result.Training.Dataset);
    }

    [Fact]
    public async Task Serving_ScoresIssueObjects_AndRefusesPullRequests()
    {
        var model = new IssueCloseTask().Load(await trained.Artifacts.ReadBytesAsync(trained.Result.Training.ModelDigest));
        var issue = System.Text.Json.JsonDocument.Parse(Some.Issue(9, "2024-01-01T00:00:00Z").ToJsonString()).RootElement;
        var pr = System.Text.Json.JsonDocument.Parse(Some.PullRequest(10, "2024-01-01T00:00:00Z").ToJsonString()).RootElement;
        var untitled = System.Text.Json.JsonDocument.Parse("""{"created_at":"2024-01-01T00:00:00Z"}""").RootElement;

        var prediction = model.Predict(issue);
        var batch = model.PredictBatch([issue, pr]);

        Assert.Equal(9, (long)prediction["number"]!);
        Assert.InRange((double)prediction["probability"]!, 0, 1);
        Assert.Equal((double)prediction["probability"]!, (double)batch[0]["probability"]!, 5);
        Assert.Equal("pull request", (string?)batch[1]["skipped"]);
        Assert.Contains("pull request", Assert.Throws<Core.RelearnException>(() => model.Predict(pr)).Message, StringComparison.Ordinal);
        Assert.Contains("title is required", Assert.Throws<Core.RelearnException>(() => model.Predict(untitled)).Message, StringComparison.Ordinal);
    }
}
