using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Relearn.GitHub.Tasks.ReviewAssist.Comments;
using Relearn.GitHub.Tasks.ReviewAssist.Diffs;
using Relearn.GitHub.Tasks.ReviewAssist.Generation;

namespace Relearn.GitHub.Tests.Tasks.ReviewAssist.Generation;

/// <summary>The optional comment generator against a real HTTP server replaying a recorded OpenAI chat-completions exchange.</summary>
public sealed class CommentGeneratorTests
{
    private static readonly DiffHunk Hunk = DiffHunk.Parse("@@ -1,2 +1,3 @@\n func run() {\n+\tfmt.Println(\"debug\")\n }");

    private static readonly CommentSuggestion[] Retrieved =
    [
        new("Please remove the debug print.", 0.8, "retrieval"),
        new("Use the logger instead of fmt.", 0.6, "retrieval"),
    ];

    private static CommentGenerator Generator(string? endpoint, int timeoutSeconds = 15, string? apiKey = null) =>
        new(Options.Create(new CommentGeneratorOptions { Endpoint = endpoint, Model = "qwen2.5-coder", TimeoutSeconds = timeoutSeconds, ApiKey = apiKey }),
            TimeProvider.System, NullLogger<CommentGenerator>.Instance);

    [Fact]
    public async Task Generate_SendsTheHunkAndRetrievedExamples_AndReturnsTheAnswerAsAGeneratorSuggestion_Issue11()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync();
        using var generator = Generator(endpoint.Endpoint, apiKey: "sk-local");

        var suggestion = await generator.GenerateAsync(Hunk, "go", Retrieved);

        Assert.NotNull(suggestion);
        Assert.Equal((FakeChatEndpoint.RecordedAnswer, 0.8, "generator"), (suggestion.Body, suggestion.Score, suggestion.Source));
        var (authorization, request) = Assert.Single(endpoint.Requests);
        Assert.Equal("Bearer sk-local", authorization);
        Assert.Equal("qwen2.5-coder", (string?)request["model"]);
        var messages = request["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => (string?)m!["role"]));
        var user = (string)messages[1]!["content"]!;
        Assert.Contains("- Please remove the debug print.\n", user.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("- Use the logger instead of fmt.", user, StringComparison.Ordinal);
        Assert.Contains("+\tfmt.Println(\"debug\")", user, StringComparison.Ordinal);
        Assert.Contains("Language: go", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_WhenTheEndpointFails_ReturnsNull_AfterOneTry()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync();
        endpoint.FailWith = 500;
        using var generator = Generator(endpoint.Endpoint);

        Assert.Null(await generator.GenerateAsync(Hunk, "go", Retrieved));
        Assert.Single(endpoint.Requests);
    }

    [Fact]
    public async Task Generate_WhenTheEndpointIsTooSlow_GivesUpAtTheTimeout_AndReturnsNull()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync();
        endpoint.Delay = TimeSpan.FromSeconds(30);
        using var generator = Generator(endpoint.Endpoint, timeoutSeconds: 1);

        var started = TimeProvider.System.GetTimestamp();
        var suggestion = await generator.GenerateAsync(Hunk, "go", Retrieved);

        Assert.Null(suggestion);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(25), "it waited for the slow answer instead of its own timeout");
    }

    [Fact]
    public async Task Generate_WhenNothingListens_ReturnsNull()
    {
        using var generator = Generator("http://127.0.0.1:9/v1");

        Assert.Null(await generator.GenerateAsync(Hunk, "go", Retrieved));
    }

    [Fact]
    public async Task Generator_IsOffByDefault_AndAnEndpointWithoutAModelIsRefusedAtStart()
    {
        using var off = Generator(null);
        var incomplete = new CommentGeneratorOptions { Endpoint = "http://localhost:11434/v1" };
        var problems = incomplete.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(incomplete)).ToList();

        Assert.False(off.Enabled);
        Assert.Null(await off.GenerateAsync(Hunk, "go", Retrieved));
        Assert.Contains("Relearn:ReviewAssist:Generator:Model is required", Assert.Single(problems).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("not an http(s) URL", new CommentGeneratorOptions { Endpoint = "localhost:11434", Model = "m" }
            .Validate(new System.ComponentModel.DataAnnotations.ValidationContext(incomplete)).Single().ErrorMessage, StringComparison.Ordinal);
    }
}
