using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Relearn.Tests.Cli;
using static Relearn.Tests.Cli.RelearnProcess;

namespace Relearn.Tests.Server.Monitoring;

/// <summary>
/// Two real <c>relearn serve</c> processes on one PostgreSQL store (RELEARN_TEST_POSTGRES), each with its own home
/// folder, as replicas behind a load balancer are (issue 9, "many replicas"): predictions served by both, labels posted
/// to the replica that did not make the prediction, and the monitoring numbers of either replica count both.
/// </summary>
public sealed class ReplicaMonitoringTests
{
    private const int PerReplica = 40;

    [Fact]
    public async Task TwoReplicasOnOnePostgresStore_LabelsCrossReplicas_AndMonitoringCountsThePredictionsOfBoth_Issue9()
    {
        using var trainer = new TempHome();
        using var homeA = new TempHome();
        using var homeB = new TempHome();
        var (server, database) = await PostgresCliTests.CreateDatabaseAsync();
        try
        {
            var store = new UriBuilder(server) { Path = "/" + database }.Uri.ToString();
            // One artifact store for all (S3 in production); the homes differ, so each replica's JSON Lines log is its own.
            var artifacts = Path.Combine(trainer.Path, "artifacts");
            var train = await RunAsync(trainer.Path, "train", "sentiment", "--data", Samples.Yelp, "--promote", "production", "--store", store, "--artifacts", artifacts);
            Assert.True(train.ExitCode == 0, train.Stderr);
            // Scheduled checks off: the only checks recorded are the ones this test asks for.
            var environment = new Dictionary<string, string> { ["Relearn__Monitoring__CheckInterval"] = "00:00:00" };
            using var a = await ServeProcess.StartAsync(homeA.Path, environment, "--store", store, "--artifacts", artifacts);
            using var b = await ServeProcess.StartAsync(homeB.Path, environment, "--store", store, "--artifacts", artifacts);
            var rows = (await File.ReadAllLinesAsync(Samples.Amazon)).Take(2 * PerReplica).Select(l => l.Split('\t')).ToArray();
            var servedByA = await PredictBatchAsync(a.Client, rows[..PerReplica]);
            var servedByB = await PredictBatchAsync(b.Client, rows[PerReplica..]);

            await PostLabelsAsync(b.Client, servedByA, rows[..PerReplica]);
            await PostLabelsAsync(a.Client, servedByB, rows[PerReplica..]);
            using var checkA = await a.Client.PostAsync("/api/v1/models/sentiment/monitoring/check?since=1h", null);
            using var checkB = await b.Client.PostAsync("/api/v1/models/sentiment/monitoring/check?last=1000", null);
            var monitoring = await b.Client.GetFromJsonAsync<JsonObject>("/api/v1/models/sentiment/monitoring");
            var scrape = await a.Client.GetStringAsync("/metrics");

            Assert.True(checkA.IsSuccessStatusCode, await checkA.Content.ReadAsStringAsync() + a.Output);
            Assert.True(checkB.IsSuccessStatusCode, await checkB.Content.ReadAsStringAsync() + b.Output);
            var byA = (await checkA.Content.ReadFromJsonAsync<JsonObject>())!;
            var byB = (await checkB.Content.ReadFromJsonAsync<JsonObject>())!;
            var expectedAccuracy = servedByA.Concat(servedByB).Zip(rows, (answer, row) => (string)answer["label"]! == ClassOf(row[1]) ? 1.0 : 0.0).Average();
            foreach (var check in new[] { byA, byB })
            {
                var metrics = check["metrics"]!;
                Assert.Equal(2 * PerReplica, (double)metrics["current_rows"]!);
                Assert.Equal(2 * PerReplica, (double)metrics["labelled"]!);
                Assert.Equal(expectedAccuracy, (double)metrics["accuracy"]!, 9);
                Assert.Equal(0, (double)metrics["not_enough_data"]!);
            }
            Assert.Equal((double)byA["metrics"]!["drift_share"]!, (double)byB["metrics"]!["drift_share"]!);
            Assert.Equal((double)byA["metrics"]!["drift_score.text"]!, (double)byB["metrics"]!["drift_score.text"]!);
            Assert.Equal(2 * PerReplica, (long)monitoring!["feedback_labels"]!);
            Assert.Equal(2 * PerReplica, monitoring["performance"]!.AsArray().Sum(p => (long)p!["labelled"]!));
            Assert.Equal(new[] { (string)byB["run_id"]!, (string)byA["run_id"]! }, monitoring["checks"]!.AsArray().Select(c => (string)c!["run_id"]!));
            Assert.Equal(2 * PerReplica, Gauge(scrape, "relearn_monitor_window_predictions{model=\"sentiment\",version=\"1\"}"));
            Assert.Equal(2 * PerReplica, Gauge(scrape, "relearn_monitor_labelled_predictions{model=\"sentiment\",version=\"1\"}"));
            Assert.Equal(2 * PerReplica, Gauge(scrape, "relearn_monitor_feedback_labels{model=\"sentiment\"}"));
        }
        finally
        {
            await PostgresCliTests.DropDatabaseAsync(server, database);
        }
    }

    private static async Task<JsonObject[]> PredictBatchAsync(HttpClient replica, string[][] rows)
    {
        using var response = await replica.PostAsJsonAsync("/api/v1/models/sentiment/predict-batch", new { instances = rows.Select(r => new { text = r[0] }) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray().Select(p => p!.AsObject()).ToArray();
    }

    /// <summary>
    /// Posts the true labels of <paramref name="answers"/> to <paramref name="replica"/>. The replica that served them
    /// writes its log to the store in the background, so until it has, the other replica answers 404 (unknown id): that
    /// is the only answer waited out.
    /// </summary>
    private static async Task PostLabelsAsync(HttpClient replica, JsonObject[] answers, string[][] rows)
    {
        var body = new { items = answers.Select((answer, i) => new { prediction_id = (string)answer["prediction_id"]!, label = ClassOf(rows[i][1]) }) };
        for (var attempt = 0; ; attempt++)
        {
            using var response = await replica.PostAsJsonAsync("/api/v1/models/sentiment/feedback", body);
            if (response.StatusCode != HttpStatusCode.NotFound || attempt == 300)
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                Assert.Equal(answers.Length, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!);
                return;
            }
            await Task.Delay(100);
        }
    }

    private static string ClassOf(string label) => label.Trim() == "1" ? "positive" : "negative";

    private static double Gauge(string scrape, string series)
    {
        var match = Regex.Match(scrape, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"/metrics has no {series}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
