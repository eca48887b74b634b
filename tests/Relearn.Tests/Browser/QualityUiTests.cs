using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Quality;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Registry;
using static Microsoft.Playwright.Assertions;

namespace Relearn.Tests.Browser;

/// <summary>The model page in a real Chromium over a real server: each version's ML Test Score and its recorded checks (issue 13).</summary>
public sealed class QualityUiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ModelPage_ShowsTheNewestVersionsScoreAndChecks_AndAnotherVersionsOnShow_Issue13()
    {
        var registry = server.Services.GetRequiredService<ModelRegistry>();
        await registry.RegisterAsync("ui-quality", server.YelpRun.RunId);
        var newest = await registry.RegisterAsync("ui-quality", server.AmazonRun.RunId);
        var report = await server.Services.GetRequiredService<ModelQuality>().CheckAsync(newest, CheckThresholds.Read(_ => null), new NonFunctionalThresholds());
        var score = (await server.Client.GetFromJsonAsync<JsonObject>("/api/v1/models/ui-quality/versions/2/test-score"))!;
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "/ui/models/ui-quality").ToString());

        await Expect(page.Locator("#score-title")).ToHaveTextAsync(string.Create(CultureInfo.InvariantCulture, $"ML Test Score of v2: {(double)score["score"]!}"));
        await Expect(page.Locator("#score-table tbody tr")).ToHaveCountAsync(28);
        var infra2 = page.Locator("#score-table tr[data-test='infra-2'] [data-status]");
        await Expect(infra2).ToHaveAttributeAsync("data-status", "automated");
        await Expect(page.Locator("#score-table tr[data-test='data-5'] [data-status]")).ToHaveTextAsync("missing");
        await Expect(page.Locator("#checks-title")).ToHaveTextAsync("Behavioural checks of v2");
        await Expect(page.Locator("#check-table tbody tr")).ToHaveCountAsync(report.Tests.Count);
        var first = report.Tests[0];
        var row = page.Locator($"#check-table tr[data-check='{first.Name.Replace("'", "\\'", StringComparison.Ordinal)}']");
        await Expect(row).ToHaveAttributeAsync("data-kind", first.Kind);
        await Expect(row).ToContainTextAsync(first.Cases.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#check-table tr[data-kind='NFR']").First).ToBeVisibleAsync();
        await Expect(page.Locator("#error")).ToBeHiddenAsync();

        await page.ClickAsync("#version-table button[data-score='1']");

        await Expect(page.Locator("#score-title")).ToContainTextAsync("ML Test Score of v1: ");
        await Expect(page.Locator("#score-table tr[data-test='infra-2'] [data-status]")).ToHaveAttributeAsync("data-status", "missing");
        await Expect(page.Locator("#checks-none")).ToHaveTextAsync("No check recorded for v1: run relearn models check ui-quality:1");
        await Expect(page.Locator("#check-table")).ToHaveCountAsync(0);
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }
}
