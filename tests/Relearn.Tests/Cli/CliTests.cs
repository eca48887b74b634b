using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public async Task Quickstart_OnAFreshHome_TrainsRegistersAndPromotesEveryReferenceModel()
    {
        using var home = new TempHome();

        var quickstart = await RunAsync(home.Path, "quickstart");
        var models = await RunAsync(home.Path, "models", "list", "--format", "json");
        var evaluation = await RunAsync(home.Path, "evaluate", "sentiment@production", "--data", Samples.Amazon, "--format", "json");
        var runs = await RunAsync(home.Path, "runs", "list", "--experiment", "sentiment", "--format", "json");
        var issueCloseRuns = await RunAsync(home.Path, "runs", "list", "--experiment", "issue-close", "--format", "json");
        var show = await RunAsync(home.Path, "models", "show", "sentiment@production", "--format", "json");

        Assert.True(quickstart.ExitCode == 0, quickstart.Stderr);
        var sentiment = models.Json.AsArray().Single(m => (string?)m!["name"] == "sentiment")!;
        Assert.Equal(1, (int?)sentiment["aliases"]!["production"]);
        var issueClose = models.Json.AsArray().Single(m => (string?)m!["name"] == "issue-close")!;
        Assert.Equal(1, (int?)issueClose["aliases"]!["production"]);
        Assert.Equal(31, issueCloseRuns.Json.AsArray().Count);
        var reviewAssist = models.Json.AsArray().Single(m => (string?)m!["name"] == "review-assist")!;
        Assert.Equal(1, (int?)reviewAssist["aliases"]!["production"]);
        Assert.Equal(0, evaluation.ExitCode);
        foreach (var metric in new[] { "accuracy", "auc", "logloss", "f1_positive", "f1_negative", "precision_positive", "recall_negative" })
        {
            Assert.NotNull(evaluation.Json[metric]);
        }
        Assert.Equal(1000, (int?)evaluation.Json["n"]);
        var run = Assert.Single(runs.Json.AsArray())!;
        Assert.Equal("finished", (string?)run["status"]);
        Assert.Equal("sentiment:1", (string?)show.Json["dataset"]!["id"] ?? $"{show.Json["dataset"]!["name"]}:{show.Json["dataset"]!["version"]}");
        Assert.Equal((string?)run["run_id"], (string?)show.Json["run"]!["info"]!["run_id"]);
    }

    [Fact]
    public async Task PromoteRefuseForceRollback_ThroughTheCli()
    {
        using var home = new TempHome();
        var weak = home.File("weak.txt", string.Join('\n', File.ReadAllLines(Samples.Yelp).Where((_, i) => i % 25 == 0)));

        var good = await RunAsync(home.Path, "train", "sentiment", "--data", Samples.Yelp, "--model", "m", "--promote", "production", "--format", "json");
        var bad = await RunAsync(home.Path, "train", "sentiment", "--data", weak, "--model", "m", "--format", "json");
        var refused = await RunAsync(home.Path, "models", "promote", "m:2", "--data", Samples.Amazon);
        var stillOne = await RunAsync(home.Path, "models", "list", "--format", "json");
        var forced = await RunAsync(home.Path, "models", "promote", "m:2", "--force");
        var rolledBack = await RunAsync(home.Path, "models", "rollback", "m");
        var after = await RunAsync(home.Path, "models", "list", "--format", "json");
        var noMore = await RunAsync(home.Path, "models", "rollback", "m");

        Assert.True(good.ExitCode == 0, good.Stderr);
        Assert.True(bad.ExitCode == 0, bad.Stderr);
        Assert.Equal(2, (int?)bad.Json["version"]);
        AssertFailed(refused, "refused: version 2 scores auc");
        Assert.Equal(1, (int?)stillOne.Json[0]!["aliases"]!["production"]);
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(0, rolledBack.ExitCode);
        Assert.Contains("version 2 -> 1", rolledBack.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, (int?)after.Json[0]!["aliases"]!["production"]);
        AssertFailed(noMore, "no previous version");
    }

    [Fact]
    public async Task Predict_JsonInputAndTextFile_WriteJsonLines()
    {
        using var home = new TempHome();
        await RunAsync(home.Path, "train", "sentiment", "--data", Samples.Yelp, "--promote", "production", "--format", "json");
        var texts = home.File("texts.txt", "I love this phone\nThis is the worst purchase\n");

        var single = await RunAsync(home.Path, "predict", "sentiment", "--input", "{\"text\":\"absolutely wonderful\"}");
        var file = await RunAsync(home.Path, "predict", "sentiment@production", "--input", texts, "--output", Path.Combine(home.Path, "out.jsonl"));

        Assert.Equal(0, single.ExitCode);
        Assert.Equal("positive", (string?)System.Text.Json.Nodes.JsonNode.Parse(single.Stdout)!["label"]);
        Assert.Equal(0, file.ExitCode);
        var lines = File.ReadAllLines(Path.Combine(home.Path, "out.jsonl"));
        Assert.Equal(["positive", "negative"], lines.Select(l => (string?)System.Text.Json.Nodes.JsonNode.Parse(l)!["label"]));
    }

    public static TheoryData<string, string, string> BadTrainingFiles => new()
    {
        { "garbage.txt", "just some words\nwithout any labels\n", "garbage.txt line 1: expected tab-separated text and label" },
        { "labels.txt", "good\t1\nbad\tmaybe\n", "labels.txt line 2: label 'maybe'" },
        { "empty.txt", "\n\n", "the dataset is empty" },
        { "one-class.txt", "good\t1\ngreat\t1\nfine\t1\n", "at least 2 rows of each class" },
    };

    [Theory]
    [MemberData(nameof(BadTrainingFiles))]
    public async Task Train_OnBadData_FailsWithOneLine_AndStoresNothing(string name, string content, string reason)
    {
        using var home = new TempHome();
        var path = home.File(name, content);

        var result = await RunAsync(home.Path, "train", "sentiment", "--data", path);
        var runs = await RunAsync(home.Path, "runs", "list", "--experiment", "sentiment", "--format", "json");
        var issueCloseRuns = await RunAsync(home.Path, "runs", "list", "--experiment", "issue-close", "--format", "json");

        AssertFailed(result, reason);
        Assert.Empty(runs.Json.AsArray());
        Assert.Empty(home.Objects());
    }

    [Fact]
    public async Task Train_WithAMissingFile_FailsAndLeavesAnExistingStoreUnchanged()
    {
        using var home = new TempHome();
        await RunAsync(home.Path, "train", "sentiment", "--data", Samples.Yelp);
        var objectsBefore = home.Objects();
        var runsBefore = (await RunAsync(home.Path, "runs", "list", "--format", "json")).Stdout;

        var result = await RunAsync(home.Path, "train", "sentiment", "--data", Path.Combine(home.Path, "missing.txt"));

        AssertFailed(result, "missing.txt' does not exist");
        Assert.Equal(objectsBefore, home.Objects());
        Assert.Equal(runsBefore, (await RunAsync(home.Path, "runs", "list", "--format", "json")).Stdout);
    }

    [Theory]
    [InlineData("evaluate", "ghost", "model 'ghost' does not exist")]
    [InlineData("predict", "ghost@production", "model 'ghost' does not exist")]
    [InlineData("models", "show", "model 'show' does not exist")]
    [InlineData("runs", "show", "does not exist")]
    public async Task UnknownThings_FailWithOneLine(string verb, string target, string reason)
    {
        using var home = new TempHome();
        string[] args = (verb, target) switch
        {
            ("evaluate", _) => [verb, target, "--data", Samples.Yelp],
            ("predict", _) => [verb, target, "--input", "{\"text\":\"x\"}"],
            ("models", _) => [verb, target, "show"],
            _ => [verb, target, "0123456789abcdef0123456789abcdef"],
        };

        AssertFailed(await RunAsync(home.Path, args), reason);
    }

    [Fact]
    public async Task TwoProcesses_TrainingIntoOneHomeAtOnce_BothLand()
    {
        using var home = new TempHome();
        await RunAsync(home.Path, "runs", "list");

        var results = await Task.WhenAll(
            RunAsync(home.Path, "train", "sentiment", "--data", Samples.Yelp, "--format", "json"),
            RunAsync(home.Path, "train", "sentiment", "--data", Samples.Amazon, "--format", "json"));
        var runs = await RunAsync(home.Path, "runs", "list", "--experiment", "sentiment", "--format", "json");
        var issueCloseRuns = await RunAsync(home.Path, "runs", "list", "--experiment", "issue-close", "--format", "json");
        var models = await RunAsync(home.Path, "models", "list", "--format", "json");

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.Equal(2, runs.Json.AsArray().Count(r => (string?)r!["status"] == "finished"));
        Assert.Equal([1, 2], results.Select(r => (int)r.Json["version"]!).Order());
        Assert.Equal(2, (int?)models.Json[0]!["latest_version"]);
    }

    [Fact]
    public async Task UsageErrors_ExitNonZero()
    {
        using var home = new TempHome();

        Assert.NotEqual(0, (await RunAsync(home.Path, "train", "sentiment")).ExitCode);
        Assert.NotEqual(0, (await RunAsync(home.Path, "no-such-verb")).ExitCode);
        AssertFailed(await RunAsync(home.Path, "models", "promote", "sentiment"), "name the version to promote");
    }
}
