using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Registry;
using Relearn.Core.Rollout;
using static Microsoft.Playwright.Assertions;

namespace Relearn.Tests.Browser;

/// <summary>
/// The model page in Chromium shows the staged rollout (issue 10): the live canary's traffic split and both sides'
/// live evidence from real requests and labels, then, once it is aborted over HTTP, the decision in the history.
/// </summary>
public sealed class RolloutUiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ModelPage_ShowsTheLiveCanarySplitBothSidesEvidence_AndTheDecisionOnceAborted_Issue10()
    {
        const string model = "ui-rollout";
        var registry = server.Services.GetRequiredService<ModelRegistry>();
        await registry.RegisterAsync(model, server.YelpRun.RunId);
        await registry.RegisterAsync(model, server.AmazonRun.RunId);
        await registry.PromoteAsync(model, 1);
        using (var start = await server.Client.PostAsJsonAsync($"/api/v1/models/{model}/rollout",
            new { version = 2, mode = "canary", share = 0.25, min_requests = 1_000_000, min_labels = 1_000_000 }))
        {
            Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        }
        var router = server.Services.GetRequiredService<RolloutRouter>();
        await WaitUntilAsync(() => Task.FromResult(router.Live.ContainsKey(model)), "the router to route the canary");
        var answers = new List<JsonObject>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await server.PredictAsync(model, i % 2 == 0 ? "great food and friendly staff" : "the battery died in a day"));
        }
        await WaitUntilAsync(async () => await CountedAsync(model) == answers.Count, "the controller to store both sides' counts");
        using (var feedback = await server.Client.PostAsJsonAsync($"/api/v1/models/{model}/feedback",
            new { items = answers.Select(a => new { prediction_id = (string)a["prediction_id"]!, label = (string)a["label"]! }) }))
        {
            Assert.True(feedback.IsSuccessStatusCode);
        }
        var challengerAnswers = answers.Count(a => (int)a["version"]! == 2);
        Assert.InRange(challengerAnswers, 1, answers.Count - 1);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, $"/ui/models/{model}").ToString());

        await Expect(page.Locator("#rollout-state")).ToHaveAttributeAsync("data-stage", RolloutStage.Canary);
        await Expect(page.Locator("#rollout-state")).ToContainTextAsync("v2 in canary: 25% of the traffic to v2, 75% to v1 (production)");
        var challenger = page.Locator("#rollout-table tr[data-side='challenger']");
        await Expect(challenger).ToContainTextAsync("v2");
        await Expect(challenger.Locator("td").Nth(5)).ToHaveTextAsync($"{challengerAnswers} / 1000000");
        await Expect(challenger.Locator("td").Nth(6)).ToHaveTextAsync("1");
        await Expect(page.Locator("#rollout-table tr[data-side='champion']")).ToContainTextAsync("v1");
        await Expect(page.Locator("#rollout-history-table")).ToContainTextAsync("No rollout decided yet.");

        using (var abort = await server.Client.PostAsJsonAsync($"/api/v1/models/{model}/rollout/abort", new { reason = "seen enough" }))
        {
            Assert.True(abort.IsSuccessStatusCode);
        }
        await page.ReloadAsync();

        await Expect(page.Locator("#rollout-state")).ToHaveAttributeAsync("data-stage", "none");
        var decided = page.Locator("#rollout-history-table tbody tr").First;
        await Expect(decided.Locator("[data-decision='rollback']")).ToBeVisibleAsync();
        await Expect(decided).ToContainTextAsync("seen enough");
        await Expect(decided).ToContainTextAsync("canary 25%");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"timed out waiting for {what}");
    }

    /// <summary>Requests of both sides the store has counted so far.</summary>
    private async Task<long> CountedAsync(string model)
    {
        var stats = (await server.Client.GetFromJsonAsync<JsonObject>($"/api/v1/models/{model}/rollout"))!["live"]?["stats"];
        return stats is null ? 0 : (long)stats["champion"]!["requests"]! + (long)stats["challenger"]!["requests"]!;
    }
}
