using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Relearn.Core.Hosting;
using Relearn.Server;

namespace Relearn.Tests.Server;

public sealed class ServerFaultLogTests
{
    [Fact]
    public async Task EveryServerFault_IsLoggedOnce_WithTraceIdRouteAndException_AndAnswersNoInternals_Issue15()
    {
        var home = Directory.CreateTempSubdirectory("relearn-fault-").FullName;
        var log = new CapturingLoggerProvider();
        await using var app = RelearnServer.Build(RelearnLocation.Resolve(home), "http://127.0.0.1:0", configure: builder => builder.Logging.AddProvider(log));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(home, "relearn.db*"))
        {
            File.Delete(file);
        }
        await File.WriteAllTextAsync(Path.Combine(home, "relearn.db"), "this is not a database any more");

        using var api = await client.GetAsync("/api/v1/models/sentiment");
        using var mlflow = await client.GetAsync("/api/2.0/mlflow/experiments/search");
        var problem = (await api.Content.ReadFromJsonAsync<JsonObject>())!;
        var mlflowError = (await mlflow.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, mlflow.StatusCode);
        var traceId = (string)problem["traceId"]!;
        var faults = log.Text.Split('\n').Where(l => l.Contains("[6000]", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, faults.Count);
        Assert.Contains(traceId, faults[0], StringComparison.Ordinal);
        Assert.Contains("GET /api/v1/models/{name}", faults[0], StringComparison.Ordinal);
        Assert.Contains("SqliteException", faults[0], StringComparison.Ordinal);
        Assert.Contains("GET /api/2.0/mlflow/experiments/search", faults[1], StringComparison.Ordinal);
        Assert.Equal("TEMPORARILY_UNAVAILABLE", (string?)mlflowError["error_code"]);
        var mlflowTrace = ((string)mlflowError["message"]!).Split("traceId ")[1].TrimEnd(')');
        Assert.Contains(mlflowTrace, faults[1], StringComparison.Ordinal);
        foreach (var body in new[] { problem.ToJsonString(), mlflowError.ToJsonString() })
        {
            Assert.DoesNotContain("Sqlite", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(home, body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        }

        await app.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }
}
