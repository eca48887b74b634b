using Microsoft.Playwright;
using Relearn.Tests.Server.Pipelines;
using static Microsoft.Playwright.Assertions;

namespace Relearn.Tests.Browser;

/// <summary>The pipeline pages in a real Chromium over a real server: Run now with confirmation, the DAG reaching succeeded, a stage's log.</summary>
public sealed class PipelineUiTests(PipelineServerFixture server) : IClassFixture<PipelineServerFixture>
{
    [Fact]
    public async Task RunNow_DrawsTheDagUntilSucceeded_AndAStageOpensItsLog()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "/ui").ToString());
        await page.ClickAsync("header nav a:text-is('Pipelines')");
        await Expect(page.Locator("#pipeline-table tr[data-pipeline='tiny'] [data-schedule='nightly']")).ToContainTextAsync("Europe/Paris");
        await page.ClickAsync("button[data-run-now='tiny']");
        await page.ClickAsync("#confirm-cancel");
        await Expect(page.Locator("#pipeline-run-table tbody tr[data-run-id]")).ToHaveCountAsync(0);
        await page.ClickAsync("button[data-run-now='tiny']");
        await page.ClickAsync("#confirm-ok");

        await page.WaitForURLAsync("**/ui/pipelines/runs/*");
        await Expect(page.Locator("#run-state")).ToHaveTextAsync("succeeded", new() { Timeout = 30_000 });
        await Expect(page.Locator("svg.dag g.stage[data-state='succeeded'][data-cache='miss']")).ToHaveCountAsync(3);
        await Expect(page.Locator("svg.dag path[data-edge='prepare->count']")).ToHaveCountAsync(1);
        await page.ClickAsync("svg.dag g.stage[data-stage='prepare']");
        await Expect(page.Locator("#stage-log")).ToContainTextAsync("preparing hello");
        await Expect(page.Locator("#attempt-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }
}
