using Relearn.GitHub.Tasks.IssueClose;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

public sealed class TimeOrderedSplitTests
{
    private static readonly IReadOnlyList<IssueCloseExample> Examples = Enumerable.Range(0, 100)
        .Select(i => new IssueCloseExample(1000 - i, "t", "", "u", "NONE", new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays((i * 37) % 100), i % 3 == 0))
        .ToList();

    [Fact]
    public void Split_PutsTheNewestIssuesInTest_AndNothingOlder()
    {
        var (train, test) = TimeOrderedSplit.Split(Examples, 0.2);

        Assert.Equal(80, train.Count);
        Assert.Equal(20, test.Count);
        Assert.True(train.Max(e => e.CreatedAt) <= test.Min(e => e.CreatedAt));
    }

    [Fact]
    public void Folds_AreExpandingWindows_ValidatedOnWhatComesNext()
    {
        var (train, _) = TimeOrderedSplit.Split(Examples, 0.2);

        var folds = TimeOrderedSplit.Folds(train, 3);

        Assert.Equal(3, folds.Count);
        for (var k = 0; k < folds.Count; k++)
        {
            Assert.True(folds[k].Train.Max(e => e.CreatedAt) <= folds[k].Valid.Min(e => e.CreatedAt));
            Assert.Equal(train.Count * (k + 2) / 5, folds[k].Train.Count);
            Assert.Equal(train.Count / 5, folds[k].Valid.Count);
        }
    }
}
