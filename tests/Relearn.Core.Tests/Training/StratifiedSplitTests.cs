using Relearn.Core.Training;

namespace Relearn.Core.Tests.Training;

public sealed class StratifiedSplitTests
{
    private static readonly IReadOnlyList<(int Id, bool Label)> Rows =
        Enumerable.Range(0, 100).Select(i => (i, i % 4 == 0)).ToList();

    [Fact]
    public void Split_KeepsEachClassShare_AndLosesNoRow()
    {
        var (train, test) = StratifiedSplit.Split(Rows, r => r.Label, 0.2, seed: 7);

        Assert.Equal(5, test.Count(r => r.Label));
        Assert.Equal(15, test.Count(r => !r.Label));
        Assert.Equal(Rows.Select(r => r.Id).Order(), train.Concat(test).Select(r => r.Id).Order());
    }

    [Fact]
    public void Split_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        var a = StratifiedSplit.Split(Rows, r => r.Label, 0.2, seed: 7).Test.Select(r => r.Id);
        var b = StratifiedSplit.Split(Rows, r => r.Label, 0.2, seed: 7).Test.Select(r => r.Id);
        var c = StratifiedSplit.Split(Rows, r => r.Label, 0.2, seed: 8).Test.Select(r => r.Id);

        Assert.Equal(a, b);
        Assert.NotEqual(a.Order(), c.Order());
    }
}
