using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Tracking;

namespace Relearn.Tests.Mlflow;

[Collection(MlflowCollection.Name)]
public sealed class MlflowRunTests(ServerFixture server)
{
    [Fact]
    public async Task CreateLogGet_ReturnsMlflowShape_AcceptsRunUuidAndStringNumbers()
    {
        var experimentId = await server.NewExperimentAsync();
        var created = await server.OkAsync("runs/create", new
        {
            experiment_id = experimentId, run_name = "first", start_time = "1700000000000",
            tags = new[] { new { key = "owner", value = "ana" } },
        });
        var runId = (string)created["run"]!["info"]!["run_id"]!;
        Assert.Equal(runId, (string?)created["run"]!["info"]!["run_uuid"]);
        Assert.Equal(1700000000000L, (long)created["run"]!["info"]!["start_time"]!);
        Assert.Equal("RUNNING", (string?)created["run"]!["info"]!["status"]);
        Assert.Equal(experimentId, (string?)created["run"]!["info"]!["experiment_id"]);

        // Old clients send run_uuid, proto-JSON sends int64 as strings.
        await server.OkAsync("runs/log-metric", new { run_uuid = runId, key = "loss", value = 0.5, timestamp = "1700000000100", step = "1" });
        await server.OkAsync("runs/log-metric", new { run_id = runId, key = "loss", value = "0.25", timestamp = 1700000000200L, step = 2 });
        await server.OkAsync("runs/log-parameter", new { run_id = runId, key = "lr", value = "0.1" });
        await server.OkAsync("runs/log-parameter", new { run_id = runId, key = "lr", value = "0.1" });
        await server.OkAsync("runs/set-tag", new { run_id = runId, key = "note", value = "x" });
        await server.OkAsync("runs/delete-tag", new { run_id = runId, key = "note" });
        var updated = await server.OkAsync("runs/update", new { run_uuid = runId, status = "FINISHED", end_time = "1700000001000", run_name = "renamed" });
        Assert.Equal("FINISHED", (string?)updated["run_info"]!["status"]);
        Assert.Equal(1700000001000L, (long)updated["run_info"]!["end_time"]!);

        var (status, got) = await server.GetAsync($"runs/get?run_uuid={runId}");
        Assert.Equal(HttpStatusCode.OK, status);
        var run = got["run"]!;
        Assert.Equal("renamed", (string?)run["info"]!["run_name"]);
        var metric = run["data"]!["metrics"]!.AsArray().Single();
        Assert.Equal("loss", (string?)metric!["key"]);
        Assert.Equal(0.25, (double)metric["value"]!);
        Assert.Equal(2, (long)metric["step"]!);
        Assert.Equal(1700000000200L, (long)metric["timestamp"]!);
        Assert.Equal("0.1", (string?)run["data"]!["params"]![0]!["value"]);
        Assert.Equal(["owner"], run["data"]!["tags"]!.AsArray().Select(t => (string)t!["key"]!));

        var (historyStatus, history) = await server.GetAsync($"metrics/get-history?run_id={runId}&metric_key=loss");
        Assert.Equal(HttpStatusCode.OK, historyStatus);
        Assert.Equal([0.5, 0.25], history["metrics"]!.AsArray().Select(m => (double)m!["value"]!));

        var (changed, error) = await server.PostAsync("runs/log-parameter", new { run_id = runId, key = "lr", value = "0.2" });
        MlflowApi.AssertError(changed, error, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "lr");
        (changed, error) = await server.GetAsync("runs/get?run_id=nope");
        MlflowApi.AssertError(changed, error, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (changed, error) = await server.PostAsync("runs/update", new { run_id = runId, status = "DONE" });
        MlflowApi.AssertError(changed, error, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "DONE");
    }

    [Fact]
    public async Task LogBatch_AppendsMetrics_OverwritesTags_KeepsParamsImmutable_AndEnforcesLimits()
    {
        var runId = await server.NewRunAsync(await server.NewExperimentAsync());
        await server.OkAsync("runs/log-batch", new
        {
            run_id = runId,
            metrics = Enumerable.Range(0, 1000).Select(i => new { key = "m", value = i * 1.0, timestamp = 1700000000000L + i, step = i }),
        });
        await server.OkAsync("runs/log-batch", new
        {
            run_id = runId,
            @params = new[] { new { key = "p", value = "1" } },
            tags = new[] { new { key = "t", value = "a" } },
            metrics = new[] { new { key = "m", value = 5000.0, timestamp = "1700000009999", step = "5000" } },
        });
        await server.OkAsync("runs/log-batch", new { run_id = runId, @params = new[] { new { key = "p", value = "1" } }, tags = new[] { new { key = "t", value = "b" } } });

        var (_, history) = await server.GetAsync($"metrics/get-history?run_id={runId}&metric_key=m");
        Assert.Equal(1001, history["metrics"]!.AsArray().Count);
        var (_, got) = await server.GetAsync($"runs/get?run_id={runId}");
        Assert.Equal("b", (string?)got["run"]!["data"]!["tags"]!.AsArray().Single(t => (string?)t!["key"] == "t")!["value"]);
        Assert.Equal(5000.0, (double)got["run"]!["data"]!["metrics"]![0]!["value"]!);

        // A changed param fails the whole batch: the tag in it is not written either.
        var (status, body) = await server.PostAsync("runs/log-batch", new
        {
            run_id = runId, @params = new[] { new { key = "p", value = "2" } }, tags = new[] { new { key = "t", value = "c" } },
        });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "'p'");
        (_, got) = await server.GetAsync($"runs/get?run_id={runId}");
        Assert.Equal("b", (string?)got["run"]!["data"]!["tags"]!.AsArray().Single(t => (string?)t!["key"] == "t")!["value"]);

        (status, body) = await server.PostAsync("runs/log-batch", new { run_id = runId, metrics = Enumerable.Range(0, 1001).Select(i => new { key = "m", value = 1.0, timestamp = 1L, step = 0 }) });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "1000 metrics");
        (status, body) = await server.PostAsync("runs/log-batch", new { run_id = runId, @params = Enumerable.Range(0, 101).Select(i => new { key = $"k{i}", value = "v" }) });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "100 params");
        (status, body) = await server.PostAsync("runs/log-batch", new { run_id = runId, tags = Enumerable.Range(0, 101).Select(i => new { key = $"k{i}", value = "v" }) });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "100 tags");
        (status, body) = await server.PostAsync("runs/log-batch", new
        {
            run_id = runId,
            metrics = Enumerable.Range(0, 950).Select(i => new { key = "m", value = 1.0, timestamp = 1L, step = 0 }),
            @params = Enumerable.Range(0, 60).Select(i => new { key = $"k{i}", value = "v" }),
        });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "1000 metrics, params, and tags in total");
        (status, body) = await server.PostAsync("runs/log-batch", new { run_id = runId, metrics = new[] { new { key = "", value = 1.0 } } });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "metrics[0].key");
    }

    [Fact]
    public async Task Search_FiltersOrdersAndPages()
    {
        var experimentId = await server.NewExperimentAsync("search");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var runId = await server.NewRunAsync(experimentId, $"run-{i}", 1700000000000L + i * 1000);
            ids.Add(runId);
            await server.OkAsync("runs/log-batch", new
            {
                run_id = runId,
                metrics = new[] { new { key = "auc", value = 0.5 + i * 0.1, timestamp = 1L, step = 0 } },
                @params = new[] { new { key = "model", value = i % 2 == 0 ? "LightGBM" : "sdca" } },
                tags = new[] { new { key = "split", value = $"s{i}" } },
            });
        }
        await server.OkAsync("runs/update", new { run_id = ids[4], status = "FAILED" });

        async Task<List<string>> Search(object body)
        {
            var json = await server.OkAsync("runs/search", body);
            return [.. json["runs"]!.AsArray().Select(r => (string)r!["info"]!["run_name"]!)];
        }

        string[] experiments = [experimentId];
        Assert.Equal(["run-3", "run-2"], await Search(new { experiment_ids = experiments, filter = "metrics.auc > 0.65 AND metrics.auc <= 0.8", order_by = new[] { "metrics.auc DESC" } }));
        Assert.Equal(["run-0", "run-2"], await Search(new { experiment_ids = experiments, filter = "params.model = 'LightGBM' AND attributes.status != 'FAILED'", order_by = new[] { "attributes.start_time ASC" } }));
        Assert.Equal(["run-0", "run-2", "run-4"], await Search(new { experiment_ids = experiments, filter = "params.model ILIKE 'lightgbm'", order_by = new[] { "attributes.start_time ASC" } }));
        Assert.Empty(await Search(new { experiment_ids = experiments, filter = "params.model LIKE 'lightgbm'" }));
        Assert.Equal(["run-1", "run-3"], await Search(new { experiment_ids = experiments, filter = "tags.split IN ('s1', 's3')", order_by = new[] { "attributes.run_name" } }));
        Assert.Equal(["run-4"], await Search(new { experiment_ids = experiments, filter = "attributes.status = 'FAILED'" }));
        Assert.Equal(["run-1"], await Search(new { experiment_ids = experiments, filter = $"attributes.run_id = '{ids[1]}'" }));
        Assert.Equal(["run-4", "run-3"], await Search(new { experiment_ids = experiments, filter = "attributes.start_time >= 1700000003000" }));
        Assert.Equal(["run-4", "run-3", "run-2", "run-1", "run-0"], await Search(new { experiment_ids = experiments }));

        // GET with the query string, paging through with next_page_token.
        var seen = new List<string>();
        string? token = null;
        do
        {
            var (status, page) = await server.GetAsync($"runs/search?experiment_ids={experimentId}&max_results=2&order_by=metrics.auc%20ASC"
                + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, status);
            seen.AddRange(page["runs"]!.AsArray().Select(r => (string)r!["info"]!["run_name"]!));
            token = (string?)page["next_page_token"];
        }
        while (token is not null);
        Assert.Equal(["run-0", "run-1", "run-2", "run-3", "run-4"], seen);

        // Deleted runs: hidden by default, shown by DELETED_ONLY and ALL.
        await server.OkAsync("runs/delete", new { run_id = ids[0] });
        Assert.DoesNotContain("run-0", await Search(new { experiment_ids = experiments }));
        Assert.Equal(["run-0"], await Search(new { experiment_ids = experiments, run_view_type = "DELETED_ONLY" }));
        Assert.Equal(5, (await Search(new { experiment_ids = experiments, run_view_type = "ALL" })).Count);
        var (logStatus, logBody) = await server.PostAsync("runs/log-metric", new { run_id = ids[0], key = "x", value = 1, timestamp = 1 });
        MlflowApi.AssertError(logStatus, logBody, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "deleted");
        await server.OkAsync("runs/restore", new { run_id = ids[0] });
        Assert.Contains("run-0", await Search(new { experiment_ids = experiments }));
    }

    [Theory]
    [InlineData("metrics.auc >", 13)]
    [InlineData("metrics.auc > 0.5 AND", 21)]
    [InlineData("metrics.auc ~ 1", 12)]
    [InlineData("params.lr > '1'", 10)]
    [InlineData("metrics.auc = 'high'", 14)]
    [InlineData("attributes.colour = 'red'", 0)]
    [InlineData("params.a = 'x' OR params.b = 'y'", 15)]
    [InlineData("params.a = 'unclosed", 11)]
    [InlineData("tags.x IN ('a', 'b'", 19)]
    public async Task Search_InvalidFilter_Is400NamingThePosition(string filter, int position)
    {
        var (status, body) = await server.PostAsync("runs/search", new { filter });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"position {position}");
    }

    [Fact]
    public async Task Search_InvalidOrderByAndMaxResults_Are400()
    {
        var (status, body) = await server.PostAsync("runs/search", new { order_by = new[] { "metrics.auc SIDEWAYS" } });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "position 12");
        (status, body) = await server.PostAsync("runs/search", new { max_results = 50001 });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "max_results");
        (status, body) = await server.PostAsync("runs/search", new { run_view_type = "SOME" });
        MlflowApi.AssertError(status, body, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task RelearnRuns_AreVisibleThroughMlflow_AndMlflowRuns_ThroughTheTrackingStore()
    {
        // A run `relearn train` made: read through the MLflow API.
        var (status, got) = await server.GetAsync($"runs/get?run_id={server.YelpRun.RunId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("FINISHED", (string?)got["run"]!["info"]!["status"]);
        Assert.NotEmpty(got["run"]!["data"]!["metrics"]!.AsArray());
        Assert.Contains(got["run"]!["data"]!["tags"]!.AsArray(), t => (string?)t!["key"] == "relearn.task");
        var experimentId = (string)got["run"]!["info"]!["experiment_id"]!;
        var found = await server.OkAsync("runs/search", new { experiment_ids = new[] { experimentId }, filter = $"attributes.run_id = '{server.YelpRun.RunId}' AND metrics.accuracy > 0" });
        Assert.Single(found["runs"]!.AsArray());
        var (_, experiment) = await server.GetAsync("experiments/get-by-name?experiment_name=sentiment");
        Assert.Equal(experimentId, (string?)experiment["experiment"]!["experiment_id"]);

        // A run an MLflow client made: listed by the store `relearn runs list` reads.
        var runId = await server.NewRunAsync(experimentId, "from-mlflow");
        var tracking = server.Services.GetRequiredService<ITrackingStore>();
        var listed = await tracking.ListRunsAsync("sentiment", 1000);
        Assert.Contains(listed, r => r.RunId == runId && r.Name == "from-mlflow");
        var cli = await Relearn.Tests.Cli.RelearnProcess.RunAsync(server.Home, "runs", "list", "--experiment", "sentiment", "--format", "json");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Contains(runId, cli.Stdout, StringComparison.Ordinal);
    }
}
