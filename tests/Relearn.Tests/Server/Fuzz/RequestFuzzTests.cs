using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Tests.Mlflow;

namespace Relearn.Tests.Server.Fuzz;

/// <summary>
/// Issue 15's fuzz suite against the real server on a home with a production model: for every operation in the
/// OpenAPI document and every other route the server maps (the MLflow API and its artifact proxy, the UI), seeded
/// malformed requests. Nothing is listed by hand, so an endpoint added later is fuzzed as soon as it is mapped. It fails
/// on any 5xx, any connection reset, any 4xx without its error body (problem+json, or MLflow's JSON under the MLflow
/// routes), any stack trace and any file read through a path attack.
/// </summary>
public sealed class RequestFuzzTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const int Seed = 15;

    /// <summary>Requests per operation and method, at most: bounds the run (about 1,200 requests in all) whatever the number of routes.</summary>
    private const int PerOperation = 16;

    /// <summary>
    /// Time after which no new round starts. Requests go out round-robin over the operations, so every operation gets
    /// its first requests before any gets its last; the first <see cref="MinimumRounds"/> rounds always run, so on a
    /// machine so loaded that the budget ends early every operation has still been fuzzed.
    /// </summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);

    private const int MinimumRounds = 4;

    private static readonly string[] MlflowPrefixes = ["/api/2.0/mlflow", "/get-artifact", "/ajax-api"];

    /// <summary>Fields MLflow requests carry; each operation gets every one of them wrong in turn, on top of valid ids.</summary>
    private static readonly string[] MlflowFields =
    [
        "experiment_id", "experiment_ids", "run_id", "run_uuid", "name", "new_name", "key", "value", "timestamp", "step", "metric_key",
        "filter", "filter_string", "max_results", "page_token", "order_by", "view_type", "run_view_type", "metrics", "params", "tags",
        "version", "alias", "stage", "description", "start_time", "end_time", "status", "run_name", "artifact_location", "path", "source",
        "archive_existing_versions", "lifecycle_stage",
    ];

    [Fact]
    public async Task EveryOperation_AnswersMalformedRequests_WithA4xxAndItsErrorBody_Never5xxOrReset_Issue15()
    {
        var generator = new MalformedRequests(Seed);
        var ids = await SeedAsync();
        var byOperation = new List<List<FuzzRequest>>();
        var openApiRoutes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var openApi = JsonNode.Parse(await server.Client.GetStringAsync("/openapi/v1.json"))!;
        foreach (var (path, operations) in openApi["paths"]!.AsObject())
        {
            openApiRoutes.Add(path);
            foreach (var (method, operation) in operations!.AsObject())
            {
                byOperation.Add([.. generator.Pick(OpenApiRequests(generator, openApi, path, method.ToUpperInvariant(), operation!, ids).ToList(), PerOperation)]);
            }
        }
        var routes = Routes().Where(r => !openApiRoutes.Contains(r.Template.TrimEnd('/'))).ToList();
        foreach (var (template, methods) in routes)
        {
            byOperation.Add([.. generator.Pick(RouteRequests(generator, template, methods, ids).ToList(), PerOperation)]);
        }
        byOperation.Add([
            new("POST /api/v1/models/{name}/predict (over the limit)", "POST", "/api/v1/models/sentiment/predict", MalformedRequests.OverTheLimit("text"), "application/json", false),
            new("POST /api/2.0/mlflow/runs/log-batch (over the limit)", "POST", "/api/2.0/mlflow/runs/log-batch", MalformedRequests.OverTheLimit("metrics"), "application/json", true),
        ]);
        Assert.True(openApiRoutes.Count >= 10, $"the OpenAPI document lists only {openApiRoutes.Count} paths");
        Assert.True(routes.Count(r => r.Template.StartsWith("/api/2.0/mlflow/", StringComparison.Ordinal)) >= 30, "the MLflow routes were not found");

        var (sent, rounds, failures) = await SendInRoundsAsync(byOperation);

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join('\n', failures.Take(40)));
    }

    /// <summary>Valid ids for the fields that name things, so the malformed field is the only thing wrong.</summary>
    private async Task<Dictionary<string, string>> SeedAsync()
    {
        var experiment = await server.NewExperimentAsync("fuzz");
        var run = await server.NewRunAsync(experiment);
        return new(StringComparer.Ordinal)
        {
            ["experiment_id"] = experiment, ["run_id"] = run, ["run_uuid"] = run, ["name"] = "sentiment", ["version"] = "1", ["id"] = run,
            ["stage"] = "train", ["key"] = "k", ["value"] = "1", ["metric_key"] = "k", ["alias"] = "production",
        };
    }

    /// <summary>Every route the server maps (with its methods), from its endpoint data source: no hand-written list.</summary>
    private IEnumerable<(string Template, string[] Methods)> Routes() =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Template: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET", "POST"]))
            .Where(r => !r.Template.StartsWith("/health", StringComparison.Ordinal) && !r.Template.StartsWith("/metrics", StringComparison.Ordinal))
            .DistinctBy(r => $"{r.Template} {string.Join(',', r.Methods)}");

    private static IEnumerable<FuzzRequest> OpenApiRequests(MalformedRequests generator, JsonNode document, string template, string method, JsonNode operation, Dictionary<string, string> ids)
    {
        var name = $"{method} {template}";
        var parameters = operation["parameters"]?.AsArray().Select(p => (Name: (string)p!["name"]!, In: (string)p!["in"]!)).ToList() ?? [];
        // A pipeline of that name would really run (training, in the background) for every body that happens to be valid.
        ids = template.StartsWith("/api/v1/pipelines", StringComparison.Ordinal) ? new Dictionary<string, string>(ids) { ["name"] = "no-such-pipeline" } : ids;
        var good = MalformedRequests.Fill(template, ids);
        foreach (var (parameter, _) in parameters.Where(p => p.In == "path"))
        {
            foreach (var attack in MalformedRequests.PathAttacks)
            {
                yield return new(name, method, MalformedRequests.Fill(template, new Dictionary<string, string>(ids) { [parameter] = attack }), method == "GET" ? null : "{}"u8.ToArray(), "application/json", false);
            }
        }
        foreach (var (parameter, _) in parameters.Where(p => p.In == "query"))
        {
            foreach (var attack in MalformedRequests.QueryAttacks)
            {
                yield return new(name, method, $"{good}?{parameter}={attack}", method == "GET" ? null : "{}"u8.ToArray(), "application/json", false);
            }
        }
        if (method is "GET" or "HEAD" or "DELETE")
        {
            yield break;
        }
        var fields = BodyFields(document, operation);
        foreach (var (bodyName, body, contentType) in MalformedRequests.GenericBodies(fields.FirstOrDefault() ?? "text"))
        {
            yield return new($"{name} ({bodyName})", method, good, body, contentType, false);
        }
        foreach (var field in fields)
        {
            foreach (var attack in generator.Pick(MalformedRequests.FieldAttacks, 12))
            {
                yield return new($"{name} ({field})", method, good, MalformedRequests.WithField([], field, attack), "application/json", false);
            }
        }
    }

    /// <summary>The top-level properties of an operation's JSON body schema (following one <c>$ref</c>).</summary>
    private static List<string> BodyFields(JsonNode document, JsonNode operation)
    {
        var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
        if (schema?["$ref"] is JsonValue reference)
        {
            schema = document["components"]?["schemas"]?[((string)reference!).Split('/')[^1]];
        }
        return schema?["properties"]?.AsObject().Select(p => p.Key).ToList() ?? [];
    }

    private static IEnumerable<FuzzRequest> RouteRequests(MalformedRequests generator, string template, string[] methods, Dictionary<string, string> ids)
    {
        var mlflow = MlflowPrefixes.Any(p => template.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        var parameters = MalformedRequests.Parameters(template);
        var artifactIds = new Dictionary<string, string>(ids) { ["path"] = $"{ids["experiment_id"]}/{ids["run_id"]}/artifacts/model.txt", ["rest"] = "nope", ["**rest"] = "nope" };
        var good = MalformedRequests.Fill(template, artifactIds);
        var baseFields = new JsonObject { ["experiment_id"] = ids["experiment_id"], ["run_id"] = ids["run_id"], ["name"] = "sentiment", ["key"] = "k", ["value"] = "1", ["timestamp"] = 1_700_000_000_000, ["step"] = 0, ["version"] = "1" };
        foreach (var method in methods.Where(m => m != "HEAD" && m != "OPTIONS"))
        {
            var name = $"{method} {template}";
            foreach (var parameter in parameters)
            {
                foreach (var attack in MalformedRequests.PathAttacks)
                {
                    yield return new(name, method, MalformedRequests.Fill(template, new Dictionary<string, string>(artifactIds) { [parameter] = attack }), null, null, mlflow);
                }
            }
            foreach (var field in MlflowFields)
            {
                var attack = generator.PickOne(MalformedRequests.FieldAttacks);
                if (method is "GET" or "DELETE")
                {
                    var query = string.Join('&', baseFields.Where(p => p.Key != field).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!.ToString())}"));
                    yield return new(name, method, $"{good}?{query}&{field}={generator.PickOne(MalformedRequests.QueryAttacks)}", null, null, mlflow);
                    yield return new(name, method, $"{good}?{field}={generator.PickOne(MalformedRequests.QueryAttacks)}&{field}=again", null, null, mlflow);
                }
                if (method is not "GET")
                {
                    yield return new($"{name} ({field})", method, good, MalformedRequests.WithField(baseFields, field, attack), "application/json", mlflow);
                }
            }
            if (method is not "GET")
            {
                foreach (var (bodyName, body, contentType) in MalformedRequests.GenericBodies(generator.PickOne(MlflowFields)))
                {
                    yield return new($"{name} ({bodyName})", method, good, body, contentType, mlflow);
                }
            }
        }
    }

    /// <summary>Sends round after round (the i-th request of every operation in round i) until all are sent or the budget is spent.</summary>
    private async Task<(int Sent, int Rounds, List<string> Failures)> SendInRoundsAsync(List<List<FuzzRequest>> byOperation)
    {
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var slowest = new System.Collections.Concurrent.ConcurrentQueue<(double Milliseconds, string Request)>();
        var watch = Stopwatch.StartNew();
        var sent = 0;
        var rounds = 0;
        for (; rounds < byOperation.Max(o => o.Count) && (rounds < MinimumRounds || watch.Elapsed < Budget); rounds++)
        {
            var round = byOperation.Where(o => o.Count > rounds).Select(o => o[rounds]).ToList();
            using var gate = new SemaphoreSlim(4);
            await Task.WhenAll(round.Select(async request =>
            {
                await gate.WaitAsync();
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    var answer = await CheckAsync(request);
                    slowest.Enqueue((Stopwatch.GetElapsedTime(started).TotalMilliseconds, request.ToString()));
                    if (answer is { } failure)
                    {
                        failures.Enqueue($"{failure}  <- {request}");
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
            sent += round.Count;
        }
        Console.WriteLine($"fuzz: {sent} of {byOperation.Sum(o => o.Count)} requests over {byOperation.Count} operations in {rounds} rounds, {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var (milliseconds, request) in slowest.OrderByDescending(s => s.Milliseconds).Take(8))
        {
            Console.WriteLine($"fuzz: slowest {milliseconds:0} ms {request}");
        }
        return (sent, rounds, [.. failures]);
    }

    /// <summary>What is wrong with the answer to <paramref name="request"/>, or null when it is a proper answer.</summary>
    private async Task<string?> CheckAsync(FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(server.BaseAddress, request.PathAndQuery));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = request.ContentType is null ? null : MediaTypeHeaderValue.Parse(request.ContentType);
        }
        HttpResponseMessage response;
        try
        {
            response = await server.Client.SendAsync(message);
        }
        catch (HttpRequestException e)
        {
            return $"connection failed: {e.Message}";
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                return $"{status} {Short(text)}";
            }
            if (text.Contains("root:x:0:0", StringComparison.Ordinal) || text.Contains("   at Relearn", StringComparison.Ordinal))
            {
                return $"{status} leaks a file or a stack trace: {Short(text)}";
            }
            if (status < 400)
            {
                return null;
            }
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status == 400 && text.Length == 0 && response.Headers.ConnectionClose == true && request.PathAndQuery.Contains("%00", StringComparison.Ordinal))
            {
                // Kestrel refuses a NUL in the request target itself, before any of the server's code runs, and closes the
                // connection: the one 4xx the server cannot give a body (docs/security.md, Input limits).
                return null;
            }
            if (request.MlflowShape)
            {
                return IsMlflowError(text) ? null : $"{status} without MLflow's error body: {mediaType} {Short(text)}";
            }
            return mediaType == "application/problem+json" && IsProblem(text, status) ? null : $"{status} without a problem body: {mediaType} {Short(text)}";
        }
    }

    private static bool IsProblem(string text, int status)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject problem && (int?)problem["status"] == status && problem["title"] is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsMlflowError(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject error && error["error_code"] is JsonValue && error["message"] is JsonValue;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
