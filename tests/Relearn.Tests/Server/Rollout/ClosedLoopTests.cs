using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Relearn.Core.Rollout;
using Relearn.Tests.Cli;
using Relearn.Tests.Webhooks;
using Xunit.Abstractions;

namespace Relearn.Tests.Server.Rollout;

/// <summary>
/// The closed loop end to end through the real <c>relearn</c> executable (issue 10): a model served by <c>relearn serve
/// --pipeline FILE</c> gets labelled feedback, its retraining policy retrains on it, the challenger is canaried, and the
/// gate promotes or rolls it back, with the state in the store so a restart or a second server carries on.
/// The model starts on yelp reviews only; the traffic is amazon phone reviews, a domain it never saw.
/// </summary>
public sealed class ClosedLoopTests(ITestOutputHelper output)
{
    private const string Model = "loop-sentiment";

    /// <summary>Amazon rows split once: labelled traffic before the retraining, canary traffic, and rows nobody trains on.</summary>
    private static readonly Lazy<LabelledRow[]> Amazon = new(() => File.ReadAllLines(Samples.Amazon)
        .Select(line => line.Split('\t'))
        .Select(parts => new LabelledRow(parts[0], parts[1] == "1" ? "positive" : "negative"))
        .ToArray());

    private sealed record LabelledRow(string Text, string Label);

    [Fact]
    public async Task ServedModel_RetrainsOnItsFeedback_CanariesTheChallenger_AndTheGatePromotesIt_AccuracyOnUnseenRowsRises_Issue10()
    {
        using var home = new TempHome();
        var (feedback, canary, heldBack) = (Amazon.Value[..400], Amazon.Value[400..700], Amazon.Value[700..]);
        await TrainFirstVersionAsync(home, Policy(labels: 400, minLabels: 50));
        await using var server = await ServeProcess.StartAsync(home.Path, FastPasses, "--pipeline", "loop.yaml");
        var before = await AccuracyAsync(server, heldBack, expectedVersion: 1);

        // Each prediction followed by its label, as a client that learns the truth at once would send them.
        foreach (var row in feedback)
        {
            var answer = await PredictAsync(server, row.Text);
            await FeedbackAsync(server, [(answer, row.Label)]);
        }
        var live = await WaitForAsync(server, s => s["live"] as JsonObject, "the retraining to put a challenger in canary", TimeSpan.FromSeconds(120));
        await WaitUntilRoutedAsync(server, live);
        // All canary answers first, then their labels in one batch: the gate judges all of them at once, not a timing-dependent prefix.
        var answers = new List<(JsonObject Answer, string Label)>();
        for (var i = 0; i < canary.Length; i++)
        {
            answers.Add((await PredictAsync(server, canary[i].Text, key: $"row-{i}"), canary[i].Label));
        }
        await FeedbackAsync(server, answers);
        var decided = await WaitForAsync(server, s => s["live"] is null ? s["history"]![0] as JsonObject : null, "the gate to decide", TimeSpan.FromSeconds(60));
        await WaitUntilAsync(server, async () => (int)(await PredictAsync(server, "fine"))["version"]! == 2, "production to serve version 2");
        var after = await AccuracyAsync(server, heldBack, expectedVersion: 2);
        // The figure docs/benchmarks.md quotes: dotnet test tests/Relearn.Tests --filter "FullyQualifiedName~ServedModel_Retrains" --logger "console;verbosity=detailed"
        output.WriteLine(FormattableString.Invariant($"accuracy on {heldBack.Length} held-back amazon rows: v1 {before:0.###} -> v2 {after:0.###}; gate: {decided["reason"]}"));

        Assert.Equal(1, (int)live["champion"]!);
        Assert.Equal(2, (int)live["challenger"]!);
        Assert.Equal(RolloutStage.Canary, (string?)live["mode"]);
        Assert.Contains(answers, a => (int)a.Answer["version"]! == 1);
        Assert.Contains(answers, a => (int)a.Answer["version"]! == 2);
        Assert.True((string?)decided["decision"] == "promote", decided.ToJsonString());
        var evidence = decided["evidence"]!;
        Assert.Equal(canary.Length, (long)evidence["champion"]!["labels"]! + (long)evidence["challenger"]!["labels"]!);
        Assert.True(after >= before + 0.05, $"accuracy on {heldBack.Length} unseen amazon rows went from {before:0.###} to {after:0.###}\n{server.Output}");
        var versions = (await server.Client.GetFromJsonAsync<JsonObject>($"/api/v1/models/{Model}/versions"))!["versions"]!.AsArray();
        Assert.Contains("loop-sentiment-feedback-v1.txt", (string?)versions.Single(v => (int)v!["version"]! == 2)!["dataset"]!["source"]);
        var audit = await AuditAsync(server);
        var promotion = Assert.Single(audit, e => (string?)e["alias"] == RolloutStage.Production && (int?)e["to_version"] == 2);
        Assert.Equal("rollout-gate", (string?)promotion["actor"]);
        Assert.Contains("challenger v2:", (string?)promotion["reason"]);
    }

