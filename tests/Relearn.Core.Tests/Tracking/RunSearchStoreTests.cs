using Microsoft.Data.Sqlite;
using Relearn.Core.Metadata;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;

namespace Relearn.Core.Tests.Tracking;

public sealed class RunSearchStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("relearn-search-").FullName;
    private readonly SqliteMetadataStore _store;

    public RunSearchStoreTests() => _store = new SqliteMetadataStore(Path.Combine(_dir, "store.db"), TimeProvider.System);

    [Fact]
    public async Task SearchRuns_TreatsValuesAsData_NeverAsSql()
    {
        var experiment = await _store.CreateExperimentAsync("e");
        var run = await _store.StartRunAsync(experiment.Id, "r", null, new Dictionary<string, string> { ["t"] = "x' OR '1'='1" });
        await _store.StartRunAsync(experiment.Id, "other", null, null);

        var injected = await _store.SearchRunsAsync([experiment.Id], Query("tags.t = 'y'' OR ''1''=''1'"));
        var literal = await _store.SearchRunsAsync([experiment.Id], Query("tags.t = 'x'' OR ''1''=''1'"));
        var keyInjection = await _store.SearchRunsAsync([experiment.Id], Query("tags.`t') OR 1=1 --` = 'x'"));

        Assert.Empty(injected.Items);
        Assert.Equal([run.RunId], literal.Items.Select(r => r.Info.RunId));
        Assert.Empty(keyInjection.Items);
    }

    [Fact]
    public async Task SearchRuns_LikeIsCaseSensitive_GlobCharactersAreLiteral_LatestMetricCounts()
    {
        var experiment = await _store.CreateExperimentAsync("e");
        var a = await _store.StartRunAsync(experiment.Id, "Model*A", null, null);
        var b = await _store.StartRunAsync(experiment.Id, "modelXb", null, null);
        await _store.LogBatchAsync(a.RunId, [new MetricPoint("auc", 0.9, 0, DateTimeOffset.UnixEpoch), new MetricPoint("auc", 0.1, 1, DateTimeOffset.UnixEpoch)],
            new Dictionary<string, string>(), new Dictionary<string, string>());
        await _store.LogBatchAsync(b.RunId, [new MetricPoint("auc", 0.5, 0, DateTimeOffset.UnixEpoch)], new Dictionary<string, string>(), new Dictionary<string, string>());

        Assert.Equal(["Model*A"], (await _store.SearchRunsAsync([], Query("run_name LIKE 'Model*%'"))).Items.Select(r => r.Info.Name));
        Assert.Equal(2, (await _store.SearchRunsAsync([], Query("run_name ILIKE 'model%'"))).Items.Count);
        Assert.Equal(["modelXb"], (await _store.SearchRunsAsync([], Query("metrics.auc > 0.3"))).Items.Select(r => r.Info.Name));
        var ordered = await _store.SearchRunsAsync([], new SearchQuery(SearchFilter.All, SearchParser.ParseOrderBy(["metrics.auc DESC"], SearchScope.Runs), ViewType.ActiveOnly, 1, 0));
        Assert.Equal(["modelXb"], ordered.Items.Select(r => r.Info.Name));
        Assert.NotNull(ordered.NextPageToken);
    }

    [Fact]
    public void LikeToGlob_EscapesGlobWildcards() =>
        Assert.Equal("a*b?[*][?][[]", SqliteSearchSql.LikeToGlob("a%b_*?["));

    private static SearchQuery Query(string filter) => new(SearchParser.ParseFilter(filter, SearchScope.Runs), [], ViewType.ActiveOnly, 100, 0);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
