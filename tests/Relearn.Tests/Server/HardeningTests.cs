using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Relearn.Tests.Mlflow;

namespace Relearn.Tests.Server;

/// <summary>
/// Regressions of issue 15, one per class of 5xx it found: each malformed request is now a 4xx with a reason, on
/// /api/v1 as problem+json and on the MLflow API in MLflow's error shape.
/// </summary>
public sealed class HardeningTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Mlflow = MlflowApi.Prefix;

    private async Task<(HttpStatusCode Status, string? MediaType, JsonObject Body)> PostRawAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await server.Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, (JsonNode.Parse(text) as JsonObject) ?? []);
    }

    private Task<(HttpStatusCode Status, string? MediaType, JsonObject Body)> PostRawAsync(string path, string body) =>
        PostRawAsync(path, Encoding.UTF8.GetBytes(body));

    private static void AssertProblem((HttpStatusCode Status, string? MediaType, JsonObject Body) answer, string detail)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{(int)answer.Status} {answer.Body.ToJsonString()}");
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Contains(detail, (string?)answer.Body["detail"], StringComparison.Ordinal);
    }

    private static void AssertMlflowError((HttpStatusCode Status, string? MediaType, JsonObject Body) answer, string code, string message)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{(int)answer.Status} {answer.Body.ToJsonString()}");
        Assert.Equal(code, (string?)answer.Body["error_code"]);
        Assert.Contains(message, (string?)answer.Body["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("experiments/create", """{"name":"a","name":"b"}""")]
    [InlineData("runs/log-metric", """{"run_id":"r","key":"k","value":1,"timestamp":1,"timestamp":2}""")]
    [InlineData("runs/log-batch", """{"run_id":"r","metrics":[{"key":"k","key":"j","value":1,"timestamp":1}]}""")]
    [InlineData("registered-models/create", """{"name":"m","tags":[],"name":"n"}""")]
    public async Task RepeatedJsonKey_OnMlflowWrites_Is400_Issue15(string path, string body) =>
        AssertMlflowError(await PostRawAsync(Mlflow + path, body), "BAD_REQUEST", "Duplicate");

    [Theory]
    [InlineData("/api/v1/models/sentiment/predict", """{"text":"a","text":"b"}""")]
    [InlineData("/api/v1/models/sentiment/promote", """{"version":1,"version":1}""")]
    public async Task RepeatedJsonKey_OnApiV1_Is400Problem_Issue15(string path, string body) =>
        AssertProblem(await PostRawAsync(path, body), "Duplicate");

    [Theory]
    [InlineData("/api/v1/models/sentiment/predict", """{"text":"\ud800"}""")]
    [InlineData("/api/v1/models/sentiment/predict-batch", """{"instances":[{"text":"ok \udfff"}]}""")]
    [InlineData("/api/v1/models/sentiment/promote", """{"version":1,"reason":"\ud800"}""")]
    [InlineData("/api/v1/models/sentiment/rollback", """{"\ud800":1}""")]
    public async Task LoneSurrogate_OnApiV1_Is400Problem_Issue15(string path, string body) =>
        AssertProblem(await PostRawAsync(path, body), "unpaired surrogate");

    [Theory]
    [InlineData("experiments/create", """{"name":"\ud800"}""")]
    [InlineData("runs/log-metric", """{"run_id":"r","key":"\udc00","value":1}""")]
    [InlineData("registered-models/create", """{"name":"\ud800x"}""")]
    public async Task LoneSurrogate_OnMlflow_Is400_Issue15(string path, string body) =>
        AssertMlflowError(await PostRawAsync(Mlflow + path, body), "BAD_REQUEST", "unpaired surrogate");

    [Fact]
    public async Task InvalidUtf8Bytes_Are400_OnBothApis_Issue15()
    {
        byte[] body = [.. "{\"text\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];

        AssertProblem(await PostRawAsync("/api/v1/models/sentiment/predict", body), "not valid UTF-8");
        AssertMlflowError(await PostRawAsync(Mlflow + "experiments/create", body), "BAD_REQUEST", "not valid UTF-8");
    }

    [Fact]
    public async Task DeepNesting_Is400_NotAStackOverflow_Issue15()
    {
        var deep = "{\"text\":" + new string('[', 5000) + new string(']', 5000) + "}";

        AssertProblem(await PostRawAsync("/api/v1/models/sentiment/predict", deep), "not valid JSON");
        AssertMlflowError(await PostRawAsync(Mlflow + "runs/log-batch", deep), "BAD_REQUEST", "not valid JSON");
    }

    [Theory]
    [InlineData("NaN", "NaN")]
    [InlineData("Infinity", "Infinity")]
    [InlineData("-Infinity", "-Infinity")]
    public async Task NonFiniteMetric_IsStoredAndReturnedAsMlflowDoes_Issue15(string value, string expected)
    {
        var experiment = await server.NewExperimentAsync("nan");
        var run = await server.NewRunAsync(experiment);

        await server.OkAsync("runs/log-metric", new { run_id = run, key = "loss", value, timestamp = 1_700_000_000_000, step = 1 });
        await server.OkAsync("runs/log-batch", new { run_id = run, metrics = new[] { new { key = "batch", value, timestamp = 1_700_000_000_000, step = 0 } } });
        var (_, history) = await server.GetAsync($"metrics/get-history?run_id={run}&metric_key=loss");
        var (_, got) = await server.GetAsync($"runs/get?run_id={run}");

        Assert.Equal(expected, (string?)history["metrics"]![0]!["value"]);
        var latest = got["run"]!["data"]!["metrics"]!.AsArray().ToDictionary(m => (string)m!["key"]!, m => (string?)m!["value"]);
        Assert.Equal(expected, latest["loss"]);
        Assert.Equal(expected, latest["batch"]);
    }

    [Theory]
    [InlineData("runs/log-metric", """{"run_id":"RUN","key":"k","value":1,"timestamp":9223372036854775807}""", "timestamp")]
    [InlineData("runs/log-batch", """{"run_id":"RUN","metrics":[{"key":"k","value":1,"timestamp":-9223372036854775808}]}""", "timestamp")]
    [InlineData("runs/update", """{"run_id":"RUN","status":"FINISHED","end_time":9223372036854775807}""", "end_time")]
    [InlineData("runs/create", """{"experiment_id":"EXP","start_time":"9223372036854775807"}""", "start_time")]
    public async Task TimestampOutOfRange_Is400_Issue15(string path, string body, string field)
    {
        var experiment = await server.NewExperimentAsync("time");
        var run = await server.NewRunAsync(experiment);

        var answer = await PostRawAsync(Mlflow + path, body.Replace("RUN", run, StringComparison.Ordinal).Replace("EXP", experiment, StringComparison.Ordinal));

        AssertMlflowError(answer, "INVALID_PARAMETER_VALUE", $"'{field}' must be a time");
    }

    [Fact]
    public async Task SearchFilterOf1200Terms_Is400InvalidParameter_NotA503_Issue15()
    {
        var filter = string.Join(" AND ", Enumerable.Range(0, 1200).Select(i => $"metrics.m{i} > 0"));
        var inList = "attributes.run_name IN (" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"'r{i}'")) + ")";

        var runs = await PostRawAsync(Mlflow + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray("0"), ["filter"] = filter }.ToJsonString());
        var models = await PostRawAsync(Mlflow + "registered-models/search", new JsonObject { ["filter"] = string.Join(" AND ", Enumerable.Repeat("name LIKE '%a%'", 1200)) }.ToJsonString());
        var list = await PostRawAsync(Mlflow + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray("0"), ["filter"] = inList }.ToJsonString());
        var ids = await PostRawAsync(Mlflow + "runs/search", new JsonObject { ["experiment_ids"] = new JsonArray([.. Enumerable.Range(0, 40_000).Select(i => (JsonNode)i.ToString(System.Globalization.CultureInfo.InvariantCulture))]) }.ToJsonString());

        AssertMlflowError(runs, "INVALID_PARAMETER_VALUE", "at most 100 comparisons");
        AssertMlflowError(models, "INVALID_PARAMETER_VALUE", "at most 100 comparisons");
        AssertMlflowError(list, "INVALID_PARAMETER_VALUE", "at most 1000 values");
        AssertMlflowError(ids, "INVALID_PARAMETER_VALUE", "at most 1000 can be searched");
        Assert.True(((string)runs.Body["message"]!).Length < 500, "the message quotes a cut filter, not all of it");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ui")]
    [InlineData("/ui/models")]
    [InlineData("/docs/index.html")]
    [InlineData("/api/v1/models")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/health/live")]
    [InlineData("/api/2.0/mlflow/experiments/search")]
    public async Task Head_IsAnsweredWhereverGetIs_WithoutABody_Issue15(string path)
    {
        using var get = await server.Client.GetAsync(path);
        using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ui")]
    [InlineData("/ui/runs/abc")]
    [InlineData("/docs/index.html")]
    public async Task Pages_CarryTheSecurityHeaders_Issue15(string path)
    {
        using var response = await server.Client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiAnswers_AllowNothingToLoad_Issue15()
    {
        using var response = await server.Client.GetAsync("/api/v1/models");

        Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task QueryOfTheWrongType_Is400Problem_Issue15()
    {
        using var response = await server.Client.GetAsync("/api/v1/pipelines/runs?limit=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
