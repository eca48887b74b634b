using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;
using static Microsoft.Playwright.Assertions;

namespace Relearn.Tests.Browser;

/// <summary>
/// The web UI in a real Chromium over a real server: experiments → runs → sort → filter → a run's charts → compare,
/// and the registry: promote with confirmation (and cancel), the audit log, rollback, a refused promotion.
/// </summary>
public sealed class UiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    /// <summary>A small tuning search logged through the store: a parent run and three trials with a loss curve each.</summary>
    private async Task<(string Parent, Dictionary<string, string> Trials)> SeedSweepAsync()
    {
        var tracking = server.Services.GetRequiredService<ITrackingStore>();
        var experiment = await tracking.GetOrCreateExperimentAsync("ui-sweep");
        if ((await tracking.ListRunsAsync("ui-sweep")).FirstOrDefault(r => r.Name == "search") is { } seeded)
        {
            var children = (await tracking.ListRunsAsync("ui-sweep")).Where(r => r.ParentRunId == seeded.RunId);
            return (seeded.RunId, children.ToDictionary(r => r.Name, r => r.RunId));
        }
        var parent = await tracking.CreateRunAsync(experiment.Id, "search");
        var trials = new Dictionary<string, string>();
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
        foreach (var (name, lr, accuracy) in new[] { ("trial-0", "0.1", 0.71), ("trial-1", "0.01", 0.93), ("trial-2", "0.001", 0.82) })
        {
            var trial = await tracking.CreateRunAsync(experiment.Id, name, parent.RunId);
            await tracking.LogParamsAsync(trial.RunId, new Dictionary<string, string> { ["lr"] = lr, ["optimizer"] = "adam" });
            await tracking.LogMetricsAsync(trial.RunId, [
                .. Enumerable.Range(0, 5).Select(step => new MetricPoint("loss", (1 - accuracy) + 1.0 / (step + 1), step, t0.AddSeconds(step))),
                new MetricPoint("accuracy", accuracy, 4, t0.AddSeconds(4)),
            ]);
            await tracking.EndRunAsync(trial.RunId, RunStatus.Finished);
            trials[name] = trial.RunId;
        }
        await tracking.EndRunAsync(parent.RunId, RunStatus.Finished);
        return (parent.RunId, trials);
    }

    private static async Task<string[]> RunNamesAsync(IPage page) =>
        [.. (await page.Locator("#run-table tbody tr[data-run-name]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.runName)"))];

    [Fact]
    public async Task Runs_SortFilterOpenChartAndCompare()
    {
        var (parent, trials) = await SeedSweepAsync();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(server.BaseAddress.ToString());
        await page.ClickAsync("#ui-link");
        await page.ClickAsync("#experiment-table a:text-is('ui-sweep')");
        await Expect(page.Locator("#run-table tbody tr")).ToHaveCountAsync(4);

        await page.ClickAsync("#run-table th[data-sort='metrics.`accuracy`'] button");
        await Expect(page.Locator("#run-table th[data-sort='metrics.`accuracy`']")).ToHaveAttributeAsync("aria-sort", "descending");
        Assert.Equal(["trial-1", "trial-2", "trial-0"], (await RunNamesAsync(page)).Where(n => n != "search"));
        await page.ClickAsync("#run-table th[data-sort='metrics.`accuracy`'] button");
        await Expect(page.Locator("#run-table th[data-sort='metrics.`accuracy`']")).ToHaveAttributeAsync("aria-sort", "ascending");
        Assert.Equal(["trial-0", "trial-2", "trial-1"], (await RunNamesAsync(page)).Where(n => n != "search"));

        await page.FillAsync("#filter", "params.lr = '0.01'");
        await page.ClickAsync("#apply-filter");
        await Expect(page.Locator("#run-table tbody tr")).ToHaveCountAsync(1);
        Assert.Equal(["trial-1"], await RunNamesAsync(page));
        Assert.Contains("order=", page.Url, StringComparison.Ordinal);

        await page.FillAsync("#filter", "metrics.accuracy >");
        await page.ClickAsync("#apply-filter");
        await Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Expect(page.Locator("#error")).ToContainTextAsync("400: invalid filter at position 18");

        await page.ClickAsync("#clear-filter");
        await Expect(page.Locator("#run-table tbody tr")).ToHaveCountAsync(4);
        await page.ClickAsync("#run-table a:text-is('trial-1')");
        var chart = page.Locator("figure[data-metric='loss'] svg");
        await Expect(chart.Locator("circle")).ToHaveCountAsync(5);
        Assert.Equal(["0", "1", "2", "3", "4"], await chart.Locator("circle").EvaluateAllAsync<string[]>("c => c.map(x => x.dataset.step)"));
        await Expect(page.Locator("#parent-link")).ToHaveTextAsync(parent);
        await Expect(page.Locator("#metric-table")).ToContainTextAsync("0.93");
        await Expect(page.Locator("#param-table")).ToContainTextAsync("0.01");

        await page.ClickAsync("#parent-link");
        await Expect(page.Locator("#child-table tbody tr")).ToHaveCountAsync(3);
        await page.ClickAsync("#experiment-link");
        await page.CheckAsync($"#run-table input[data-run-id='{trials["trial-0"]}']");
        await Expect(page.Locator("#compare")).ToBeDisabledAsync();
        await page.CheckAsync($"#run-table input[data-run-id='{trials["trial-2"]}']");
        await page.ClickAsync("#compare");

        await Expect(page.Locator("#compare-table thead a")).ToHaveTextAsync(["trial-0", "trial-2"]);
        await Expect(page.Locator("#compare-table tr[data-field='param:lr']")).ToHaveClassAsync("diff");
        await Expect(page.Locator("#compare-table tr[data-field='param:lr'] td").Nth(2)).ToHaveTextAsync("0.1");
        await Expect(page.Locator("#compare-table tr[data-field='param:lr'] td").Nth(3)).ToHaveTextAsync("0.001");
        await Expect(page.Locator("#compare-table tr[data-field='param:optimizer']")).Not.ToHaveClassAsync("diff");
        await Expect(page.Locator("figure[data-metric='loss'] circle")).ToHaveCountAsync(10);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "relearn-ui-compare.png"), FullPage = true });
    }

    [Fact]
    public async Task Registry_PromoteWithConfirm_CancelDoesNothing_RollbackIsAudited_RefusalShowsWhy()
    {
        var registry = server.Services.GetRequiredService<ModelRegistry>();
        var store = server.Services.GetRequiredService<IModelRegistryStore>();
        await registry.RegisterAsync("sentiment", server.AmazonRun.RunId);
        await registry.RegisterAsync("sentiment", (await server.TrainWeakAsync()).RunId);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "/ui/models").ToString());
        await page.ClickAsync("#model-table a:text-is('sentiment')");
        await Expect(page.Locator("#version-table tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#version-table tr[data-version='1']")).ToContainTextAsync("production");
        await Expect(page.Locator("#version-table tr[data-version='1']")).ToContainTextAsync(server.YelpRun.Dataset.Id);

        await page.ClickAsync("button[data-promote='2']");
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await page.ClickAsync("#confirm-cancel");
        await Expect(page.Locator("#confirm")).ToBeHiddenAsync();
        Assert.Equal(1, await store.GetAliasAsync("sentiment", "production"));
        Assert.Single(await store.GetAliasHistoryAsync("sentiment"));

        await page.ClickAsync("button[data-promote='2']");
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator("#notice")).ToContainTextAsync("sentiment@production -> version 2");
        await Expect(page.Locator("#alias-table")).ToContainTextAsync("v2");
        Assert.Equal(2, await store.GetAliasAsync("sentiment", "production"));

        await page.ClickAsync("nav a:text-is('Audit log')");
        var newest = page.Locator("#audit-table tbody tr").First;
        await Expect(newest).ToHaveAttributeAsync("data-action", "promote");
        await Expect(newest).ToContainTextAsync("v1 → v2");
        await Expect(newest).ToContainTextAsync("api:local");

        await page.ClickAsync("#audit-table a:text-is('sentiment') >> nth=0");
        await page.ClickAsync("button[data-rollback='production']");
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator("#notice")).ToContainTextAsync("sentiment@production: v2 → v1");
        Assert.Equal(1, await store.GetAliasAsync("sentiment", "production"));
        await Expect(page.Locator("#history-table tbody tr").First).ToContainTextAsync("rollback");

        await page.ClickAsync("nav a:text-is('Audit log')");
        await Expect(page.Locator("#audit-table tbody tr").First).ToHaveAttributeAsync("data-action", "rollback");
        await Expect(page.Locator("#audit-table tbody tr").First).ToContainTextAsync("v2 → v1");
        await Expect(page.Locator("#audit-table tbody tr")).ToHaveCountAsync(3);

        // The weak version learnt from 20 rows: against the yelp champion it scores worse, so the server refuses and says why.
        await page.ClickAsync("#audit-table a:text-is('sentiment') >> nth=0");
        await page.ClickAsync("button[data-promote='3']");
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator("#error")).ToContainTextAsync("409: refused: version 3 scores auc");
        Assert.Equal(1, await store.GetAliasAsync("sentiment", "production"));
        Assert.Equal(3, (await store.GetAliasHistoryAsync("sentiment")).Count);
    }
}