    [Fact]
    public async Task ChallengerTrainedWithABrokenParameter_IsRolledBackByTheGate_ProductionUntouched_AndTheAlertWebhookIsPosted_Issue10()
    {
        using var home = new TempHome();
        await using var receiver = await WebhookReceiver.StartAsync();
        // The policy points the training data param at a copy of yelp with every label flipped: a challenger that gets sentiment backwards.
        var flipped = File.ReadAllLines(Samples.Yelp).Select(l => l[..^1] + (l[^1] == '1' ? '0' : '1'));
        Directory.CreateDirectory(Path.Combine(home.Path, "data"));
        await File.WriteAllLinesAsync(Path.Combine(home.Path, "data", "flipped.txt"), flipped);
        await TrainFirstVersionAsync(home, Policy(labels: 60, minLabels: 20, retrainParams: "data: data/flipped.txt", alertWebhook: receiver.Url("/alerts")));
        await using var server = await ServeProcess.StartAsync(home.Path, FastPasses, "--pipeline", "loop.yaml");

        await SendLabelledAsync(server, Amazon.Value[..60]);
        await WaitUntilRoutedAsync(server, await WaitForAsync(server, s => s["live"] as JsonObject, "the retraining to put a challenger in canary", TimeSpan.FromSeconds(120)));
        await SendLabelledAsync(server, Amazon.Value[60..160], keyed: true);
        var decided = await WaitForAsync(server, s => s["live"] is null ? s["history"]![0] as JsonObject : null, "the gate to decide", TimeSpan.FromSeconds(60));
        await WaitUntilAsync(server, () => Task.FromResult(!receiver.Accepted.IsEmpty), "the alert webhook");

        Assert.True((string?)decided["decision"] == "rollback", decided.ToJsonString());
        Assert.Equal(RolloutStage.RolledBack, (string?)decided["stage"]);
        Assert.StartsWith("gate failed: accuracy", (string?)decided["reason"]);
        var model = (await server.Client.GetFromJsonAsync<JsonObject>($"/api/v1/models/{Model}"))!;
        Assert.Equal(1, (int)model["aliases"]!["production"]!);
        Assert.Null(model["aliases"]!["canary"]);
        Assert.Null(model["aliases"]!["staging"]);
        var removal = Assert.Single(await AuditAsync(server), e => (string?)e["alias"] == RolloutStage.Canary && (string?)e["action"] == "rollback");
        Assert.Contains("gate failed: accuracy", (string?)removal["reason"]);
        var alert = Assert.Single(receiver.Accepted).Json;
        Assert.Equal("relearn.quality_alert", (string?)alert["event"]);
        Assert.Equal(Model, (string?)alert["model"]);
        Assert.Equal("accuracy", (string?)alert["metric"]);
        Assert.Equal($"rollout-{(long)decided["id"]!}", (string?)alert["run_id"]);
        Assert.All(await Task.WhenAll(Enumerable.Range(0, 10).Select(i => PredictAsync(server, Amazon.Value[i].Text, key: $"after-{i}"))),
            a => Assert.Equal(1, (int)a["version"]!));
    }

