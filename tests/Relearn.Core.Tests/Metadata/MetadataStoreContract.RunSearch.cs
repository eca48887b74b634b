using Relearn.Core.Datasets;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;
using Relearn.Core.Webhooks;

namespace Relearn.Core.Tests.Metadata;

public abstract partial class MetadataStoreContract<TStore>
    where TStore : ITrackingStore, IDatasetCatalog, IModelRegistryStore, IWebhookStore
{
    [Fact]
    public async Task LatestMetric_AcrossBatches_IsHighestStepThenNewestThenLastLogged()
    {
        var experiment = await Store.CreateExperimentAsync("latest");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var run = await Store.StartRunAsync(experiment.Id, "r", t0, null);
        var empty = new Dictionary<string, string>();

        await Store.LogBatchAsync(run.RunId, [new MetricPoint("auc", 0.7, 5, t0), new MetricPoint("loss", 0.4, 0, t0)], empty, empty);
        await Store.LogMetricsAsync(run.RunId, [new MetricPoint("auc", 0.95, 2, t0.AddHours(1))]); // lower step, later: not the latest
        await Store.LogMetricsAsync(run.RunId, [new MetricPoint("loss", 0.3, 0, t0.AddSeconds(1))]); // same step, newer: the latest
        await Store.LogMetricsAsync(run.RunId, [new MetricPoint("loss", 0.2, 0, t0.AddSeconds(1)), new MetricPoint("loss", 0.25, 0, t0.AddSeconds(1))]);

        var stored = (await Store.GetRunAsync(run.RunId))!;
        Assert.Equal(0.7, stored.Metrics["auc"]);
        Assert.Equal(0.25, stored.Metrics["loss"]);
        Assert.Empty((await Store.SearchRunsAsync([experiment.Id], Query("metrics.auc > 0.9"))).Items);
        Assert.Single((await Store.SearchRunsAsync([experiment.Id], Query("metrics.auc = 0.7 and metrics.loss = 0.25"))).Items);
    }

    [Fact]
    public async Task SearchRuns_OrderByAValueSomeRunsLack_SortsThemLast_BothWays()
    {
        var experiment = await Store.CreateExperimentAsync("ordered");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var empty = new Dictionary<string, string>();
        foreach (var (name, auc, i) in new[] { ("low", 0.6, 0), ("none", double.NaN, 1), ("high", 0.9, 2) })
        {
            var run = await Store.StartRunAsync(experiment.Id, name, t0.AddSeconds(i), new Dictionary<string, string> { ["kind"] = name == "none" ? "b" : "a" });
            if (!double.IsNaN(auc))
            {
                await Store.LogBatchAsync(run.RunId, [new MetricPoint("auc", auc, 0, t0)], new Dictionary<string, string> { ["model"] = "lgbm" }, empty);
            }
        }

        async Task<string[]> NamesAsync(string? filter, string order) =>
            [.. (await Store.SearchRunsAsync([experiment.Id], new SearchQuery(SearchParser.ParseFilter(filter, SearchScope.Runs),
                SearchParser.ParseOrderBy([order], SearchScope.Runs), ViewType.ActiveOnly, 10, 0))).Items.Select(r => r.Info.Name)];

        Assert.Equal(["high", "low", "none"], await NamesAsync(null, "metrics.auc DESC"));
        Assert.Equal(["low", "high", "none"], await NamesAsync(null, "metrics.auc ASC"));
        Assert.Equal(["high", "low"], await NamesAsync("params.model = 'lgbm' and tags.kind = 'a'", "metrics.auc DESC"));
        Assert.Equal(["low"], await NamesAsync("metrics.auc < 0.7", "params.model"));
        Assert.Equal(["high", "low", "none"], await NamesAsync("tags.kind != 'c'", "params.model DESC"));
    }
}
