using System.Text.Json;
using System.Text.Json.Nodes;
using Relearn.GitHub.Tasks.IssueClose;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

/// <summary>Point-in-time repository features (issue 12): only events strictly before the prediction time count.</summary>
public sealed class RepositoryHistoryTests
{
    private static readonly DateTimeOffset Opened = new(2023, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static float Feature(float[] context, string name) => context[RepositoryHistory.Names.ToList().IndexOf(name)];

    private static float[] ContextOfLast(params JsonObject[] rows)
    {
        var data = IssueCloseData.FromJsonLines(rows.Select(r => r.ToJsonString()), new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return data.Examples.Single(e => e.Number == 100).Context!;
    }

    private static JsonObject By(JsonObject row, string author, string? closer = null) => row.Also(r =>
    {
        r["user"] = new JsonObject { ["login"] = author };
        if (closer is not null)
        {
            r["closed_by"] = new JsonObject { ["login"] = closer };
        }
    });

    private static JsonObject Target() => By(Some.Issue(100, "2023-03-10T12:00:00Z"), "alice");

    [Fact]
    public void AuthorAndBacklogFeatures_IgnoreEventsAfterThePredictionTime_Issue12()
    {
        // Alice's earlier issue closed one day after the target was opened: at that moment it was still open.
        var closedLater = ContextOfLast(By(Some.Issue(1, "2023-03-01T00:00:00Z", closed: "2023-03-11T12:00:00Z"), "alice", "maintainer"), Target());
        var neverClosed = ContextOfLast(By(Some.Issue(1, "2023-03-01T00:00:00Z"), "alice"), Target());
        // Control: closed before the target was opened, so it must count — the test can fail.
        var closedBefore = ContextOfLast(By(Some.Issue(1, "2023-03-01T00:00:00Z", closed: "2023-03-05T00:00:00Z"), "alice", "maintainer"), Target());

        Assert.Equal(neverClosed, closedLater);
        Assert.Equal(1, Feature(closedLater, "author_open_issues"));
        Assert.Equal(0, Feature(closedLater, "repo_closed_30d"));
        Assert.Equal(1, Feature(closedLater, "repo_open_issues"));
        Assert.Equal(0, Feature(closedBefore, "author_open_issues"));
        Assert.Equal(1, Feature(closedBefore, "author_prior_closed_fast"));
        Assert.Equal(1, Feature(closedBefore, "repo_maintainer_closed_7d"));
        Assert.Equal(0, Feature(closedBefore, "repo_open_issues"));
    }

    [Fact]
    public void LaterIssuesPullsAndMerges_AndLaterKnownFields_ChangeNothing_Issue12()
    {
        var earlier = By(Some.Issue(1, "2023-02-01T00:00:00Z", closed: "2023-02-03T00:00:00Z"), "alice", "maintainer");
        var pull = By(Some.PullRequest(2, "2023-03-01T00:00:00Z"), "alice").Also(p => p["pull_request"]!["merged_at"] = "2023-03-20T00:00:00Z");
        var baseline = ContextOfLast(earlier, pull, Target());

        var mutatedEarlier = JsonNode.Parse(earlier.ToJsonString())!.AsObject().Also(i =>
        {
            i["comments"] = 99;
            i["labels"] = new JsonArray(new JsonObject { ["name"] = "bug" });
            i["updated_at"] = "2024-12-31T00:00:00Z";
            i["state"] = "open"; // as of the dump it was reopened: the close before T still happened
        });
        var withFuture = ContextOfLast(mutatedEarlier, pull, Target(),
            By(Some.Issue(3, "2023-03-10T12:00:01Z", closed: "2023-03-10T13:00:00Z"), "alice", "maintainer"),
            By(Some.PullRequest(4, "2023-04-01T00:00:00Z"), "alice"));

        Assert.Equal(baseline, withFuture);
        Assert.Equal(1, Feature(baseline, "author_prior_pulls"));
        Assert.Equal(0, Feature(baseline, "author_prior_merged")); // merged after T
        Assert.Equal(1, Feature(baseline, "author_prior_issues"));
    }

    [Fact]
    public void RecentFastRate_CountsOnlyIssuesWhoseOutcomeWasKnown_Issue12()
    {
        // Opened 3 days before T and closed after T: its 7-day outcome was not known at T, so it is not in the rate.
        var context = ContextOfLast(
            By(Some.Issue(1, "2023-02-20T00:00:00Z", closed: "2023-02-21T00:00:00Z"), "bob"),
            By(Some.Issue(2, "2023-02-21T00:00:00Z"), "bob"),
            By(Some.Issue(3, "2023-03-07T12:00:00Z", closed: "2023-03-11T00:00:00Z"), "bob"),
            Target());

        Assert.Equal(0.5f, Feature(context, "repo_recent_fast_rate"));
        Assert.Equal(-1f, Feature(context, "author_days_since_last"));
        Assert.Equal(2, Feature(context, "repo_open_issues")); // #2, and #3 whose close came after T
    }

    [Fact]
    public void Context_RoundTripsThroughTheStoredExamples_Issue12()
    {
        var data = IssueCloseData.FromJsonLines([By(Some.Issue(1, "2023-02-01T00:00:00Z"), "alice").ToJsonString(), Target().ToJsonString()]);

        var back = IssueCloseTask.FromCanonicalBytes(IssueCloseTask.ToCanonicalBytes(data.Examples));

        Assert.Equal(data.Examples, back);
        Assert.Equal(RepositoryHistory.Count, RepositoryHistory.Names.Count);
        Assert.All(back, e => Assert.Equal(RepositoryHistory.Count, e.Context!.Length));
    }
}
