using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Relearn.Core.Tracking;
using Relearn.Server.Ui;
using static Microsoft.Playwright.Assertions;

namespace Relearn.Tests.Browser;

/// <summary>
/// Every UI page, the try-it page and the API docs in a real Chromium under the server's Content-Security-Policy: the
/// pages' own scripts run (each page renders from its API calls) and the browser reports no violation.
/// </summary>
public sealed class ContentSecurityPolicyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    /// <summary>Collects violations from the page itself (Playwright's init scripts are not subject to the page's policy).</summary>
    private const string ViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task EveryPage_RunsItsScripts_WithoutAContentSecurityPolicyViolation_Issue15()
    {
        var tracking = server.Services.GetRequiredService<ITrackingStore>();
        var run = (await tracking.GetRunAsync(server.YelpRun.RunId))!;
        var values = new Dictionary<string, string> { ["id"] = run.Info.RunId, ["name"] = "sentiment" };
        var paths = UiEndpoints.Pages.Select(p => p.Route
                .Replace("/ui/experiments/{id}", $"/ui/experiments/{run.Info.ExperimentId}", StringComparison.Ordinal)
                .Replace("{id}", values["id"], StringComparison.Ordinal)
                .Replace("{name}", values["name"], StringComparison.Ordinal))
            .Select(p => p == "/ui/compare" ? $"/ui/compare?runs={server.YelpRun.RunId},{server.AmazonRun.RunId}" : p)
            .Concat(["/", "/docs"])
            .ToList();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var violations = new List<string>();

        foreach (var path in paths)
        {
            var page = await browser.NewPageAsync();
            await page.AddInitScriptAsync(ViolationRecorder);
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"{path}: console: {message.Text}");
                }
            };
            page.PageError += (_, error) =>
            {
                if (error.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add($"{path}: page error: {error}");
                }
            };
            var response = await page.GotoAsync(new Uri(server.BaseAddress, path).ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });

            Assert.NotNull(response);
            Assert.Contains("script-src 'self'", await response.HeaderValueAsync("content-security-policy") ?? "", StringComparison.Ordinal);
            violations.AddRange((await page.EvaluateAsync<string[]>("window.__cspViolations")).Select(v => $"{path}: {v}"));
            Assert.True(violations.Count == 0, string.Join('\n', violations));
            await ExpectRenderedAsync(page, path);
            violations.AddRange((await page.EvaluateAsync<string[]>("window.__cspViolations")).Select(v => $"{path}: {v}"));
            await page.CloseAsync();
        }

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    /// <summary>Proof that the page's scripts ran under the policy: something only a script puts there.</summary>
    private static async Task ExpectRenderedAsync(IPage page, string path)
    {
        if (path == "/")
        {
            await Expect(page.Locator("#model option")).Not.ToHaveCountAsync(0, new() { Timeout = 30_000 });
        }
        else if (path == "/docs")
        {
            await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Relearn", new() { Timeout = 30_000 });
        }
        else
        {
            Assert.True(await page.EvaluateAsync<bool>("typeof Relearn === 'object'"), $"{path}: relearn.js did not run");
            await Expect(page.Locator("#token-form")).ToBeVisibleAsync();
        }
    }
}
