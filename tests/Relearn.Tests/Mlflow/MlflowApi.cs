using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Relearn.Tests.Mlflow;

/// <summary>One server for every MLflow test class: training the fixture's models once keeps the suite short.</summary>
[CollectionDefinition(Name)]
public sealed class MlflowCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "mlflow";
}

/// <summary>Calls to /api/2.0/mlflow/ returning the status and the parsed JSON body.</summary>
internal static class MlflowApi
{
    public const string Prefix = "/api/2.0/mlflow/";

    public static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(this ServerFixture server, string path, object body)
    {
        using var response = await server.Client.PostAsJsonAsync(Prefix + path, body);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(this ServerFixture server, string pathAndQuery)
    {
        using var response = await server.Client.GetAsync(Prefix + pathAndQuery);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(this ServerFixture server, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, Prefix + path) { Content = JsonContent.Create(body) };
        using var response = await server.Client.SendAsync(request);
        return (response.StatusCode, await ReadAsync(response));
    }

    /// <summary>POSTs and requires 200.</summary>
    public static async Task<JsonObject> OkAsync(this ServerFixture server, string path, object body)
    {
        var (status, json) = await server.PostAsync(path, body);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {json.ToJsonString()}");
        return json;
    }

    public static async Task<string> NewExperimentAsync(this ServerFixture server, string prefix = "exp") =>
        (string)(await server.OkAsync("experiments/create", new { name = $"{prefix}-{Guid.NewGuid():N}" }))["experiment_id"]!;

    public static async Task<string> NewRunAsync(this ServerFixture server, string experimentId, string? name = null, long? startTime = null) =>
        (string)(await server.OkAsync("runs/create", new { experiment_id = experimentId, run_name = name ?? "r", start_time = startTime }))["run"]!["info"]!["run_id"]!;

    public static void AssertError(HttpStatusCode status, JsonObject body, HttpStatusCode expectedStatus, string expectedCode, string? messagePart = null)
    {
        Assert.True(expectedStatus == status, $"expected {(int)expectedStatus}, got {(int)status}: {body.ToJsonString()}");
        Assert.Equal(expectedCode, (string?)body["error_code"]);
        Assert.False(string.IsNullOrEmpty((string?)body["message"]));
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, (string)body["message"]!, StringComparison.Ordinal);
        }
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return text.Length == 0 ? [] : (JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"not an object: {text}"));
    }
}
