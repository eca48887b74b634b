using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Relearn.Core.Hosting;
using Relearn.Server;
using Relearn.Tests.Cli;

namespace Relearn.Tests.Server;

/// <summary>The Hangfire dashboard of a real server on a fresh PostgreSQL database (RELEARN_TEST_POSTGRES).</summary>
public sealed class HangfireDashboardTests
{
    [Fact]
    public async Task Dashboard_WithTokens_NeedsTheAdminToken()
    {
        var readToken = "rd-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var adminToken = "ad-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await WithServerAsync(new()
        {
            ["Relearn:Auth:Tokens:0:Name"] = "viewer",
            ["Relearn:Auth:Tokens:0:Role"] = "read",
            ["Relearn:Auth:Tokens:0:Sha256"] = Sha256(readToken),
            ["Relearn:Auth:Tokens:1:Name"] = "ops",
            ["Relearn:Auth:Tokens:1:Role"] = "admin",
            ["Relearn:Auth:Tokens:1:Sha256"] = Sha256(adminToken),
        }, async client =>
        {
            using var anonymous = await GetAsync(client, "/hangfire", null);
            using var reader = await GetAsync(client, "/hangfire/jobs/enqueued", readToken);
            using var stats = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", readToken) },
            });
            using var admin = await GetAsync(client, "/hangfire", adminToken);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, stats.StatusCode);
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
            Assert.Contains("Relearn workers", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Dashboard_OnLoopbackWithoutTokens_IsOpenLikeTheRestOfServe()
    {
        await WithServerAsync([], async client =>
        {
            using var response = await GetAsync(client, "/hangfire", null);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
    }

    private static async Task WithServerAsync(Dictionary<string, string> settings, Func<HttpClient, Task> test)
    {
        var home = Directory.CreateTempSubdirectory("relearn-dashboard-").FullName;
        var (server, database) = await PostgresCliTests.CreateDatabaseAsync();
        try
        {
            var store = new UriBuilder(server) { Path = "/" + database }.Uri.ToString();
            var app = RelearnServer.Build(RelearnLocation.Resolve(home, store), "http://127.0.0.1:0", configure: builder =>
            {
                foreach (var (key, value) in settings)
                {
                    builder.Configuration[key] = value;
                }
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            });
            await app.StartAsync();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
                await test(client);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            await PostgresCliTests.DropDatabaseAsync(server, database);
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client.SendAsync(request);
    }

    private static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