    [Fact]
    public async Task ServerKilledMidCanary_AndRestarted_ContinuesTheRolloutFromTheStore_AndItEndsOnce_Issue10()
    {
        using var home = new TempHome();
        await TrainFirstVersionAsync(home, Policy(labels: 100, minLabels: 60));
        var first = await ServeProcess.StartAsync(home.Path, FastPasses, "--pipeline", "loop.yaml");
        JsonObject live;
        try
        {
            await SendLabelledAsync(first, Amazon.Value[..100]);
            live = await WaitForAsync(first, s => s["live"] as JsonObject, "the retraining to put a challenger in canary", TimeSpan.FromSeconds(120));
            await WaitUntilRoutedAsync(first, live);
            await SendLabelledAsync(first, Amazon.Value[100..140], keyed: true);
            // Killed only once its counts and labelled predictions are in the store: what a restart must not lose.
            await WaitUntilAsync(first, async () => await StatusAsync(first) is var s && LabelsOf(s["evidence"]) == 40 && RequestsOf(s["live"]?["stats"]) >= 40,
                "the canary evidence to be stored");
        }
        finally
        {
            await first.KillAsync();
            await first.DisposeAsync();
        }

        await using var second = await ServeProcess.StartAsync(home.Path, FastPasses, "--pipeline", "loop.yaml");
        var resumed = (await StatusAsync(second))["live"]!;
        await WaitUntilRoutedAsync(second, live);
        await SendLabelledAsync(second, Amazon.Value[140..260], keyed: true);
        var decided = await WaitForAsync(second, s => s["live"] is null ? s["history"]![0] as JsonObject : null, "the gate to decide", TimeSpan.FromSeconds(60));

        Assert.Equal((long)live["id"]!, (long)resumed["id"]!);
        Assert.Equal(RolloutStage.Canary, (string?)resumed["stage"]);
        Assert.True(RequestsOf(resumed["stats"]) >= 40, resumed.ToJsonString());
        Assert.Equal((long)live["id"]!, (long)decided["id"]!);
        Assert.Equal(160, LabelsOf(decided["evidence"]));
        Assert.Single((await StatusAsync(second))["history"]!.AsArray());
        Assert.Single(await AuditAsync(second), e => (string?)e["alias"] == RolloutStage.Canary && (string?)e["action"] is "promote" or "rollback");
        Assert.Equal(2, (await second.Client.GetFromJsonAsync<JsonObject>($"/api/v1/models/{Model}/versions"))!["versions"]!.AsArray().Count);
    }

    [Fact]
    public async Task TwoServersOnOnePostgresStore_RetrainOnce_AndDriveOneRolloutToOneDecision_Issue10()
    {
        using var home = new TempHome();
        var (postgres, database) = await PostgresCliTests.CreateDatabaseAsync();
        try
        {
            var store = new UriBuilder(postgres) { Path = "/" + database }.Uri.ToString();
            await TrainFirstVersionAsync(home, Policy(labels: 100, minLabels: 40), "--store", store);
            await using var a = await ServeProcess.StartAsync(home.Path, FastPasses, "--pipeline", "loop.yaml", "--store", store);
            await using var b = await ServeProcess.StartAsync(home.Path, FastPasses, "--pipeline", "loop.yaml", "--store", store);
            ServeProcess[] servers = [a, b];

            // Both servers see the labels cross the trigger; the claim in the store lets one of them retrain.
            for (var i = 0; i < 100; i++)
            {
                var row = Amazon.Value[i];
                var server = servers[i % 2];
                await FeedbackAsync(server, [(await PredictAsync(server, row.Text), row.Label)]);
            }
            var live = await WaitForAsync(a, s => s["live"] as JsonObject, "the retraining to put a challenger in canary", TimeSpan.FromSeconds(120));
            foreach (var server in servers)
            {
                await WaitUntilRoutedAsync(server, live);
            }
            var canary = new List<(JsonObject Answer, string Label, ServeProcess Server)>();
            for (var i = 100; i < 220; i++)
            {
                var row = Amazon.Value[i];
                canary.Add((await PredictAsync(servers[i % 2], row.Text, key: row.Text), row.Label, servers[i % 2]));
            }
            // Each label to the server that answered (it flushes its own prediction log first); 60 labels are too few for
            // a decision at 40 a side, so the gate judges all 120.
            foreach (var server in servers)
            {
                await FeedbackAsync(server, canary.Where(c => c.Server == server).Select(c => (c.Answer, c.Label)));
            }
            var decided = await WaitForAsync(a, s => s["live"] is null ? s["history"]![0] as JsonObject : null, "the gate to decide", TimeSpan.FromSeconds(60));
            var production = decided["decision"]!.GetValue<string>() == "promote" ? 2 : 1;
            foreach (var server in servers)
            {
                await WaitUntilAsync(server, async () => (int)(await PredictAsync(server, "fine"))["version"]! == production, $"every server to serve version {production}");
            }

            Assert.Contains(canary, c => (int)c.Answer["version"]! == 2);
            Assert.Equal(120, LabelsOf(decided["evidence"]));
            Assert.Single((await StatusAsync(b))["history"]!.AsArray());
            Assert.Equal(2, (await b.Client.GetFromJsonAsync<JsonObject>($"/api/v1/models/{Model}/versions"))!["versions"]!.AsArray().Count);
            var audit = await AuditAsync(b);
            Assert.Single(audit, e => (string?)e["alias"] == RolloutStage.Canary && (string?)e["action"] is "promote" or "rollback");
            Assert.Equal(production == 2 ? 1 : 0, audit.Count(e => (string?)e["alias"] == RolloutStage.Production && (int?)e["to_version"] == 2));
        }
        finally
        {
            await PostgresCliTests.DropDatabaseAsync(postgres, database);
        }
    }

