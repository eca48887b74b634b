using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.Tests.Server.ReviewAssist;

public sealed class ReviewBotTests(ReviewAssistServerFixture server) : IClassFixture<ReviewAssistServerFixture>
{
    internal static string PullRequestEvent(string action, string head) => new JsonObject
    {
        ["action"] = action,
        ["number"] = 7,
        ["pull_request"] = new JsonObject
        {
            ["url"] = "https://api.github.com/repos/octo/demo/pulls/7", ["id"] = 1, ["number"] = 7, ["state"] = "open", ["title"] = "Retry the connection",
            ["head"] = new JsonObject { ["ref"] = "feature", ["sha"] = head, ["label"] = "octo:feature" },
            ["base"] = new JsonObject { ["ref"] = "main", ["sha"] = new string('0', 40), ["label"] = "octo:main" },
        },
        ["repository"] = new JsonObject { ["id"] = 2, ["name"] = "demo", ["full_name"] = "octo/demo", ["private"] = false },
        ["sender"] = new JsonObject { ["login"] = "octocat", ["id"] = 3 },
    }.ToJsonString();

    private Task<HttpResponseMessage> DeliverAsync(string @event, string delivery, string body, string? secret = ReviewAssistServerFixture.WebhookSecret) =>
        DeliverAsync(server.Client, @event, delivery, body, secret);

    internal static async Task<HttpResponseMessage> DeliverAsync(HttpClient client, string @event, string delivery, string body, string? secret = ReviewAssistServerFixture.WebhookSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", @event);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        if (secret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task PullRequestOpened_PostsOneReview_OnLinesGitHubAccepts_OncePerDeliveryAndHeadCommit_Issue11()
    {
        var head = Guid.NewGuid().ToString("N") + "00000000";
        var before = server.GitHub.Reviews.Count;

        using var opened = await DeliverAsync("pull_request", "d-" + head, PullRequestEvent("opened", head));
        using var replayed = await DeliverAsync("pull_request", "d-" + head, PullRequestEvent("opened", head));
        using var sameHead = await DeliverAsync("pull_request", "e-" + head, PullRequestEvent("synchronize", head));

        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        Assert.True(replayed.IsSuccessStatusCode);
        Assert.True(sameHead.IsSuccessStatusCode);
        var posted = server.GitHub.Reviews.Skip(before).ToList();
        var (authorization, review) = Assert.Single(posted);
        Assert.Equal("Bearer " + ReviewAssistServerFixture.Token, authorization);
        Assert.Equal(head, (string?)review["commit_id"]);
        Assert.Equal("COMMENT", (string?)review["event"]);
        var files = server.GitHub.Files.Where(f => f["patch"] is not null)
            .ToDictionary(f => (string)f["filename"]!, f => DiffHunk.Parse((string)f["patch"]!));
        var comments = review["comments"]!.AsArray();
        Assert.NotEmpty(comments);
        foreach (var comment in comments)
        {
            var hunk = files[(string)comment!["path"]!];
            Assert.Contains(hunk.Lines, l => l.Kind != DiffLineKind.Context && l.Side == (string?)comment["side"] && l.Line == (int)comment["line"]!);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not the secret")]
    public async Task Delivery_WithAMissingOrBadSignature_Is401_AndPostsNothing(string? secret)
    {
        var before = server.GitHub.Reviews.Count;

        using var response = await DeliverAsync("pull_request", Guid.NewGuid().ToString(), PullRequestEvent("opened", Guid.NewGuid().ToString("N")), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, server.GitHub.Reviews.Count);
    }

    [Fact]
    public async Task EventsTheBotDoesNotHandle_Are202_AndIgnored()
    {
        var before = server.GitHub.Reviews.Count;
        var issues = new JsonObject { ["action"] = "opened", ["issue"] = new JsonObject { ["number"] = 1, ["title"] = "x" },
            ["repository"] = new JsonObject { ["id"] = 2, ["name"] = "demo", ["full_name"] = "octo/demo" }, ["sender"] = new JsonObject { ["login"] = "octocat", ["id"] = 3 } }.ToJsonString();

        using var issue = await DeliverAsync("issues", Guid.NewGuid().ToString(), issues);
        using var closed = await DeliverAsync("pull_request", Guid.NewGuid().ToString(), PullRequestEvent("closed", Guid.NewGuid().ToString("N")));

        Assert.Equal(HttpStatusCode.Accepted, issue.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
        Assert.Equal(before, server.GitHub.Reviews.Count);
    }
}
