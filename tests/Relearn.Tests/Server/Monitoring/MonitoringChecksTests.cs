using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Monitoring;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;

namespace Relearn.Tests.Server.Monitoring;

/// <summary>The <c>monitor</c> pipeline step, checks recorded as runs, and the <c>/metrics</c> gauges with the shipped Grafana/Prometheus files (issue 9).</summary>
public sealed partial class MonitoringChecksTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task MonitorStep_DriftShareAboveTheAlert_FailsTheRun_AndEveryCheckIsATrackingRun_Issue9()
    {
        var amazon = (await File.ReadAllLinesAsync(Samples.Amazon)).Take(120).Select(l => l.Split('\t')[0]).ToArray();
        await PredictBatchAsync(amazon);
        var project = Directory.CreateTempSubdirectory("relearn-monitor-step-").FullName;
        var file = Path.Combine(project, "relearn.yaml");
        await File.WriteAllTextAsync(file, """
            name: watch
            stages:
              check:
                step: monitor
                with: {model: sentiment, last: "120"}
                alerts: [{metric: drift_share, above: "0.1"}]
            """);
        var executor = server.Services.GetRequiredService<PipelineExecutor>();

        var first = await executor.StartAsync(PipelineSource.FromFile(file), new Dictionary<string, string>(), [], "test");
        var second = await executor.StartAsync(PipelineSource.FromFile(file), new Dictionary<string, string>(), [], "test");

        Assert.Equal(PipelineRunState.Failed, first.Run.State);
        Assert.StartsWith("alert: stage check: drift_share", first.Run.Error, StringComparison.Ordinal);
        Assert.Equal(PipelineRunState.Failed, second.Run.State);
        var tracking = server.Services.GetRequiredService<ITrackingStore>();
        var runs = await tracking.ListRunsAsync(ModelMonitor.ExperimentName("sentiment"));
        Assert.True(runs.Count >= 2, "each check, cached or not, is its own run");
        var run = (await tracking.GetRunAsync(runs[0].RunId))!;
        Assert.InRange(run.Metrics["drift_share"], 0.1, 1);
        Assert.Equal(120, run.Metrics["current_rows"]);
        Assert.Contains(run.Artifacts, a => a.Path == ModelMonitor.ReportArtifact);
        Assert.Equal("sentiment", run.Tags["relearn.model"]);
    }

    [Fact]
    public async Task Metrics_AfterACheckWithLabels_ExportEveryMetricTheGrafanaDashboardAndAlertRulesName_Issue9()
    {
        var rows = (await File.ReadAllLinesAsync(Samples.Yelp)).Skip(500).Take(40).Select(l => l.Split('\t')).ToArray();
        var answers = await PredictBatchAsync(rows.Select(r => r[0]).ToArray());
        using var feedback = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/feedback",
            new { items = answers.Select((a, i) => new { prediction_id = (string)a["prediction_id"]!, label = rows[i][1] == "1" }) });
        feedback.EnsureSuccessStatusCode();
        var check = await server.Services.GetRequiredService<ModelMonitor>().CheckAsync(ModelReference.Parse("sentiment"), MonitorWindow.LastPredictions(40));

        var metrics = await server.Client.GetStringAsync("/metrics");

        var accuracy = Regex.Match(metrics, "^relearn_monitor_labelled_accuracy\\{model=\"sentiment\",version=\"1\"\\} (\\S+)$", RegexOptions.Multiline);
        Assert.True(accuracy.Success, "no labelled accuracy gauge");
        Assert.Equal(check.Labelled.Metrics["accuracy"], double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(40, check.Labelled.Labelled);
        Assert.Matches("relearn_monitor_column_drift_score\\{model=\"sentiment\",version=\"1\",column=\"text\",test=\"[a-z_]+\"\\}", metrics);
        Assert.Matches("relearn_monitor_feedback_labels\\{model=\"sentiment\"\\} [1-9]", metrics);
        var named = new[] { "grafana-dashboard.json", "prometheus-alerts.yml" }
            .SelectMany(f => MetricName().Matches(File.ReadAllText(Path.Combine(Samples.RepositoryRoot, "docs", "monitoring", f))).Select(m => m.Value))
            .Distinct().ToArray();
        Assert.Contains("relearn_monitor_drift_share", named);
        Assert.All(named, name => Assert.True(Regex.IsMatch(metrics, $"^{name}(\\{{| )", RegexOptions.Multiline), $"{name} is named in docs/monitoring but not exported"));
    }

    [GeneratedRegex("relearn_[a-z_]+")]
    private static partial Regex MetricName();

    private async Task<JsonObject[]> PredictBatchAsync(string[] texts)
    {
        using var response = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/predict-batch", new { instances = texts.Select(t => new { text = t }) });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray().Select(p => p!.AsObject()).ToArray();
    }
}
