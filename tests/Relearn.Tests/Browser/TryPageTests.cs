using Microsoft.Playwright;

namespace Relearn.Tests.Browser;

/// <summary>The try-it page in a real Chromium (Debian's, driven by Playwright).</summary>
public sealed class TryPageTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<IPage> OpenTryPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.Locator("#model option[value='sentiment']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    [Fact]
    public async Task TypingASentence_ShowsLabelAndConfidence()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await OpenTryPageAsync(browser);

        await page.FillAsync("#text", "The screen is gorgeous and the battery lasts for days.");
        await page.ClickAsync("#predict");
        var label = page.Locator("#label");
        await label.WaitForAsync();

        Assert.Equal("positive", await label.InnerTextAsync());
        Assert.Matches(@"^\d{2,3}\.\d%$", await page.Locator("#confidence").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "relearn-try-page.png") });
    }

    [Fact]
    public async Task SubmittingEmptyText_ShowsTheServersReason()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await OpenTryPageAsync(browser);

        await page.ClickAsync("#predict");
        var result = page.Locator("#result.error");
        await result.WaitForAsync();

        Assert.Contains("must not be empty", await result.InnerTextAsync(), StringComparison.Ordinal);
    }
}
