using Relearn.GitHub.Tasks.IssueClose;

namespace Relearn.GitHub.Tests.Tasks.IssueClose;

public sealed class IssueCloseFoldCacheTests
{
    private static readonly IReadOnlyList<IssueCloseExample> Examples =
        [.. Enumerable.Range(0, 200).Select(d => new IssueCloseExample(d + 1, d % 2 == 0 ? "error fails" : "add feature", "", "u", "NONE", new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(d), d % 2 == 0))];

    [Fact]
    public async Task SameContentHash_FeaturizesOnce_ForEveryTrialAndStudy_Issue12()
    {
        var cache = new IssueCloseFoldCache();
        var reads = 0;
        Task<IReadOnlyList<IssueCloseExample>> Read()
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult(Examples);
        }

        var key = IssueCloseFoldCache.Key("sha256:abc", 0.2, 3, 42);
        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync(key, Read, 0.2, 3, 42, CancellationToken.None)));
        var other = await cache.GetAsync(IssueCloseFoldCache.Key("sha256:abc", 0.2, 2, 42), Read, 0.2, 2, 42, CancellationToken.None);

        Assert.All(all, folds => Assert.Same(all[0], folds));
        Assert.Equal(3, all[0].Folds.Count);
        Assert.Equal(2, other.Folds.Count);
        Assert.Equal(2, cache.Featurizations);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task AFailedRead_IsNotKept_TheNextTrialTriesAgain_Issue12()
    {
        var cache = new IssueCloseFoldCache();
        var key = IssueCloseFoldCache.Key("sha256:def", 0.2, 3, 42);

        await Assert.ThrowsAsync<IOException>(() => cache.GetAsync(key, () => throw new IOException("store down"), 0.2, 3, 42, CancellationToken.None));
        var folds = await cache.GetAsync(key, () => Task.FromResult(Examples), 0.2, 3, 42, CancellationToken.None);

        Assert.Equal(3, folds.Folds.Count);
    }
}
