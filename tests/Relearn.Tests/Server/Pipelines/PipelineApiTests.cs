using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Server.Pipelines;

/// <summary>The pipeline HTTP API against a real server: trigger, poll, the DAG with cache hits, logs, resume, and bad input.</summary>
public sealed class PipelineApiTests(PipelineServerFixture server) : IClassFixture<PipelineServerFixture>
{
    private HttpClient Client => server.Client;

    private async Task<string> TriggerAsync(object? body = null)
    {
        using var response = body is null ? await Client.PostAsync("/api/v1/pipelines/tiny/runs", null) : await Client.PostAsJsonAsync("/api/v1/pipelines/tiny/runs", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = (string)accepted["run_id"]!;
        Assert.EndsWith($"/api/v1/pipelines/runs/{id}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(("tiny", "http"), ((string)accepted["pipeline"]!, (string)accepted["trigger"]!));
        return id;
    }

    private static Dictionary<string, JsonObject> Stages(JsonObject run) =>
        run["stages"]!.AsArray().Select(s => s!.AsObject()).ToDictionary(s => (string)s["stage"]!);

    [Fact]
    public async Task Trigger_RunsInTheBackground_ThenASecondTriggerHitsTheCacheForEveryStage()
    {
        var first = await server.WaitForEndAsync(await TriggerAsync(new { @params = new { word = "api-first" }, force = new[] { "greet" } }));
        var second = await server.WaitForEndAsync(await TriggerAsync(new { @params = new { word = "api-first" } }));

        Assert.Equal("succeeded", (string)first["state"]!);
        Assert.Equal(["count", "greet", "prepare"], Stages(first).Keys.Order(StringComparer.Ordinal));
        Assert.All(Stages(first).Values, s => Assert.Equal(("succeeded", "miss", 1), ((string)s["state"]!, (string)s["cache"]!, (int)s["attempts"]!)));
        Assert.Equal(["prepare"], Stages(first)["count"]["after"]!.AsArray().Select(a => (string)a!));
        Assert.All(Stages(first).Values, s => Assert.Equal(64, ((string)s["fingerprint"]!).Length));
        Assert.Equal("succeeded", (string)second["state"]!);
        Assert.All(Stages(second).Values, s => Assert.Equal(("cached", "hit"), ((string)s["state"]!, (string)s["cache"]!)));
        Assert.Equal(Stages(first)["count"]["fingerprint"]!.ToString(), Stages(second)["count"]["fingerprint"]!.ToString());
    }

    [Fact]
    public async Task Log_OfAStage_IsItsOutputAsPlainText()
    {
        var id = await TriggerAsync(new { @params = new { word = "logged" }, force = new[] { "prepare" } });
        await server.WaitForEndAsync(id);

        using var response = await Client.GetAsync($"/api/v1/pipelines/runs/{id}/stages/prepare/log");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("preparing logged", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPipelines_ShowsSchedulesWithTheirNextRun_AndRunsListNewestFirst()
    {
        var id = await TriggerAsync(new { @params = new { word = "listed" } });
        await server.WaitForEndAsync(id);

        var pipelines = (await Client.GetFromJsonAsync<JsonObject>("/api/v1/pipelines"))!["pipelines"]!.AsArray();
        var runs = (await Client.GetFromJsonAsync<JsonObject>("/api/v1/pipelines/runs?pipeline=tiny&limit=1"))!["runs"]!.AsArray();

        var tiny = pipelines.Single(p => (string)p!["name"]! == "tiny")!;
        var schedule = tiny["schedules"]!.AsArray().Single()!;
        Assert.Equal(("nightly", "0 3 * * *", "Europe/Paris", "skip"), ((string)schedule["name"]!, (string)schedule["cron"]!, (string)schedule["timezone"]!, (string)schedule["missed"]!));
        var next = DateTimeOffset.Parse((string)schedule["next_run"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new TimeSpan(3, 0, 0), TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).TimeOfDay);
        Assert.Contains(pipelines, p => (string)p!["name"]! == "sentiment");
        Assert.Equal(id, (string)Assert.Single(runs)!["run_id"]!);
    }

    [Fact]
    public async Task Trigger_WhileARunOfThePipelineRuns_Is409_AndResumeOfASucceededRunIs409()
    {
        var id = await TriggerAsync(new { @params = new { pause = "1", word = "slow" } });
        using var busy = await Client.PostAsJsonAsync("/api/v1/pipelines/tiny/runs", new { });
        await server.WaitForEndAsync(id);
        using var resume = await Client.PostAsync($"/api/v1/pipelines/runs/{id}/resume", null);

        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Contains($"pipeline tiny is already running (run {id})", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Contains("already succeeded", await resume.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/api/v1/pipelines/nope/runs", "{}", 404, "no pipeline named 'nope'")]
    [InlineData("POST", "/api/v1/pipelines/tiny/runs", "{\"params\": {\"colour\": \"red\"}}", 400, "colour")]
    [InlineData("POST", "/api/v1/pipelines/tiny/runs", "{\"force\": [\"nope\"]}", 400, "no stage 'nope'")]
    [InlineData("POST", "/api/v1/pipelines/tiny/runs", "{\"params\": [1]}", 400, "params must be an object")]
    [InlineData("POST", "/api/v1/pipelines/tiny/runs", "{\"stages\": 1}", 400, "unknown field 'stages'")]
    [InlineData("POST", "/api/v1/pipelines/tiny/runs", "[1", 400, "")]
    [InlineData("GET", "/api/v1/pipelines/runs/0000/stages/a/log", null, 404, "pipeline run 0000 does not exist")]
    [InlineData("GET", "/api/v1/pipelines/runs/0000", null, 404, "pipeline run 0000 does not exist")]
    [InlineData("GET", "/api/v1/pipelines/runs?limit=0", null, 400, "limit must be between 1 and 500")]
    [InlineData("POST", "/api/v1/pipelines/runs/0000/resume", null, 404, "pipeline run 0000 does not exist")]
    public async Task BadInput_IsAProblemWithAReason(string method, string path, string? body, int status, string reason)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await Client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(reason, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogOfAStageThatNeverRan_Is404()
    {
        var id = await TriggerAsync(new { @params = new { word = "no-such-stage" } });
        await server.WaitForEndAsync(id);

        using var response = await Client.GetAsync($"/api/v1/pipelines/runs/{id}/stages/missing/log");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("has no attempt of stage 'missing'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
