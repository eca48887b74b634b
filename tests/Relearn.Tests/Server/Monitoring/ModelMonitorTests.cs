using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core;
using Relearn.Core.Monitoring;
using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Monitoring.Profiles;
using Relearn.Core.Registry;
using Relearn.Core.Serving;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Tests.Server.Monitoring;

/// <summary>Reference profiles, drift of the prediction log and labelled performance, over a real server (issue 9).</summary>
public sealed class ModelMonitorTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private ModelMonitor Monitor => server.Services.GetRequiredService<ModelMonitor>();

    [Fact]
    public async Task RegisterAsync_StoresACompactReferenceProfileWithInputAndPredictionColumns_Issue9()
    {
        var artifacts = server.Services.GetRequiredService<IArtifactStore>();

        var digest = await artifacts.GetReferenceAsync(ReferenceProfiles.ReferenceName("sentiment", 1));
        var profile = await server.Services.GetRequiredService<ReferenceProfiles>().GetAsync(
            await server.Services.GetRequiredService<ModelRegistry>().ResolveAsync(ModelReference.Parse("sentiment:1")));

        Assert.NotNull(digest);
        Assert.Equal(1000, profile.Rows);
        var text = profile.Columns.Single(c => c.Name == "text");
        Assert.Equal(ColumnKind.Text, text.Kind);
        Assert.Equal(1000, text.Count);
        Assert.True(text.Values!.Length <= ReferenceProfileBuilder.MaxSample);
        Assert.Contains("the", text.Vocabulary!.Keys);
        Assert.Equal(21, text.LengthQuantiles!.Length);
        var label = profile.Columns.Single(c => c.Name == "prediction.label");
        Assert.Equal(ColumnKind.Cat, label.Kind);
        Assert.Equal(1.0, label.Shares!.Values.Sum(), 9);
        var probability = profile.Columns.Single(c => c.Name == "prediction.probability");
        Assert.Equal(ColumnKind.Num, probability.Kind);
        Assert.InRange(probability.Quantiles![10], 0, 1);
        Assert.True(profile.Metrics.ContainsKey("auc"));
        Assert.True((await artifacts.ReadBytesAsync(digest!)).Length < 200_000, "a profile is a sketch, not the data");
    }

    [Fact]
    public async Task DriftAsync_FewPredictions_GivesTheNotEnoughDataVerdictNotAnError_Issue9()
    {
        await server.PredictAsync("sentiment", "Nice place");

        var report = await Monitor.DriftAsync(ModelReference.Parse("sentiment"), MonitorWindow.LastPredictions(3));

        Assert.Equal(DriftAnalyzer.NotEnoughData, report.Verdict);
        Assert.False(report.DatasetDrift);
        Assert.Equal(1, report.Version);
        Assert.Contains(report.Columns, c => c.Column == "text" && c.Statistic is null);
    }

    [Fact]
    public async Task DriftAsync_PhoneReviewsAgainstARestaurantModel_FindsTextDrift_AndRestaurantReviewsDoNot_Issue9()
    {
        var amazon = (await File.ReadAllLinesAsync(Samples.Amazon)).Take(150).Select(l => l.Split('\t')[0]).ToArray();
        var yelp = (await File.ReadAllLinesAsync(Samples.Yelp)).Where((_, i) => i % 7 == 0).Take(150).Select(l => l.Split('\t')[0]).ToArray();

        await PredictBatchAsync(yelp);
        var same = await Monitor.DriftAsync(ModelReference.Parse("sentiment"), MonitorWindow.LastPredictions(150));
        await PredictBatchAsync(amazon);
        var shifted = await Monitor.DriftAsync(ModelReference.Parse("sentiment"), MonitorWindow.LastPredictions(150));

        Assert.Null(shifted.Verdict);
        Assert.Equal(150, shifted.CurrentRows);
        Assert.True(shifted.Columns.Single(c => c.Column == "text").Drift, "phone reviews against a restaurant reference");
        Assert.False(same.Columns.Single(c => c.Column == "text").Drift, "restaurant reviews the model was trained on");
        Assert.Contains(shifted.Columns, c => c.Column == "prediction.probability" && c.Test == "ks");
    }

    [Fact]
    public async Task DriftAsync_SecondCheck_ReadsOnlyPredictionsLoggedSinceTheFirst_Issue9()
    {
        // A monitor of its own, so no other test's checks have read the log before; forty predictions from half an hour
        // ago: in the window, and older than the late-arrival margin.
        var monitor = ActivatorUtilities.CreateInstance<ModelMonitor>(server.Services);
        await StoreAsync(await PredictBatchAsync(Enumerable.Range(0, 40).Select(i => $"Visit number {i} was fine").ToArray()), TimeSpan.FromMinutes(-30));
        await monitor.DriftAsync(ModelReference.Parse("sentiment"), MonitorWindow.Since(TimeSpan.FromHours(1)));
        var before = monitor.PredictionsRead("sentiment", 1);

        await PredictBatchAsync(["One more visit", "And another one"]);
        var report = await monitor.DriftAsync(ModelReference.Parse("sentiment"), MonitorWindow.Since(TimeSpan.FromHours(1)));

        // What was made within ModelMonitor.LateArrival of the newest row read comes again (another replica may store
        // it late); the half-hour-old rows do not.
        Assert.True(report.CurrentRows >= 82, $"{report.CurrentRows} rows in the window");
        Assert.InRange(monitor.PredictionsRead("sentiment", 1) - before, 2, report.CurrentRows - 40);
    }

    [Fact]
    public async Task DriftAsync_APredictionAnotherReplicaStoredAfterTheCheck_IsCountedByTheNextCheck_Issue9()
    {
        var monitor = ActivatorUtilities.CreateInstance<ModelMonitor>(server.Services);
        var window = MonitorWindow.Since(TimeSpan.FromHours(1));
        var made = await PredictBatchAsync(["Made on the other replica, stored late", "Made here"]);
        // The other replica's prediction is two seconds older than this one's but reaches the store only after a check.
        var stored = await StoreAsync(made[1..], TimeSpan.Zero);
        var first = await monitor.DriftAsync(ModelReference.Parse("sentiment"), window);
        await StoreAsync(made[..1], TimeSpan.FromSeconds(-2), after: stored[0].At);

        var second = await monitor.DriftAsync(ModelReference.Parse("sentiment"), window);
        var third = await monitor.DriftAsync(ModelReference.Parse("sentiment"), window);

        Assert.Equal(first.CurrentRows + 1, second.CurrentRows);
        Assert.Equal(second.CurrentRows, third.CurrentRows);
    }

    /// <summary>
    /// Stores what the answers were asked as new predictions (fresh ids), made <paramref name="shift"/> from now (or from
    /// <paramref name="after"/>), as a replica's log writer does: the monitor reads the store, not the answers.
    /// </summary>
    private async Task<StoredPrediction[]> StoreAsync(JsonObject[] answers, TimeSpan shift, DateTimeOffset? after = null)
    {
        await server.Services.GetRequiredService<PredictionLog>().FlushAsync();
        var store = server.Services.GetRequiredService<IPredictionStore>();
        var logged = await store.GetPredictionsAsync("sentiment", answers.Select(a => (string)a["prediction_id"]!).ToArray());
        var at = (after ?? DateTimeOffset.UtcNow) + shift;
        var copies = answers.Select(a => logged[(string)a["prediction_id"]!] with { PredictionId = Guid.NewGuid().ToString(), At = at }).ToArray();
        await store.AppendPredictionsAsync(copies);
        return copies;
    }

    [Fact]
    public async Task DriftAsync_FileWithOtherColumns_FailsWithOneLineNamingThem_Issue9()
    {
        var file = Path.Combine(server.Home, $"current-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, ["review,stars", "nice,5"]);

        var error = await Assert.ThrowsAsync<RelearnException>(() => Monitor.DriftAsync(ModelReference.Parse("sentiment"), MonitorWindow.File(file)));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
        Assert.Contains("missing from current: text", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in the reference profile: review, stars", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task LabelledPerformanceAsync_JoinsLabelsThatArriveLater_AndScoresThem_Issue9()
    {
        var rows = (await File.ReadAllLinesAsync(Samples.Amazon)).Skip(300).Take(40).Select(l => l.Split('\t')).ToArray();
        var answers = await PredictBatchAsync(rows.Select(r => r[0]).ToArray());
        var items = answers.Select((a, i) => new { prediction_id = (string)a["prediction_id"]!, label = int.Parse(rows[i][1], System.Globalization.CultureInfo.InvariantCulture) }).ToArray();
        using var response = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/feedback", new { items });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var performance = await Monitor.LabelledPerformanceAsync("sentiment", 1, 40);
        var overTime = await Monitor.PerformanceOverTimeAsync("sentiment", 1, TimeSpan.FromDays(1));

        var right = answers.Where((a, i) => (string)a["label"]! == (rows[i][1] == "1" ? "positive" : "negative")).Count();
        Assert.Equal(40, performance.Labelled);
        Assert.Equal(right / 40.0, performance.Metrics["accuracy"], 12);
        Assert.InRange(performance.Metrics["auc"], 0.5, 1);
        Assert.Contains("f1", performance.Metrics.Keys);
        Assert.True(overTime.Sum(w => w.Labelled) >= 40);
        var report = await Monitor.DriftAsync(ModelReference.Parse("sentiment"), MonitorWindow.LastPredictions(40));
        Assert.Equal("reference", report.Performance![0].Label);
        Assert.Equal(report.ReferenceMetrics!["auc"], report.Performance[0].Metrics["auc"]);
    }

    [Fact]
    public async Task DriftAsync_VersionRegisteredWithoutAProfile_BuildsOneOnDemandFromItsDatasetVersion_Issue9()
    {
        var store = server.Services.GetRequiredService<IModelRegistryStore>();
        var run = (await server.Services.GetRequiredService<ITrackingStore>().GetRunAsync(server.AmazonRun.RunId))!;
        var name = $"legacy-{Guid.NewGuid():N}"[..16];
        // Straight into the store, as versions registered before profiles existed were.
        var version = await store.CreateVersionAsync(name, "text-classification", run.Info.RunId, run.Artifacts.Single(a => a.Path == ModelRegistry.ModelArtifact).Digest,
            run.Info.DatasetVersion, run.Metrics.ToDictionary());
        var artifacts = server.Services.GetRequiredService<IArtifactStore>();
        Assert.Null(await artifacts.GetReferenceAsync(ReferenceProfiles.ReferenceName(name, version.Version)));

        var report = await Monitor.DriftAsync(new ModelReference(name, null, version.Version), MonitorWindow.LastPredictions(10));

        Assert.Equal(DriftAnalyzer.NotEnoughData, report.Verdict);
        Assert.NotNull(await artifacts.GetReferenceAsync(ReferenceProfiles.ReferenceName(name, version.Version)));
        Assert.Equal(1000, report.ReferenceRows);
    }

    [Fact]
    public async Task MonitorDriftCli_ModelAndLastN_PrintsTheTwoFileJsonShapeAndWritesTheReport_Issue9()
    {
        await PredictBatchAsync(["Great tacos", "Awful wait"]);
        await server.Services.GetRequiredService<PredictionLog>().FlushAsync();
        var html = Path.Combine(server.Home, $"drift-{Guid.NewGuid():N}.html");

        var result = await Cli.RelearnProcess.RunAsync(server.Home, "monitor", "drift", "sentiment", "--last", "2", "--format", "json", "--report", html);
        var both = await Cli.RelearnProcess.RunAsync(server.Home, "monitor", "drift", "sentiment", "--last", "2", "--since", "1h");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.False((bool)result.Json["dataset_drift"]!);
        Assert.Equal(0, (int)result.Json["drifted_columns"]!);
        Assert.Equal("not enough data", (string?)result.Json["verdict"]);
        Assert.Equal("sentiment", (string?)result.Json["model"]);
        var text = result.Json["columns"]!.AsArray().Single(c => (string?)c!["column"] == "text")!;
        Assert.All(new[] { "type", "test", "statistic", "p_value", "threshold", "drift" }, f => Assert.True(text.AsObject().ContainsKey(f), f));
        Assert.Contains("not enough data", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        Cli.RelearnProcess.AssertFailed(both, "give one of --since, --last and --current");
    }

    private async Task<JsonObject[]> PredictBatchAsync(string[] texts)
    {
        using var response = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/predict-batch", new { instances = texts.Select(t => new { text = t }) });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray().Select(p => p!.AsObject()).ToArray();
    }
}
