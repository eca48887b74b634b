using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tests.Tasks.ReviewAssist.Generation;

namespace Relearn.Tests.Server.ReviewAssist;

/// <summary>A review-assist server with the optional generator pointed at a fake OpenAI-compatible endpoint (a real HTTP server replaying a recorded exchange).</summary>
public sealed class ReviewAssistGeneratorServerFixture : ReviewAssistServerFixture
{
    public FakeChatEndpoint Chat { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Chat = await FakeChatEndpoint.StartAsync();
        await base.InitializeAsync();
    }

    protected override void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        configuration["Relearn:ReviewAssist:Generator:Endpoint"] = Chat.Endpoint;
        configuration["Relearn:ReviewAssist:Generator:Model"] = "qwen2.5-coder:7b";
        configuration["Relearn:ReviewAssist:Generator:TimeoutSeconds"] = "2";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Chat.DisposeAsync();
    }
}

public sealed class ReviewAssistGeneratorTests(ReviewAssistGeneratorServerFixture server) : IClassFixture<ReviewAssistGeneratorServerFixture>
{
    private const string Route = "/api/v1/models/review-assist/predict";

    private static string Patch(int row) => ReviewData.ReadFiles([ReviewAssistServerFixture.CodeReview("msg-test-100.jsonl")])[row].Patch;

    /// <summary>A pull request's unified diff, nothing else: one file per hunk of the held-out location file.</summary>
    private static string Diff(int files) => string.Join("\n", ReviewData.ReadFiles([ReviewAssistServerFixture.CodeReview("cls-diff_estimation_101_200.jsonl")]).Take(files)
        .Select((e, i) => $"diff --git a/src/f{i}.{e.Language} b/src/f{i}.{e.Language}\n--- a/src/f{i}.{e.Language}\n+++ b/src/f{i}.{e.Language}\n{e.Patch}"));

    [Fact]
    public async Task PredictDiff_GivenOnlyADiff_WritesEachCommentWithTheGenerator_MarkedGenerator_Issue11()
    {
        server.Chat.FailWith = null;
        server.Chat.Delay = TimeSpan.Zero;
        var before = server.Chat.Requests.Count;

        using var response = await server.Client.PostAsJsonAsync(Route, new { diff = Diff(25) });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var comments = body["comments"]!.AsArray();
        Assert.NotEmpty(comments);
        Assert.All(comments, c => Assert.Equal((FakeChatEndpoint.RecordedAnswer, "generator"), ((string?)c!["body"], (string?)c["source"])));
        // One model call per comment, each shown its hunk (the path's language) and the retrieved examples.
        var requests = server.Chat.Requests.Skip(before).Select(r => (string)r.Body["messages"]![1]!["content"]!).ToList();
        Assert.Equal(comments.Count, requests.Count);
        Assert.All(requests, user => Assert.Contains("Comments reviewers wrote on similar code:", user, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PredictPatch_WithAGenerator_PutsItsCommentFirst_MarkedGenerator_AndKeepsRetrieval_Issue11()
    {
        server.Chat.FailWith = null;
        server.Chat.Delay = TimeSpan.Zero;

        using var response = await server.Client.PostAsJsonAsync(Route, new { patch = Patch(3), lang = "go" });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var suggestions = body["suggestions"]!.AsArray();
        Assert.Equal((FakeChatEndpoint.RecordedAnswer, "generator"), ((string?)suggestions[0]!["body"], (string?)suggestions[0]!["source"]));
        Assert.InRange(suggestions.Count, 2, 4);
        Assert.All(suggestions.Skip(1), s => Assert.Equal("retrieval", (string?)s!["source"]));
        // The model was shown the retrieved comments as examples.
        var user = (string)server.Chat.Requests.Last().Body["messages"]![1]!["content"]!;
        Assert.Contains((string)suggestions[1]!["body"]!, user, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503, 0)]
    [InlineData(null, 10)]
    public async Task PredictPatch_WhenTheGeneratorFailsOrTimesOut_AnswersWithRetrievalSuggestions_Issue11(int? status, int delaySeconds)
    {
        server.Chat.FailWith = status;
        server.Chat.Delay = TimeSpan.FromSeconds(delaySeconds);
        try
        {
            using var response = await server.Client.PostAsJsonAsync(Route, new { patch = Patch(4) });
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var suggestions = body["suggestions"]!.AsArray();
            Assert.NotEmpty(suggestions);
            Assert.All(suggestions, s => Assert.Equal("retrieval", (string?)s!["source"]));
            using var diff = await server.Client.PostAsJsonAsync(Route, new { diff = Diff(25) });
            var comments = (await diff.Content.ReadFromJsonAsync<JsonObject>())!["comments"]!.AsArray();
            Assert.Equal(HttpStatusCode.OK, diff.StatusCode);
            Assert.NotEmpty(comments);
            Assert.All(comments, c => Assert.Equal("retrieval", (string?)c!["source"]));
        }
        finally
        {
            server.Chat.FailWith = null;
            server.Chat.Delay = TimeSpan.Zero;
        }
    }
}
