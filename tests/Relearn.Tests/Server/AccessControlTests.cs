using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relearn.Core.Hosting;
using Relearn.Server;
using Relearn.Tests.Cli;

namespace Relearn.Tests.Server;

/// <summary>A real server with three tokens: read by SHA-256 in config, write from an environment variable, admin from a file.</summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("relearn-access-").FullName;
    private readonly string _readToken = "rd-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _writeToken = "wr-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _adminToken = "ad-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _writeEnv = "RELEARN_TEST_WRITE_TOKEN_" + Guid.NewGuid().ToString("N");
    private readonly CapturingLoggerProvider _logs = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_writeEnv, _writeToken);
        var adminFile = Path.Combine(_home, "admin.token");
        await File.WriteAllTextAsync(adminFile, _adminToken + "\n");
        _app = RelearnServer.Build(RelearnLocation.Resolve(_home), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Relearn:Auth:Tokens:0:Name"] = "dashboard";
            builder.Configuration["Relearn:Auth:Tokens:0:Role"] = "read";
            builder.Configuration["Relearn:Auth:Tokens:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_readToken)));
            builder.Configuration["Relearn:Auth:Tokens:1:Name"] = "trainer";
            builder.Configuration["Relearn:Auth:Tokens:1:Role"] = "write";
            builder.Configuration["Relearn:Auth:Tokens:1:TokenEnv"] = _writeEnv;
            builder.Configuration["Relearn:Auth:Tokens:2:Name"] = "release";
            builder.Configuration["Relearn:Auth:Tokens:2:Role"] = "admin";
            builder.Configuration["Relearn:Auth:Tokens:2:TokenFile"] = adminFile;
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(_logs);
        });
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Environment.SetEnvironmentVariable(_writeEnv, null);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task WithoutAToken_401ProblemWithBearerChallenge_ButHealthAndThePageShellAreOpen()
    {
        using var models = await SendAsync(HttpMethod.Get, "/api/v1/models", null);
        using var metrics = await SendAsync(HttpMethod.Get, "/metrics", null);
        using var page = await SendAsync(HttpMethod.Get, "/", null);
        using var live = await SendAsync(HttpMethod.Get, "/health/live", null);
        using var ready = await SendAsync(HttpMethod.Get, "/health/ready", null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("sentiment", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var refused in new[] { models, metrics })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        var problem = JsonNode.Parse(await models.Content.ReadAsStringAsync())!;
        Assert.Equal(401, (int?)problem["status"]);
        Assert.Contains("Authorization: Bearer", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task AnAliasSetThroughTheMlflowApi_IsAuditedAsTheTokensName()
    {
        using var model = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", _writeToken, "{\"name\":\"audited\"}");
        using var version = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", _writeToken, "{\"name\":\"audited\",\"source\":\"s3://elsewhere/model\"}");
        using var byWriter = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", _writeToken, "{\"name\":\"audited\",\"alias\":\"production\",\"version\":\"1\"}");
        using var byAdmin = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", _adminToken, "{\"name\":\"audited\",\"alias\":\"production\",\"version\":\"1\"}");

        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byWriter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        var history = await _app.Services.GetRequiredService<Relearn.Core.Registry.IModelRegistryStore>().GetAliasHistoryAsync("audited");
        Assert.Equal("mlflow-api:release", Assert.Single(history).Actor);
    }

    [Fact]
    public async Task QualityRoutes_ReadingNeedsRead_RecordingManualTestsNeedsWrite_Issue13()
    {
        using var anonymous = await SendAsync(HttpMethod.Get, "/api/v1/models/nope/versions/1/test-score", null);
        // Past access control the routes answer for the model: 404, as it does not exist here.
        using var readScore = await SendAsync(HttpMethod.Get, "/api/v1/models/nope/versions/1/test-score", _readToken);
        using var readChecks = await SendAsync(HttpMethod.Get, "/api/v1/models/nope/versions/1/checks", _readToken);
        const string Manual = """{"tests": ["data-5"], "note": "privacy review"}""";
        using var readRecords = await SendAsync(HttpMethod.Post, "/api/v1/models/nope/test-score/manual", _readToken, Manual);
        using var writeRecords = await SendAsync(HttpMethod.Post, "/api/v1/models/nope/test-score/manual", _writeToken, Manual);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readScore.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readChecks.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readRecords.StatusCode);
        Assert.Contains("needs the write role", (string?)JsonNode.Parse(await readRecords.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, writeRecords.StatusCode);
    }

    [Fact]
    public async Task AnUnknownToken_Is401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/models", _readToken + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RolesAreOrdered_ReadPredicts_WriteChanges_AdminDeletesAndPromotes()
    {
        using var list = await SendAsync(HttpMethod.Get, "/api/v1/models", _readToken);
        using var metrics = await SendAsync(HttpMethod.Get, "/metrics", _readToken);
        // Past access control a prediction reaches the endpoint: 404 for a model that does not exist, not 401/403.
        using var predict = await SendAsync(HttpMethod.Post, "/api/v1/models/nope/predict", _readToken, """{"text":"hi"}""");
        using var readWrites = await SendAsync(HttpMethod.Post, "/api/v1/models/nope/versions", _readToken, "{}");
        using var writeWrites = await SendAsync(HttpMethod.Post, "/api/v1/models/nope/versions", _writeToken, "{}");
        using var writePromotes = await SendAsync(HttpMethod.Post, "/api/v1/models/nope/promote", _writeToken, "{}");
        using var writeDeletes = await SendAsync(HttpMethod.Delete, "/api/v1/models/nope", _writeToken);
        using var adminPromotes = await SendAsync(HttpMethod.Post, "/api/v1/models/nope/promote", _adminToken, "{}");
        using var adminDeletes = await SendAsync(HttpMethod.Delete, "/api/v1/models/nope", _adminToken);
        using var adminReads = await SendAsync(HttpMethod.Get, "/api/v1/models", _adminToken);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, predict.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readWrites.StatusCode);
        Assert.Equal("application/problem+json", readWrites.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await readWrites.Content.ReadAsStringAsync())!;
        Assert.Equal("POST /api/v1/models/nope/versions needs the write role; token 'dashboard' has read", (string?)problem["detail"]);
        Assert.NotEqual(HttpStatusCode.Forbidden, writeWrites.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, writeWrites.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writePromotes.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writeDeletes.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, adminPromotes.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, adminDeletes.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, adminDeletes.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminReads.StatusCode);
    }

    [Fact]
    public async Task TokensNeverReachLogsOrProblems()
    {
        var bodies = new StringBuilder();
        foreach (var token in new[] { _readToken, _writeToken, _adminToken, "wrong-" + _adminToken, null })
        {
            foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/v1/models"), (HttpMethod.Post, "/api/v1/models/nope/predict"),
                (HttpMethod.Post, "/api/v1/models/x/promote"), (HttpMethod.Delete, "/api/v1/models/x") })
            {
                using var response = await SendAsync(method, path, token, method == HttpMethod.Get ? null : "{\"text\":\"hi\"}");
                bodies.Append(await response.Content.ReadAsStringAsync());
            }
        }

        Assert.True(_logs.Count > 0, "the capturing logger saw nothing");
        Assert.Contains("Refused", _logs.Text, StringComparison.Ordinal);
        foreach (var secret in new[] { _readToken, _writeToken, _adminToken })
        {
            Assert.DoesNotContain(secret, _logs.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, bodies.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serve_BeyondLoopbackWithoutTokens_RefusesToStart_NamingTheSetting()
    {
        using var home = new TempHome();

        var result = await RelearnProcess.RunAsync(home.Path, "serve", "--urls", "http://0.0.0.0:0");

        RelearnProcess.AssertFailed(result, "Relearn:Auth:Tokens");
    }
}
