using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Relearn.Tests.Browser;

/// <summary>
/// End to end (issue 9): a real server gets predictions and, later, their labels over HTTP; the model's monitoring page
/// in Chromium runs a check and shows the drift per column, the labelled performance next to the reference metrics and
/// a link to the HTML report; /metrics carries the same figures.
/// </summary>
public sealed class MonitoringUiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task MonitoringPage_AfterPredictionsAndFeedbackOverHttp_ShowsDriftLabelledPerformanceAndTheReport_Issue9()
    {
        // Phone reviews sent to a model trained on restaurant reviews: the text drifts.
        var rows = (await File.ReadAllLinesAsync(Samples.Amazon)).Skip(600).Take(120).Select(l => l.Split('\t')).ToArray();
        using var predict = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/predict-batch", new { instances = rows.Select(r => new { text = r[0] }) });
        predict.EnsureSuccessStatusCode();
        var answers = (await predict.Content.ReadFromJsonAsync<JsonObject>())!["predictions"]!.AsArray();
        using var feedback = await server.Client.PostAsJsonAsync("/api/v1/models/sentiment/feedback",
            new { items = answers.Select((a, i) => new { prediction_id = (string)a!["prediction_id"]!, label = int.Parse(rows[i][1], System.Globalization.CultureInfo.InvariantCulture) }) });
        Assert.Equal(HttpStatusCode.Accepted, feedback.StatusCode);
        var right = answers.Where((a, i) => (string)a!["label"]! == (rows[i][1] == "1" ? "positive" : "negative")).Count();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "/ui/models/sentiment").ToString());
        // The link's address is filled in once the model has loaded; a click before that opens the model list.
        await Expect(page.Locator("#monitoring-link")).ToHaveAttributeAsync("href", "/ui/models/sentiment/monitoring");
        await page.ClickAsync("#monitoring-link");
        await page.ClickAsync("#check-now");

        await Expect(page.Locator("#verdict")).ToContainTextAsync("labelled accuracy");
        await Expect(page.Locator("#column-table tr[data-column='text']")).ToHaveAttributeAsync("data-drift", "true");
        await Expect(page.Locator("#column-table tr[data-column='text']")).ToContainTextAsync("drift");
        await Expect(page.Locator("#feedback-count")).ToContainTextAsync("120 feedback label(s)");
        var performance = page.Locator("#performance-table tbody tr");
        await Expect(performance).ToHaveCountAsync(2);
        await Expect(performance.First).ToContainTextAsync("reference (at registration)");
        await Expect(performance.Nth(1)).ToContainTextAsync("120");
        await Expect(page.Locator("#performance-table")).ToContainTextAsync((right / 120.0).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#column-charts figure[data-metric='text'] circle")).ToHaveCountAsync(1);
        await Expect(page.Locator("#performance-charts figure[data-metric='labelled accuracy'] circle")).ToHaveCountAsync(1);

        var reportHref = await page.Locator("#check-table a.report-link").First.GetAttributeAsync("href");
        var report = await browser.NewPageAsync();
        var response = await report.GotoAsync(new Uri(server.BaseAddress, reportHref!).ToString());
        Assert.Equal(200, response!.Status);
        await Expect(report.Locator("#columns")).ToContainTextAsync("text");
        await Expect(report.Locator("#performance")).ToContainTextAsync("reference");

        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("relearn_monitor_drift_share{model=\"sentiment\",version=\"1\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("relearn_monitor_labelled_predictions{model=\"sentiment\",version=\"1\"} 120", metrics, StringComparison.Ordinal);
    }
}