    [Fact]
    public async Task DriftTrigger_FiresOnTrafficFromADomainTheModelNeverSaw_WithoutAnyLabel_AndRetrains_Issue10()
    {
        using var home = new TempHome();
        await TrainFirstVersionAsync(home, """
            retrain:
              cooldown: 1h
              # No labels to add: another seed makes the retraining a new run rather than a cache hit of the first.
              params:
                alias: staging
                seed: "7"
              triggers:
                - kind: drift
                  share: "0.5"
                  window: "100"
              rollout:
                mode: shadow
                min_requests: "1000000"
            """);
        await using var server = await ServeProcess.StartAsync(home.Path, new Dictionary<string, string>(FastPasses) { ["Relearn__Rollout__DriftCheckInterval"] = "00:00:00.250" },
            "--pipeline", "loop.yaml");

        // Yelp rows first: the model's own domain, under the window size, so no check can fire yet; then amazon rows.
        foreach (var line in File.ReadLines(Samples.Yelp).Take(60))
        {
            await PredictAsync(server, line.Split('\t')[0]);
        }
        var quiet = await StatusAsync(server);
        foreach (var row in Amazon.Value[..100])
        {
            await PredictAsync(server, row.Text);
        }
        var live = await WaitForAsync(server, s => s["live"] as JsonObject, "the drift trigger to retrain and start a rollout", TimeSpan.FromSeconds(120));

        Assert.Null(quiet["live"]);
        Assert.Equal(2, (int)live["challenger"]!);
        Assert.Equal(RolloutStage.Shadow, (string?)live["mode"]);
        Assert.Equal("retrain", (string?)live["actor"]);
        var runs = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/pipelines/runs"))!["runs"]!.AsArray();
        var retrain = Assert.Single(runs, r => ((string?)r!["trigger"])!.StartsWith("retrain:", StringComparison.Ordinal))!;
        Assert.StartsWith("retrain: drift: share ", (string?)retrain["trigger"]);
        Assert.Contains("over the last 100 predictions of version 1", (string?)retrain["trigger"]);
    }

    /// <summary>Rollout passes and alias refreshes four times a second, so the tests wait on the loop, not on the clock.</summary>
    private static readonly Dictionary<string, string> FastPasses = new()
    {
        ["Relearn__Rollout__Interval"] = "00:00:00.250",
        ["Relearn__Serving__AliasRefreshInterval"] = "00:00:00.250",
    };

    /// <summary>
    /// The retrain block: retrain after <paramref name="labels"/> new labels with the feedback added to <c>train</c>, the
    /// challenger in a 50% canary judged on <paramref name="minLabels"/> labels a side. Latency is not what these tests
    /// judge (either side's p99 may spike on a loaded machine), so its margin is wide.
    /// </summary>
    private static string Policy(int labels, int minLabels, string retrainParams = "", string? alertWebhook = null) => string.Create(CultureInfo.InvariantCulture, $"""
        retrain:
          cooldown: 1h
          feedback_stage: train
          params:
            alias: staging
            {retrainParams}
          triggers:
            - kind: labels
              count: "{labels}"
          rollout:
            mode: canary
            share: "0.5"
            min_requests: "{minLabels}"
            min_labels: "{minLabels}"
            p99_margin_ms: "60000"
            alert_webhook: "{alertWebhook}"
        """);

