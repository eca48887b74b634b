using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relearn.Core.Hosting;
using Relearn.Core.Registry;
using Relearn.Core.Tasks.TextClassification;
using Relearn.Server;
using Relearn.Tests.Webhooks;
using static Microsoft.Playwright.Assertions;

namespace Relearn.Tests.Browser;

/// <summary>
/// The web UI on a server that requires tokens and delivers webhooks: the pages load without a token, data needs one,
/// a promotion with a read token is refused, an admin's goes through the audited path (actor = <c>api:</c> and the token's name) and
/// reaches the webhook; no token or webhook secret ever shows in a page or a log.
/// </summary>
public sealed class UiWithTokensTests
{
    [Fact]
    public async Task PromoteWithAReadToken_IsRefused_WithAnAdminToken_IsAuditedAndDelivered_AndNoSecretIsShown()
    {
        var home = Directory.CreateTempSubdirectory("relearn-ui-auth-").FullName;
        var readToken = "rd-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var adminToken = "ad-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var secret = "whsec-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var secretEnv = "RELEARN_TEST_UI_HOOK_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretEnv, secret);
        var logs = new CapturingLoggerProvider();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = RelearnServer.Build(RelearnLocation.Resolve(home), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Relearn:Auth:Tokens:0:Name"] = "viewer";
            builder.Configuration["Relearn:Auth:Tokens:0:Role"] = "read";
            builder.Configuration["Relearn:Auth:Tokens:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(readToken)));
            builder.Configuration["Relearn:Auth:Tokens:1:Name"] = "ops";
            builder.Configuration["Relearn:Auth:Tokens:1:Role"] = "admin";
            builder.Configuration["Relearn:Auth:Tokens:1:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(adminToken)));
            builder.Configuration["Relearn:Webhooks:0:Name"] = "deploy";
            builder.Configuration["Relearn:Webhooks:0:Url"] = receiver.Url("/hooks/deploy");
            builder.Configuration["Relearn:Webhooks:0:SecretEnv"] = secretEnv;
            builder.Configuration["Relearn:WebhookDelivery:PollInterval"] = "00:00:00.100";
            builder.Configuration["Logging:LogLevel:Default"] = "Trace";
            builder.Logging.AddProvider(logs);
        });
        var run = await app.Services.GetRequiredService<TextClassificationTraining>().TrainAsync("sentiment", [Samples.Yelp], new TextClassificationOptions());
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        await registry.RegisterAsync("sentiment", run.RunId);
        await registry.RegisterAsync("sentiment", run.RunId);
        await registry.PromoteAsync("sentiment", 1);
        await app.StartAsync();

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var visited = new List<string>();

        await page.GotoAsync(app.Urls.Single() + "/ui/models/sentiment");
        await Expect(page.Locator("#error")).ToContainTextAsync("401: send a token as Authorization: Bearer TOKEN — enter an access token above.");
        await page.FillAsync("#token", readToken);
        await page.DispatchEventAsync("#token", "change");
        await Expect(page.Locator("#version-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#token-state")).ToHaveTextAsync("set for this tab");
        await page.ClickAsync("button[data-promote='2']");
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator("#error")).ToContainTextAsync("403: POST /api/v1/models/sentiment/promote needs the admin role; token 'viewer' has read");
        Assert.Equal(1, await app.Services.GetRequiredService<IModelRegistryStore>().GetAliasAsync("sentiment", "production"));
        visited.Add(await page.ContentAsync());

        await page.ClickAsync("#token-forget");
        await page.FillAsync("#token", adminToken);
        await page.DispatchEventAsync("#token", "change");
        await page.ClickAsync("button[data-promote='2']");
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator("#notice")).ToContainTextAsync("sentiment@production -> version 2");
        visited.Add(await page.ContentAsync());
        await page.ClickAsync("nav a:text-is('Audit log')");
        await Expect(page.Locator("#audit-table tbody tr").First).ToContainTextAsync("api:ops");
        visited.Add(await page.ContentAsync());

        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(10);
        while (receiver.Accepted.IsEmpty && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(50);
        }
        var delivered = Assert.Single(receiver.Accepted);
        Assert.Equal("api:ops", (string?)delivered.Json["actor"]);
        Assert.Equal(2, (int?)delivered.Json["version"]);
        Assert.True(delivered.SignedWith(secret));
        foreach (var html in visited)
        {
            Assert.DoesNotContain(readToken, html, StringComparison.Ordinal);
            Assert.DoesNotContain(adminToken, html, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(readToken, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(adminToken, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, logs.Text, StringComparison.Ordinal);

        await app.StopAsync();
        Environment.SetEnvironmentVariable(secretEnv, null);
        SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }
}
