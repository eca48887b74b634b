using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Parquet;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

public sealed class IssueCloseCliTests
{
    [Fact]
    public async Task TrainEvaluatePredictExport_TheDailyIssueCloseJob()
    {
        using var home = new TempHome();
        var open = home.File("open.jsonl", string.Join('\n', ReadSample().Where(l => (string?)JsonNode.Parse(l)!["state"] == "open").Take(60)));

        var train = await RunAsync(home.Path, "train", "issue-close", "--data", Samples.Issues, "--trials", "3", "--format", "json");
        var models = await RunAsync(home.Path, "models", "list", "--format", "json");
        var evaluation = await RunAsync(home.Path, "evaluate", "issue-close@production", "--data", Samples.Issues, "--format", "json");
        var parquet = await RunAsync(home.Path, "predict", "issue-close@production", "--input", open, "--output", Path.Combine(home.Path, "predictions.parquet"));
        var csv = await RunAsync(home.Path, "predict", "issue-close:1", "--input", open, "--output", Path.Combine(home.Path, "predictions.csv"));
        var datasets = await RunAsync(home.Path, "datasets", "list", "--format", "json");
        var export = await RunAsync(home.Path, "datasets", "export", "issue-close:1", "--output", Path.Combine(home.Path, "examples.jsonl"));

        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Equal(1, (int?)train.Json["version"]);
        Assert.InRange((double)train.Json["metrics"]!["auc"]!, 0.6, 1.0);
        var aliases = models.Json.AsArray().Single(m => (string?)m!["name"] == "issue-close")!["aliases"]!;
        Assert.Equal(1, (int?)aliases["production"]);
        Assert.Equal(1, (int?)aliases["latest"]);
        Assert.True(File.Exists(Path.Combine(home.Path, "artifacts", "refs", RefFile("exports/issue-close/history/v1"))));
        Assert.True(File.Exists(Path.Combine(home.Path, "artifacts", "refs", RefFile("exports/issue-close/latest"))));

        Assert.Equal(0, evaluation.ExitCode);
        foreach (var metric in new[] { "auc", "pr_auc", "logloss", "n", "positives" })
        {
            Assert.NotNull(evaluation.Json[metric]);
        }
        Assert.Equal(2568, (int)evaluation.Json["n"]!);
        Assert.Equal(1067, (int)evaluation.Json["positives"]!);

        Assert.True(parquet.ExitCode == 0, parquet.Stderr);
        await using (var reader = await ParquetReader.CreateAsync(Path.Combine(home.Path, "predictions.parquet")))
        {
            Assert.Equal(["number", "probability", "label", "model", "version"], reader.Schema.GetDataFields().Select(f => f.Name));
            using var group = reader.OpenRowGroupReader(0);
            Assert.Equal(csv.Stderr.Contains("skipped", StringComparison.Ordinal) ? group.RowCount : 60, group.RowCount);
        }
        var csvLines = File.ReadAllLines(Path.Combine(home.Path, "predictions.csv"));
        Assert.Equal("number,probability,label,model,version", csvLines[0]);
        Assert.All(csvLines.Skip(1), line => Assert.EndsWith(",issue-close,1", line, StringComparison.Ordinal));

        Assert.Contains(datasets.Json.AsArray(), d => (string?)d!["name"] == "issue-close" && (int?)d["row_count"] == 2568);
        Assert.Equal(0, export.ExitCode);
        Assert.Equal(2568, File.ReadAllLines(Path.Combine(home.Path, "examples.jsonl")).Length);
        Assert.NotNull(JsonNode.Parse(File.ReadAllLines(Path.Combine(home.Path, "examples.jsonl"))[0])!["number"]);
    }

    [Fact]
    public async Task AucBelowTheAlertThreshold_ExitsNonZero_AndRegistersNothing()
    {
        using var home = new TempHome();

        var train = await RunAsync(home.Path, "train", "issue-close", "--data", Samples.Issues, "--trials", "2", "--alert-below", "0.99");
        var models = await RunAsync(home.Path, "models", "list", "--format", "json");
        var runs = await RunAsync(home.Path, "runs", "list", "--experiment", "issue-close", "--format", "json");

        AssertFailed(train, "quality alert: issue-close: auc");
        Assert.Empty(models.Json.AsArray());
        Assert.Equal("failed", (string?)runs.Json.AsArray().Single(r => r!["parent_run_id"] is null)!["status"]);
    }

    [Fact]
    public async Task AFileOfPullRequestsOnly_FailsWithOneLine_AndStoresNothing()
    {
        using var home = new TempHome();
        var prs = home.File("prs.jsonl", string.Join('\n', ReadSample().Where(l => JsonNode.Parse(l)!["pull_request"] is JsonObject).Take(100)));

        var train = await RunAsync(home.Path, "train", "issue-close", "--data", prs);

        AssertFailed(train, "no issues to learn from (100 pull requests");
        Assert.Empty(home.Objects());
    }

    private static IEnumerable<string> ReadSample()
    {
        using var gzip = new GZipStream(File.OpenRead(Samples.Issues), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string RefFile(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes(name)).Replace('/', '_').Replace('+', '-');
}
