namespace Relearn.Tests.Server.ReviewAssist;

/// <summary>The server of <see cref="ReviewAssistServerFixture"/> without <c>Relearn:GitHub:Token</c>.</summary>
public sealed class ReviewAssistDryRunFixture() : ReviewAssistServerFixture(null);

public sealed class ReviewBotDryRunTests(ReviewAssistDryRunFixture server) : IClassFixture<ReviewAssistDryRunFixture>
{
    [Fact]
    public async Task PullRequestOpened_WithoutAToken_ReadsThePullRequestButPostsNothing_Issue11()
    {
        var head = Guid.NewGuid().ToString("N") + "00000000";
        var body = ReviewBotTests.PullRequestEvent("opened", head);

        using var response = await ReviewBotTests.DeliverAsync(server.Client, "pull_request", "dry-" + head, body);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.True(server.GitHub.FileRequests >= 2, "both pages of files were read");
        Assert.Empty(server.GitHub.Reviews);
    }
}
