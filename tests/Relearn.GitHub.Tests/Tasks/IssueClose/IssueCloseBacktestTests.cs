using Relearn.GitHub.Tasks.IssueClose;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

public sealed class IssueCloseBacktestTests
{
    private static readonly DateTimeOffset Start = new(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<IssueCloseExample> Daily(int days) =>
        [.. Enumerable.Range(0, days).Select(d => new IssueCloseExample(d + 1, d % 2 == 0 ? "error fails" : "add feature", "", "u", "NONE", Start.AddDays(d), d % 2 == 0))];

    [Fact]
    public void Origins_AreQuarterStartsInTheTestPeriod_WithAWholeQuarterAfterEach_Issue12()
    {
        var origins = IssueCloseBacktest.Origins(Daily(730), new DateTimeOffset(2023, 2, 10, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal([new DateTimeOffset(2023, 4, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 7, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 10, 1, 0, 0, 0, TimeSpan.Zero)], origins);
    }

    [Fact]
    public void Run_TrainsOnlyOnOutcomesKnownAtTheOrigin_AndTestsOnTheNextQuarter_Issue12()
    {
        var examples = Daily(730);
        var origin = new DateTimeOffset(2023, 7, 1, 0, 0, 0, TimeSpan.Zero);

        var result = IssueCloseBacktest.Run(examples, [origin], new IssueCloseParameters { Iterations = 20, MinExamplesPerLeaf = 5 });

        var fold = Assert.Single(result.Folds);
        Assert.Equal(examples.Count(e => e.CreatedAt < origin.AddDays(-7)), fold.Train);
        Assert.Equal(92, fold.Test); // July, August, September
        Assert.InRange(fold.Auc, 0.99, 1.0); // the title says it
        Assert.Equal(fold.Auc, result.Mean);
        Assert.Equal(0, result.Spread);
        Assert.Contains("| 2023-07-01 |", result.Describe(), StringComparison.Ordinal);
        Assert.Equal(1, result.ToMetrics()["backtest_origins"]);
    }
}
