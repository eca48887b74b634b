using System.Text.Json.Nodes;
using Relearn.Core.Storage;

namespace Relearn.Core.Tests.Pipelines.Steps;

public sealed class EvaluateAndPredictStepTests : IDisposable
{
    private readonly PipelineFixture _fixture = new();

    public EvaluateAndPredictStepTests()
    {
        File.Copy(Some.Yelp, Path.Combine(_fixture.Project, "yelp.txt"));
        File.Copy(Some.Amazon, Path.Combine(_fixture.Project, "amazon.txt"));
    }

    private static string Pipeline(string stage) => $$$"""
        name: scoring
        stages:
          train: {step: train, inputs: [yelp.txt], with: {experiment: scoring}}
          register: {step: register, with: {run: "${stages.train.outputs.run}", model: scoring}}
        {{{stage}}}
        """;

    [Fact]
    public async Task Evaluate_OnAnInputFile_ReportsTheTaskMetrics_AndStoresThemAsJson()
    {
        var result = await _fixture.RunAsync(Pipeline("""
              evaluate: {step: evaluate, inputs: [amazon.txt], with: {model: "${stages.register.outputs.version}"}}
              held-out: {step: evaluate, with: {model: "scoring:1"}, after: [register]}
            """));

        Assert.True(result.Succeeded, result.Run.Error);
        var evaluate = result.Attempts.Single(a => a.Stage == "evaluate");
        Assert.Equal(1000, evaluate.Metrics["n"]);
        Assert.InRange(evaluate.Metrics["auc"], 0.6, 1.0);
        var stored = JsonNode.Parse(await _fixture.Artifacts.ReadTextAsync(evaluate.Outputs["metrics"].Value))!;
        Assert.Equal(evaluate.Metrics["auc"], (double?)stored["auc"]);
        var heldOut = result.Attempts.Single(a => a.Stage == "held-out");
        Assert.Equal(200, heldOut.Metrics["n"]);
        Assert.Equal(result.Attempts.Single(a => a.Stage == "train").Metrics["auc"], heldOut.Metrics["auc"], 6);
    }

    [Fact]
    public async Task PredictBatch_ScoresEveryInput_AsCsvInTheArtifactStore()
    {
        var result = await _fixture.RunAsync(Pipeline("""
              predict: {step: predict-batch, inputs: [amazon.txt], with: {model: "${stages.register.outputs.version}", format: csv}}
            """));

        Assert.True(result.Succeeded, result.Run.Error);
        var predict = result.Attempts.Single(a => a.Stage == "predict");
        Assert.Equal(1000, predict.Metrics["rows"]);
        var lines = (await _fixture.Artifacts.ReadTextAsync(predict.Outputs["predictions"].Value)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1001, lines.Length);
        Assert.Contains("probability", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.EndsWith(",scoring,1", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PredictBatch_WithWhere_ScoresOnlyTheMatchingInputs()
    {
        _fixture.File("reviews.jsonl", """
            {"text": "great phone, works well", "state": "open"}
            {"text": "broke after a day", "state": "closed"}
            {"text": "terrible battery", "state": "open"}
            """);

        var result = await _fixture.RunAsync(Pipeline("""
              predict: {step: predict-batch, inputs: [reviews.jsonl], with: {model: "${stages.register.outputs.version}", where: state=open}}
            """));

        Assert.True(result.Succeeded, result.Run.Error);
        var predict = result.Attempts.Single(a => a.Stage == "predict");
        Assert.Equal(2, predict.Metrics["rows"]);
        var rows = (await _fixture.Artifacts.ReadTextAsync(predict.Outputs["predictions"].Value)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
    }

    [Fact]
    public async Task Evaluate_WithoutItsModelArgument_IsRejectedBeforeAnythingRuns()
    {
        var error = await Assert.ThrowsAsync<RelearnException>(() => _fixture.RunAsync(Pipeline("""
              evaluate: {step: evaluate, inputs: [amazon.txt]}
            """)));

        Assert.StartsWith("stage evaluate: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'model'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _fixture.Store.ListPipelineRunsAsync());
    }

    public void Dispose() => _fixture.Dispose();
}
