using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Relearn.GitHub.Tasks.ReviewAssist;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;

namespace Relearn.Tests.Server.ReviewAssist;

public sealed class ReviewAssistServingTests(ReviewAssistServerFixture server) : IClassFixture<ReviewAssistServerFixture>
{
    private const string Route = "/api/v1/models/review-assist/predict";

    [Fact]
    public async Task PredictPatch_ReturnsScoreLineSuggestionsAndPredictionId_Issue11()
    {
        var patch = ReviewData.ReadFiles([ReviewAssistServerFixture.CodeReview("msg-test-100.jsonl")])[0].Patch;

        using var response = await server.Client.PostAsJsonAsync(Route, new { patch, lang = "go" });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange((double)body["score"]!, 0, 1);
        var hunk = DiffHunk.Parse(patch);
        Assert.Contains(hunk.Lines, l => l.Kind != DiffLineKind.Context && l.Line == (int)body["line"]! && l.Side == (string?)body["side"]);
        var suggestions = body["suggestions"]!.AsArray();
        Assert.InRange(suggestions.Count, 1, 3);
        Assert.All(suggestions, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)s!["body"]));
            Assert.InRange((double)s["score"]!, 0, 1);
            Assert.Equal("retrieval", (string?)s["source"]);
        });
        Assert.True(Guid.TryParse((string?)body["prediction_id"], out _));
        Assert.Equal(1, (int)body["version"]!);
    }

    [Fact]
    public async Task PredictDiff_PutsEveryCommentOnALineGitHubAccepts_Issue11()
    {
        var examples = ReviewData.ReadFiles([ReviewAssistServerFixture.CodeReview("cls-diff_estimation_101_200.jsonl")]).Take(25).ToList();
        var diff = string.Join("\n", examples.Select((e, i) =>
            $"diff --git a/src/f{i}.{e.Language} b/src/f{i}.{e.Language}\nindex 000..111 100644\n--- a/src/f{i}.{e.Language}\n+++ b/src/f{i}.{e.Language}\n{e.Patch}"));
        var files = UnifiedDiff.Parse(diff);

        using var response = await server.Client.PostAsJsonAsync(Route, new { diff });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var comments = body["comments"]!.AsArray();
        Assert.NotEmpty(comments);
        foreach (var comment in comments)
        {
            var path = (string)comment!["path"]!;
            var side = (string)comment["side"]!;
            var line = (int)comment["line"]!;
            var accepted = files.Single(f => f.Path == path).Hunks.SelectMany(h => h.Lines)
                .Where(l => side == "RIGHT" ? l.NewLine == line && l.Kind != DiffLineKind.Removed : l.OldLine == line && l.Kind != DiffLineKind.Added);
            Assert.NotEmpty(accepted);
            Assert.False(string.IsNullOrWhiteSpace((string?)comment["body"]));
            Assert.Equal("retrieval", (string?)comment["source"]); // no generator configured here
        }
        Assert.NotNull((string?)body["prediction_id"]);
    }

    [Fact]
    public async Task Feedback_TakesAReviewersOutcome_AndRefusesAnUnknownOne_Issue11()
    {
        var patch = ReviewData.ReadFiles([ReviewAssistServerFixture.CodeReview("msg-test-100.jsonl")])[1].Patch;
        using var predicted = await server.Client.PostAsJsonAsync(Route, new { patch });
        var id = (string?)(await predicted.Content.ReadFromJsonAsync<JsonObject>())!["prediction_id"];
        const string feedback = "/api/v1/models/review-assist/feedback";

        using var accepted = await server.Client.PostAsJsonAsync(feedback, new { prediction_id = id, outcome = "rewritten", text = "Please add a test." });
        using var unknown = await server.Client.PostAsJsonAsync(feedback, new { prediction_id = id, outcome = "liked" });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("accepted, modified, rewritten, rejected", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"diff\": \"this is not a diff\"}", "not a unified diff")]
    [InlineData("{\"diff\": \"diff --git a/logo.png b/logo.png\\nBinary files a/logo.png and b/logo.png differ\\n\"}", "binary")]
    [InlineData("{\"patch\": \"@@ -1 +1 @@\\n-a\\n+b\\n+c\"}", "more lines than its header")]
    [InlineData("{\"patch\": 42}", "patch must be a string")]
    [InlineData("{\"text\": \"hello\"}", "exactly one of \\\"patch\\\"")]
    [InlineData("{\"patch\": \"@@ -1 +1 @@\\n-a\\n+b\", \"diff\": \"x\"}", "exactly one of")]
    public async Task Predict_BadInput_Is400ProblemJson_WithTheReason(string json, string reason)
    {
        using var response = await server.Client.PostAsync(Route, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_ADiffOverTheConfiguredSize_Is400WithTheLimit_AndOverTheBodyLimit413()
    {
        var big = "--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n+" + new string('b', ReviewAssistServerFixture.MaxDiffChars);
        var huge = big + new string('c', ReviewAssistServerFixture.MaxRequestBodyBytes);

        using var tooBig = await server.Client.PostAsJsonAsync(Route, new { diff = big });
        using var tooLarge = await server.Client.PostAsJsonAsync(Route, new { diff = huge });

        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Contains("MaxDiffChars", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
    }
}
