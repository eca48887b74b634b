using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Cli;

/// <summary>
/// <c>relearn monitor drift --reference A --current B</c> as a real process, against what pandas + scipy give with
/// Evidently's choice of tests (Cli/MonitorData/make_monitor_data.py runs bench/monitoring/drift_peer.py).
/// </summary>
public sealed class MonitorCliTests
{
    private static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "Cli", "MonitorData", file);

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public async Task MonitorDrift_TwoCsvFiles_GivesEvidentlysTestsWithScipysNumbers_Issue9(string pair)
    {
        using var home = new TempHome();

        var result = await RunAsync(home.Path, "monitor", "drift", "--reference", Data($"{pair}-reference.csv"), "--current", Data($"{pair}-current.csv"), "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var expected = JsonNode.Parse(File.ReadAllText(Data($"{pair}-expected.json")).Replace("Infinity", "\"Infinity\"", StringComparison.Ordinal))!;
        Assert.Equal((bool)expected["dataset_drift"]!, (bool)result.Json["dataset_drift"]!);
        Assert.Equal((int)expected["drifted_columns"]!, (int)result.Json["drifted_columns"]!);
        Assert.Equal((double)expected["share"]!, (double)result.Json["share"]!, 1e-12);
        var columns = result.Json["columns"]!.AsArray();
        foreach (var want in expected["columns"]!.AsArray())
        {
            var got = columns.Single(c => (string)c!["column"]! == (string)want!["column"]!)!;
            foreach (var field in new[] { "type", "test" })
            {
                Assert.Equal((string)want![field]!, (string)got[field]!);
            }
            Assert.Equal((bool)want!["drift"]!, (bool)got["drift"]!);
            Assert.Equal(Number(want["statistic"]), Number(got["statistic"]), 1e-6);
            Assert.Equal((double)want["threshold"]!, (double)got["threshold"]!);
            Assert.Equal(want["p_value"] is null, got["p_value"] is null);
            if (want["p_value"] is { } p)
            {
                Assert.Equal((double)p, (double)got["p_value"]!, 1e-6);
            }
            Assert.Equal((long)want["reference_missing"]!, (long)got["reference_missing"]!);
            Assert.Equal((long)want["current_missing"]!, (long)got["current_missing"]!);
        }
    }

    [Fact]
    public async Task MonitorDrift_JsonLinesCurrent_GivesTheSameReportAsCsv_Issue9()
    {
        using var home = new TempHome();
        var lines = File.ReadAllLines(Data("small-current.csv"));
        var header = lines[0].Split(',');
        var jsonl = home.File("current.jsonl", string.Join('\n', lines.Skip(1).Select(line =>
        {
            var row = new JsonObject();
            var cells = line.Split(',');
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = cells[i].Length == 0 ? null
                    : double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? JsonValue.Create(x) : JsonValue.Create(cells[i]);
            }
            return row.ToJsonString();
        })));

        var fromCsv = await RunAsync(home.Path, "monitor", "drift", "--reference", Data("small-reference.csv"), "--current", Data("small-current.csv"), "--format", "json");
        var fromJsonl = await RunAsync(home.Path, "monitor", "drift", "--reference", Data("small-reference.csv"), "--current", jsonl, "--format", "json");

        Assert.True(fromJsonl.ExitCode == 0, fromJsonl.Stderr);
        Assert.Equal(fromCsv.Json["columns"]!.ToJsonString(), fromJsonl.Json["columns"]!.ToJsonString());
    }

    [Fact]
    public async Task MonitorDrift_StatTestAndThresholdOverrides_AreApplied_Issue9()
    {
        using var home = new TempHome();

        var result = await RunAsync(home.Path, "monitor", "drift", "--reference", Data("small-reference.csv"), "--current", Data("small-current.csv"),
            "--stattest", "amount=psi", "channel=hellinger", "--threshold", "amount=0.9", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var amount = result.Json["columns"]!.AsArray().Single(c => (string)c!["column"]! == "amount")!;
        Assert.Equal("psi", (string)amount["test"]!);
        Assert.Equal(0.9, (double)amount["threshold"]!);
        Assert.Null(amount["p_value"]);
        Assert.Equal("hellinger", (string)result.Json["columns"]!.AsArray().Single(c => (string)c!["column"]! == "channel")!["test"]!);
    }

    [Fact]
    public async Task MonitorDrift_HtmlReport_IsSelfContainedWithAChartPerColumn_Issue9()
    {
        using var home = new TempHome();
        var report = Path.Combine(home.Path, "drift.html");

        var result = await RunAsync(home.Path, "monitor", "drift", "--reference", Data("small-reference.csv"), "--current", Data("small-current.csv"), "--report", report);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("dataset drift: yes (4 of 5 columns", result.Stdout, StringComparison.Ordinal);
        var html = File.ReadAllText(report);
        Assert.Contains("Dataset drift detected", html, StringComparison.Ordinal);
        foreach (var column in new[] { "amount", "items", "returning", "channel", "plan" })
        {
            Assert.Contains($"id=\"col-{column}\"", html, StringComparison.Ordinal);
        }
        Assert.Equal(5, html.Split("<svg", StringSplitOptions.None).Length - 1);
        // Nothing loaded from elsewhere: no scripts, stylesheets or images by URL.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MonitorDrift_MismatchedColumns_NamesMissingAndExtra_Issue9()
    {
        using var home = new TempHome();
        var reference = home.File("reference.csv", "a,b,c\n1,2,x\n3,4,y\n");
        var current = home.File("current.csv", "a,c,d\n1,x,5\n");

        var result = await RunAsync(home.Path, "monitor", "drift", "--reference", reference, "--current", current);

        AssertFailed(result, "the tables' columns differ (missing from current: b; not in reference: d)");
    }

    [Fact]
    public async Task MonitorDrift_NonNumericValueInANumericColumn_NamesRowAndColumn_Issue9()
    {
        using var home = new TempHome();
        var reference = home.File("reference.csv", "a,b\n1,2\n3,4\n5,6\n");
        var current = home.File("current.csv", "a,b\n1,2\n3,oops\n");

        var result = await RunAsync(home.Path, "monitor", "drift", "--reference", reference, "--current", current);

        AssertFailed(result, "current.csv row 2, column 'b': 'oops' is not a number");
    }

    [Fact]
    public async Task MonitorDrift_EmptyCurrent_SaysNotEnoughDataNotAnError_Issue9()
    {
        using var home = new TempHome();
        var reference = home.File("reference.csv", "a,b\n1,x\n3,y\n5,x\n");
        var current = home.File("current.csv", "a,b\n");

        var result = await RunAsync(home.Path, "monitor", "drift", "--reference", reference, "--current", current, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("not enough data", (string)result.Json["verdict"]!);
        Assert.False((bool)result.Json["dataset_drift"]!);
        Assert.All(result.Json["columns"]!.AsArray(), c => Assert.Null(c!["statistic"]));
    }

    [Fact]
    public async Task MonitorDrift_UnknownStatTest_FailsWithOneLine_Issue9()
    {
        using var home = new TempHome();

        var result = await RunAsync(home.Path, "monitor", "drift", "--reference", Data("small-reference.csv"), "--current", Data("small-current.csv"), "--stattest", "amount=magic");

        AssertFailed(result, "unknown stat test 'magic'");
    }

    private static double Number(JsonNode? node) => node!.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? double.Parse((string)node!, CultureInfo.InvariantCulture)
        : (double)node;
}

/// <summary><c>relearn monitor feedback MODEL --input FILE</c> against predictions a real server stored (issue 9).</summary>
public sealed class MonitorFeedbackCliTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task MonitorFeedback_JsonLinesFile_StoresLabelsForServedPredictions_Issue9()
    {
        var a = await server.PredictAsync("sentiment", "Great burgers");
        var b = await server.PredictAsync("sentiment", "Slow and rude");
        await server.Services.GetRequiredService<Relearn.Core.Serving.PredictionLog>().FlushAsync();
        var file = Path.Combine(server.Home, $"labels-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, [$"{{\"prediction_id\": \"{a["prediction_id"]}\", \"label\": 1}}", $"{{\"prediction_id\": \"{b["prediction_id"]}\", \"label\": \"0\"}}"]);
        var unknown = Path.Combine(server.Home, $"unknown-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(unknown, $"{{\"prediction_id\": \"{Guid.NewGuid()}\", \"label\": 1}}");

        var result = await RunAsync(server.Home, "monitor", "feedback", "sentiment", "--input", file);
        var missing = await RunAsync(server.Home, "monitor", "feedback", "sentiment", "--input", unknown);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("accepted 2 labels for sentiment", result.Stdout, StringComparison.Ordinal);
        var labelled = await server.Services.GetRequiredService<Relearn.Core.Monitoring.Feedback.IPredictionStore>().ListLabelledAsync("sentiment", 1000);
        Assert.Contains(labelled, l => l.Prediction.PredictionId == (string)a["prediction_id"]! && l.Label.LabelJson == "\"positive\"");
        AssertFailed(missing, "has no prediction");
    }
}
