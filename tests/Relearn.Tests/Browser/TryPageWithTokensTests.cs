using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Relearn.Core.Hosting;
using Relearn.Core.Registry;
using Relearn.Core.Tasks.TextClassification;
using Relearn.Server;

namespace Relearn.Tests.Browser;

/// <summary>The try-it page on a server that requires tokens: the page loads, and the token typed into it authorizes its calls.</summary>
public sealed class TryPageWithTokensTests
{
    [Fact]
    public async Task WithoutAToken_ThePageSaysWhy_WithAReadToken_ItPredicts()
    {
        var home = Directory.CreateTempSubdirectory("relearn-page-auth-").FullName;
        var token = "rd-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await using var app = RelearnServer.Build(RelearnLocation.Resolve(home), "http://127.0.0.1:0", configure: builder =>
        {
            builder.Configuration["Relearn:Auth:Tokens:0:Name"] = "viewer";
            builder.Configuration["Relearn:Auth:Tokens:0:Role"] = "read";
            builder.Configuration["Relearn:Auth:Tokens:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        });
        var run = await app.Services.GetRequiredService<TextClassificationTraining>().TrainAsync("sentiment", [Samples.Yelp], new TextClassificationOptions());
        await app.Services.GetRequiredService<ModelRegistry>().RegisterAsync("sentiment", run.RunId);
        await app.Services.GetRequiredService<ModelRegistry>().PromoteAsync("sentiment", 1);
        await app.StartAsync();

        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.Urls.Single());
        var refused = page.Locator("#result.error");
        await refused.WaitForAsync();
        Assert.Contains("access token", await refused.InnerTextAsync(), StringComparison.Ordinal);

        await page.FillAsync("#token", token);
        await page.DispatchEventAsync("#token", "change");
        await page.Locator("#model option[value='sentiment']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.FillAsync("#text", "Absolutely loved the service and the food.");
        await page.ClickAsync("#predict");
        await page.Locator("#label").WaitForAsync();

        Assert.Equal("positive", await page.Locator("#label").InnerTextAsync());
        await app.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(home, recursive: true);
    }
}
