using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Relearn.GitHub.Tasks.ReviewAssist;

namespace Relearn.Tests.Server.ReviewAssist;

/// <summary>
/// A fake GitHub on Kestrel: pull request 7 of octo/demo lists its files in two pages (Link: rel="next"), in the REST
/// API's shape (sha, filename, status, additions, deletions, changes, patch; a binary file without a patch), and
/// records the reviews posted to it.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private WebApplication _app = null!;

    public string ApiUrl { get; private set; } = "";

    public ConcurrentQueue<(string? Authorization, JsonObject Body)> Reviews { get; } = new();

    public int FileRequests;

    /// <summary>The files of the pull request, as the API lists them.</summary>
    public IReadOnlyList<JsonObject> Files { get; } = BuildFiles();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/repos/octo/demo/pulls/7/files", (HttpContext context, int? page) =>
        {
            Interlocked.Increment(ref FileRequests);
            var first = page is null or 1;
            if (first)
            {
                context.Response.Headers.Link = $"<{ApiUrl}/repos/octo/demo/pulls/7/files?per_page=100&page=2>; rel=\"next\", <{ApiUrl}/repos/octo/demo/pulls/7/files?per_page=100&page=2>; rel=\"last\"";
            }
            var half = Files.Count / 2;
            return Results.Text(new JsonArray((first ? Files.Take(half) : Files.Skip(half)).Select(f => (JsonNode)f.DeepClone()).ToArray()).ToJsonString(), "application/json");
        });
        _app.MapPost("/repos/octo/demo/pulls/7/reviews", async (HttpContext context) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            Reviews.Enqueue((context.Request.Headers.Authorization.ToString(), body));
            return Results.Json(new { id = Reviews.Count, state = "COMMENTED" });
        });
        await _app.StartAsync();
        ApiUrl = _app.Urls.Single();
    }

    private static List<JsonObject> BuildFiles()
    {
        var examples = ReviewData.ReadFiles([ReviewAssistServerFixture.CodeReview("cls-diff_estimation_101_200.jsonl")]).Take(12).ToList();
        var files = examples.Select((e, i) => new JsonObject
        {
            ["sha"] = $"{i:x40}", ["filename"] = $"src/file{i}.{e.Language}", ["status"] = "modified",
            ["additions"] = e.Patch.Split('\n').Count(l => l.StartsWith('+')), ["deletions"] = e.Patch.Split('\n').Count(l => l.StartsWith('-')),
            ["changes"] = e.Patch.Split('\n').Length, ["patch"] = e.Patch,
        }).ToList();
        files.Insert(3, new JsonObject { ["sha"] = new string('b', 40), ["filename"] = "docs/logo.png", ["status"] = "added", ["additions"] = 0, ["deletions"] = 0, ["changes"] = 0 });
        return files;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
