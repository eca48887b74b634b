using System.Text.Json.Nodes;
using Relearn.GitHub.Tasks.IssueClose;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

public sealed class IssueFeaturesTests
{
    [Fact]
    public void Features_OfAnIssue_DoNotChangeWhenItsLaterHistoryChanges()
    {
        var atOpen = Some.Issue(7, "2023-03-01T10:00:00Z", title: "Add support for streaming parquet?", body: "Hi @lhoestq, see #123 and https://x.y\n- [ ] done\n![img](a.png)");
        var later = JsonNode.Parse(atOpen.ToJsonString())!.AsObject().Also(i =>
        {
            i["state"] = "closed";
            i["closed_at"] = "2023-03-02T10:00:00Z";
            i["updated_at"] = "2024-12-31T10:00:00Z";
            i["comments"] = 42;
            i["labels"] = new JsonArray(new JsonObject { ["name"] = "wontfix" });
            i["reactions"] = new JsonObject { ["total_count"] = 9 };
            i["assignees"] = new JsonArray(new JsonObject { ["login"] = "maintainer" });
            i["milestone"] = new JsonObject { ["title"] = "v3" };
        });

        var before = IssueCloseData.ReadUnlabelled([atOpen.ToJsonString()]).Issues.Single();
        var after = IssueCloseData.ReadUnlabelled([later.ToJsonString()]).Issues.Single();

        Assert.Equal(before, after);
        Assert.Equal(IssueFeatures.Compute(before), IssueFeatures.Compute(after));
    }

    [Fact]
    public void Features_MeasureTheShapeOfTitleAndBody()
    {
        var issue = new IssueCloseExample(1, "[Bug] Loading fails?", "### Describe the bug\n```py\nx\n```\nSee https://a.b and https://c.d, ping @someone about #12.\n- [x] checked", "u", "MEMBER",
            new DateTimeOffset(2023, 6, 7, 15, 0, 0, TimeSpan.Zero), null);

        var f = IssueFeatures.Describe(issue);

        Assert.Equal(IssueFeatures.Count, IssueFeatures.Names.Count);
        Assert.Equal(1, f["title_question"]);
        Assert.Equal(1, f["title_bracket_tag"]);
        Assert.Equal(1, f["title_mentions_error"]);
        Assert.Equal(1, f["code_blocks"]);
        Assert.Equal(2, f["links"]);
        Assert.Equal(1, f["mentions"]);
        Assert.Equal(1, f["issue_refs"]);
        Assert.Equal(1, f["checkboxes"]);
        Assert.Equal(1, f["bug_template"]);
        Assert.Equal(1, f["author_member"]);
        Assert.Equal(0, f["author_none"]);
        Assert.Equal((float)DayOfWeek.Wednesday, f["created_weekday"]);
        Assert.Equal(15, f["created_hour"]);
    }
}