    /// <summary>Writes <c>loop.yaml</c> (train on <c>${params.data}</c>, register, promote) with <paramref name="policy"/> and runs it: version 1 in production.</summary>
    private static async Task TrainFirstVersionAsync(TempHome home, string policy, params string[] storeArgs)
    {
        Directory.CreateDirectory(Path.Combine(home.Path, "data"));
        File.Copy(Samples.Yelp, Path.Combine(home.Path, "data", "yelp.txt"));
        home.File("loop.yaml", $$"""
            name: loop
            params:
              model: {{Model}}
              alias: production
              data: data/yelp.txt
              seed: "42"
            stages:
              train:
                step: train-text-classification
                inputs:
                  - ${params.data}
                with:
                  experiment: ${params.model}
                  featurizer: tfidf
                  seed: ${params.seed}
              register:
                step: register
                with:
                  run: ${stages.train.outputs.run}
                  model: ${params.model}
              promote:
                step: promote
                with:
                  version: ${stages.register.outputs.version}
                  alias: ${params.alias}
            {{policy}}
            """);
        var run = await RelearnProcess.RunAsync(home.Path, ["pipeline", "run", "--file", "loop.yaml", .. storeArgs]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
    }

    private static async Task<JsonObject> PredictAsync(ServeProcess server, string text, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{Model}/predict") { Content = JsonContent.Create(new { text }) };
        if (key is not null)
        {
            request.Headers.Add(RolloutRouter.KeyHeader, key);
        }
        using var response = await server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task FeedbackAsync(ServeProcess server, IEnumerable<(JsonObject Answer, string Label)> labelled)
    {
        var items = labelled.Select(l => new { prediction_id = (string)l.Answer["prediction_id"]!, label = l.Label }).ToArray();
        using var response = await server.Client.PostAsJsonAsync($"/api/v1/models/{Model}/feedback", new { items });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Predicts every row (keyed by its position when <paramref name="keyed"/>), then sends their labels in one batch.</summary>
    private static async Task SendLabelledAsync(ServeProcess server, LabelledRow[] rows, bool keyed = false)
    {
        var answers = new List<(JsonObject, string)>();
        for (var i = 0; i < rows.Length; i++)
        {
            answers.Add((await PredictAsync(server, rows[i].Text, keyed ? rows[i].Text : null), rows[i].Label));
        }
        await FeedbackAsync(server, answers);
    }

    /// <summary>Share of <paramref name="rows"/> the served model gets right; every answer must come from <paramref name="expectedVersion"/>.</summary>
    private static async Task<double> AccuracyAsync(ServeProcess server, LabelledRow[] rows, int expectedVersion)
    {
        var right = 0;
        foreach (var row in rows)
        {
            var answer = await PredictAsync(server, row.Text);
            Assert.Equal(expectedVersion, (int)answer["version"]!);
            right += (string?)answer["label"] == row.Label ? 1 : 0;
        }
        return (double)right / rows.Length;
    }

    /// <summary>
    /// Waits until <paramref name="server"/> routes the canary <paramref name="live"/>: the store holds it as soon as it
    /// starts, the router from the server's next pass on. A probe key on the challenger's side is sent until the
    /// challenger answers it (those answers count as unlabelled challenger requests).
    /// </summary>
    private static async Task WaitUntilRoutedAsync(ServeProcess server, JsonNode live)
    {
        var (id, challenger, share) = ((long)live["id"]!, (int)live["challenger"]!, (double)live["share"]!);
        var probe = Enumerable.Range(0, 1000).Select(i => $"probe-{i}").First(k => RolloutRouter.Fraction(id, k) < share);
        await WaitUntilAsync(server, async () => (int)(await PredictAsync(server, "probe", probe))["version"]! == challenger, "the server to route the canary");
    }

    private static async Task<JsonObject> StatusAsync(ServeProcess server) =>
        (await server.Client.GetFromJsonAsync<JsonObject>($"/api/v1/models/{Model}/rollout"))!;

    private static async Task<List<JsonObject>> AuditAsync(ServeProcess server) =>
        (await server.Client.GetFromJsonAsync<JsonObject>($"/api/v1/audit?model={Model}"))!["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();

    private static long LabelsOf(JsonNode? evidence) =>
        evidence is null ? 0 : (long)evidence["champion"]!["labels"]! + (long)evidence["challenger"]!["labels"]!;

    private static long RequestsOf(JsonNode? stats) =>
        stats is null ? 0 : (long)stats["champion"]!["requests"]! + (long)stats["challenger"]!["requests"]!;

    /// <summary>Polls the model's rollout status until <paramref name="found"/> returns a value.</summary>
    private static async Task<T> WaitForAsync<T>(ServeProcess server, Func<JsonObject, T?> found, string what, TimeSpan? limit = null) where T : class
    {
        JsonObject? last = null;
        return await PollAsync(server, async () => found(last = await StatusAsync(server)), what, limit, () => $"the rollout status: {last?.ToJsonString()}");
    }

    private static Task WaitUntilAsync(ServeProcess server, Func<Task<bool>> condition, string what) =>
        PollAsync(server, async () => await condition() ? what : null, what);

    private static async Task<T> PollAsync<T>(ServeProcess server, Func<Task<T?>> poll, string what, TimeSpan? limit = null, Func<string>? state = null) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await poll() is { } value)
            {
                return value;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"timed out waiting for {what}; {state?.Invoke()}\nthe server said:\n{server.Output}");
        return null!;
    }
}
