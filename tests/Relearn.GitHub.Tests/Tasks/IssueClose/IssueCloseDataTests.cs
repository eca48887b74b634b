using System.Text.Json.Nodes;
using Relearn.Core;
using Relearn.GitHub.Tasks.IssueClose;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

public sealed class IssueCloseDataTests
{
    private const string AsOf = "2024-03-01T00:00:00Z";

    [Fact]
    public void Label_IsClosedWithinSevenDaysOfOpening()
    {
        var data = IssueCloseData.FromJsonLines(
        [
            Some.Issue(1, "2024-01-01T00:00:00Z", closed: "2024-01-07T23:00:00Z").ToJsonString(),
            Some.Issue(2, "2024-01-01T00:00:00Z", closed: "2024-01-09T00:00:00Z").ToJsonString(),
            Some.Issue(3, "2024-01-01T00:00:00Z").ToJsonString(),
        ], DateTimeOffset.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([(1L, true), (2L, false), (3L, false)], data.Examples.Select(e => (e.Number, e.ClosedWithin7Days == true)));
    }

    [Fact]
    public void OpenIssuesYoungerThanSevenDays_AreCensored_NotNegatives()
    {
        var data = IssueCloseData.FromJsonLines(
        [
            Some.Issue(1, "2024-02-27T00:00:00Z").ToJsonString(),
            Some.Issue(2, "2024-02-27T00:00:00Z", closed: "2024-02-28T00:00:00Z").ToJsonString(),
            Some.Issue(3, "2024-02-01T00:00:00Z").ToJsonString(),
        ], DateTimeOffset.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([3L, 2L], data.Examples.Select(e => e.Number));
        Assert.Equal(1, data.Skips.Censored);
    }

    [Fact]
    public void PullRequestsMissingFieldsAndMalformedRows_AreSkippedAndCounted()
    {
        var data = IssueCloseData.FromJsonLines(
        [
            Some.PullRequest(1, "2024-01-01T00:00:00Z").ToJsonString(),
            Some.Issue(2, "2024-01-01T00:00:00Z").Also(i => i.Remove("title")).ToJsonString(),
            Some.Issue(3, "2024-01-01T00:00:00Z").Also(i => i["created_at"] = "not a time").ToJsonString(),
            "{not json",
            "[1,2]",
            Some.Issue(4, "2024-01-01T00:00:00Z").ToJsonString(),
        ], DateTimeOffset.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal([4L], data.Examples.Select(e => e.Number));
        Assert.Equal(new IssueSkips(PullRequests: 1, MissingFields: 2, Censored: 0, Malformed: 2), data.Skips);
    }

    [Fact]
    public void AsOf_DefaultsToTheNewestTimestampInTheData()
    {
        var data = IssueCloseData.FromJsonLines([Some.Issue(1, "2024-01-01T00:00:00Z").Also(i => i["updated_at"] = "2024-05-05T00:00:00Z").ToJsonString()]);

        Assert.Equal(new DateTimeOffset(2024, 5, 5, 0, 0, 0, TimeSpan.Zero), data.AsOf);
    }

    [Fact]
    public void TheShippedSample_HasTheDocumentedCounts()
    {
        var data = IssueCloseData.ReadFiles([Some.Sample]);

        Assert.Equal(2568, data.Examples.Count);
        Assert.Equal(1067, data.Examples.Count(e => e.ClosedWithin7Days == true));
        Assert.Equal(6419 - 2568, data.Skips.PullRequests);
    }

    [Fact]
    public void RequireTrainable_OnlyPullRequests_SaysSo()
    {
        var data = IssueCloseData.FromJsonLines(Enumerable.Range(1, 5).Select(i => Some.PullRequest(i, "2024-01-01T00:00:00Z").ToJsonString()));

        var error = Assert.Throws<RelearnException>(() => data.RequireTrainable());

        Assert.Contains("no issues to learn from (5 pull requests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFiles_NotGzipButNamedGz_StillReads_AndBrokenGzipIsAOneLineError()
    {
        var dir = Directory.CreateTempSubdirectory("relearn-issues-").FullName;
        var plain = Path.Combine(dir, "plain.jsonl.gz");
        File.WriteAllText(plain, Some.Issue(1, "2024-01-01T00:00:00Z", closed: "2024-01-02T00:00:00Z").ToJsonString());
        var broken = Path.Combine(dir, "broken.jsonl.gz");
        using (var buffer = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 500).Select(i => Some.Issue(i, "2024-01-01T00:00:00Z").ToJsonString()))));
            }
            var bytes = buffer.ToArray();
            Array.Fill<byte>(bytes, 0xff, 20, 40);
            File.WriteAllBytes(broken, bytes);
        }

        Assert.Single(IssueCloseData.ReadFiles([plain]).Examples);
        Assert.Contains("not a readable gzip file", Assert.Throws<RelearnException>(() => IssueCloseData.ReadFiles([broken])).Message, StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }
}
