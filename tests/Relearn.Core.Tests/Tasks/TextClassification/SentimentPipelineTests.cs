using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Quality;
using Relearn.Core.Registry;
using Relearn.Core.Storage;

using Relearn.Core.Tests.Pipelines;

namespace Relearn.Core.Tests.Tasks.TextClassification;

/// <summary>The built-in sentiment pipeline as shipped, run on the shipped samples in a throw-away project folder.</summary>
public sealed class SentimentPipelineTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    public SentimentPipelineTests()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_fixture.Project, "samples", "sentiment")).FullName;
        File.Copy(Some.Yelp, Path.Combine(folder, "yelp_labelled.txt"));
        File.Copy(Some.Amazon, Path.Combine(folder, "amazon_cells_labelled.txt"));
        File.Copy(Some.SentimentSuite, Path.Combine(folder, "expectations.yaml"));
    }

    private PipelineSource Sentiment => _fixture.Services.GetRequiredService<PipelineCatalog>().Resolve("sentiment", null) with { ProjectFolder = _fixture.Project };

    private Task<PipelineRunResult> RunAsync(Dictionary<string, string>? parameters = null) =>
        _fixture.Executor.StartAsync(Sentiment, parameters ?? [], [], "test");

    [Fact]
    public async Task Sentiment_TwiceWithNothingChanged_SkipsEveryStage_AndOneParamRerunsExactlyDownstream()
    {
        var first = await RunAsync();
        var second = await RunAsync();
        var plan = await _fixture.Services.GetRequiredService<PipelinePlanner>().PlanAsync(Sentiment, new Dictionary<string, string> { ["alias"] = "staging" }, []);
        var third = await RunAsync(new() { ["alias"] = "staging" });

        Assert.True(first.Succeeded, first.Run.Error);
        // check and evaluate both follow register and may start in either order.
        Assert.Equal(["validate", "train", "register", "check|evaluate", "check|evaluate", "score", "promote", "report"],
            first.Attempts.OrderBy(a => a.StartedAt).Select(a => a.Stage is "check" or "evaluate" ? "check|evaluate" : a.Stage));
        Assert.All(first.Attempts, a => Assert.Equal(StageState.Succeeded, a.State));
        Assert.True(second.Succeeded, second.Run.Error);
        Assert.All(second.Attempts, a => Assert.Equal(StageState.Cached, a.State));
        Assert.Equal(8, second.Attempts.Count);
        Assert.Equal(["promote", "report"], plan.Where(p => p.WillRun).Select(p => p.Stage));
        Assert.Equal("param alias changed (production -> staging)", plan.Single(p => p.Stage == "promote").Reason);
        Assert.Equal(["promote", "report"], third.Attempts.Where(a => a.State == StageState.Succeeded).Select(a => a.Stage).Order());
        Assert.Equal(6, third.Attempts.Count(a => a.State == StageState.Cached));
        var model = await _fixture.Services.GetRequiredService<ModelRegistry>().ResolveAsync(ModelReference.Parse("sentiment@staging"));
        Assert.Equal(1, model.Version);

        var report = await _fixture.Artifacts.ReadTextAsync(first.Attempts.Single(a => a.Stage == "report").Outputs["report"].Value);
        Assert.Contains("## Model sentiment:1", report, StringComparison.Ordinal);
        Assert.Contains("- aliases: production", report, StringComparison.Ordinal);
        Assert.Contains("## Validation of yelp_labelled.txt, amazon_cells_labelled.txt with suite sentiment-training-data: 8 of 8 expectations met", report, StringComparison.Ordinal);
        Assert.Contains("| the mean of label is between 0.3 and 0.7 | observed 0.5 | met |", report, StringComparison.Ordinal);
        var evaluate = first.Attempts.Single(a => a.Stage == "evaluate");
        Assert.Contains($"| evaluate | succeeded | accuracy {evaluate.Metrics["accuracy"]:0.####}", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sentiment_RecordsChecksAndScore_AndAMinTestScoreAboveItRefusesPromotion_Issue13()
    {
        var result = await RunAsync(new() { ["min_test_score"] = "6.5" });

        Assert.True(result.Succeeded, result.Run.Error);
        var score = result.Attempts.Single(a => a.Stage == "score");
        Assert.InRange(score.Metrics["test_score"], 2, 6);
        Assert.True(score.Metrics["test_score_infrastructure"] >= 3);
        Assert.Equal("false", result.Attempts.Single(a => a.Stage == "promote").Outputs["promoted"].Value);
        var model = await _fixture.Services.GetRequiredService<ModelRegistry>().GetLineageAsync(ModelReference.Parse("sentiment:1"));
        Assert.Empty(model.Aliases);
        var check = JsonDocument.Parse(await _fixture.Artifacts.ReadTextAsync(result.Attempts.Single(a => a.Stage == "check").Outputs["report"].Value)).RootElement;
        Assert.Equal(["DIR", "INV", "MFT", "NFR"], check.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("kind").GetString()!).Distinct().Order(StringComparer.Ordinal));
        var card = await _fixture.Services.GetRequiredService<ModelQuality>().ReadCardAsync(model.Version);
        Assert.Contains(ModelQuality.NfrHeading, card, StringComparison.Ordinal);
        Assert.Contains(ModelQuality.ScoreHeading, card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sentiment_AnEvaluationUnderTheAlertThreshold_FailsTheRunRed_AndBlocksPromotion()
    {
        var result = await RunAsync(new() { ["alert_below"] = "0.999" });

        Assert.Equal(PipelineRunState.Failed, result.Run.State);
        var evaluate = result.Attempts.Single(a => a.Stage == "evaluate");
        Assert.Equal(StageState.Failed, evaluate.State);
        Assert.StartsWith("alert: stage evaluate: auc 0.", result.Run.Error, StringComparison.Ordinal);
        Assert.EndsWith("is below the threshold 0.999", result.Run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Attempts, a => a.Stage is "promote" or "report");
        var model = await _fixture.Services.GetRequiredService<ModelRegistry>().GetLineageAsync(ModelReference.Parse("sentiment:1"));
        Assert.Empty(model.Aliases);
    }

    public void Dispose() => _fixture.Dispose();
}
