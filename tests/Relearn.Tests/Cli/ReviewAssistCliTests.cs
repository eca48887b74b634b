using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

public sealed class ReviewAssistCliTests
{
    private static string CodeReview(string name) => Path.Combine(AppContext.BaseDirectory, "samples", "code-review", name);

    [Fact]
    public async Task PipelineThenEvaluate_ReportsTheIssuesMetricContract_OnFilesNeverTrainedOn_Issue11()
    {
        using var home = new TempHome();

        var pipeline = await RunAsync(home.Path, "pipeline", "run", "review-assist", "--param", "trials=4", "--format", "json");
        var location = await RunAsync(home.Path, "evaluate", "review-assist@production", "--data", CodeReview("cls-diff_estimation_101_200.jsonl"), "--format", "json");
        var comments = await RunAsync(home.Path, "evaluate", "review-assist@production", "--data", CodeReview("msg-test-100.jsonl"), "--format", "json");
        var bad = await RunAsync(home.Path, "evaluate", "review-assist@production", "--data", home.File("bad.jsonl", "{\"patch\": \"no hunk header\", \"y\": 1}\n"), "--format", "json");
        var score = await RunAsync(home.Path, "models", "score", "review-assist", "--format", "json");

        Assert.True(pipeline.ExitCode == 0, pipeline.Stderr + pipeline.Stdout);
        Assert.True(location.ExitCode == 0, location.Stderr);
        foreach (var metric in new[] { "n", "auc", "precision", "recall", "f1", "accuracy", "bleu4", "distinct", "semantic" })
        {
            Assert.True(location.Json.AsObject().ContainsKey(metric), metric);
        }
        Assert.Equal(99, (int)location.Json["n_location"]!);
        Assert.InRange((double)location.Json["auc"]!, 0, 1);
        Assert.InRange((double)location.Json["semantic"]!, 0.01, 1); // the file's 47 commented hunks carry the reviewer's msg
        Assert.Equal(0, comments.ExitCode);
        Assert.Equal(100, (int)comments.Json["n_comments"]!);
        Assert.Equal(7.71, (double)comments.Json["bleu4_constant"]!); // what CodeReviewer's bleu_fromstr gives "Why is this needed?" here
        Assert.InRange((double)comments.Json["bleu4"]!, 0.01, 100);
        Assert.InRange((double)comments.Json["distinct"]!, 0.01, 1);
        AssertFailed(bad, "row 1: the patch has no @@ hunk header");

        // The pipeline's check and score stages (issue 13): the leak, invariance and direction checks count as evidence, the
        // location F1 against always commenting is the simpler-model test, and promotion needed a score of 2.
        Assert.True(score.ExitCode == 0, score.Stderr);
        Assert.InRange((double)score.Json["score"]!, 2, 7);
        var tests = score.Json["tests"]!.AsArray().ToDictionary(t => (string)t!["id"]!, t => t!);
        Assert.Equal("automated", (string)tests["model-5"]["status"]!);
        Assert.Contains("commenting on every hunk", (string)tests["model-5"]["evidence"]!, StringComparison.Ordinal);
    }
}
