using System.Globalization;
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
    [Fact]
    public async Task SearchRuns_APage_HoldsTheSameRunsAsGetRunOneByOne()
    {
        var experiment = await Store.CreateExperimentAsync("page-loading");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        var parent = await Store.StartRunAsync(experiment.Id, "parent", t0, null);
        var ids = new List<string> { parent.RunId };
        for (var i = 0; i < 6; i++)
        {
            var run = await Store.CreateRunAsync(experiment.Id, $"child-{i}", parent.RunId);
            ids.Add(run.RunId);
            if (i == 5)
            {
                continue; // a run with nothing logged: no params, metrics or artifacts
            }
            var at = t0.AddMinutes(i);
            await Store.LogBatchAsync(run.RunId,
                [new MetricPoint("auc", 0.5 + (i / 10.0), 0, at), new MetricPoint("auc", 0.6 + (i / 10.0), 1, at.AddSeconds(1)), new MetricPoint($"only-{i}", -i, 3, at)],
                new Dictionary<string, string> { ["model"] = i % 2 == 0 ? "lgbm" : "sdca", ["seed"] = $"{i}", [$"p{i}"] = "x" },
                new Dictionary<string, string> { ["team"] = $"t{i}", ["b"] = "1", ["a"] = "2" });
            await Store.AddArtifactAsync(run.RunId, $"model-{i}", new(new string((char)('a' + i), 64), 10 + i));
            await Store.AddArtifactAsync(run.RunId, "eval-data.tsv", new(new string('f', 64), 100 + i));
            if (i == 2)
            {
                await Store.LinkDatasetAsync(run.RunId, "ds:2");
                await Store.EndRunAsync(run.RunId, RunStatus.Finished);
            }
        }

        var page = await Store.SearchRunsAsync([experiment.Id], new SearchQuery(SearchFilter.All, [], ViewType.ActiveOnly, 5, 0));
        var rest = await Store.SearchRunsAsync([experiment.Id], new SearchQuery(SearchFilter.All, [], ViewType.ActiveOnly, 5, 5));

        Assert.Equal(5, page.Items.Count);
        Assert.NotNull(page.NextPageToken);
        Assert.Equal(ids.Count, page.Items.Count + rest.Items.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), page.Items.Concat(rest.Items).Select(r => r.Info.RunId).Order(StringComparer.Ordinal));
        foreach (var searched in page.Items.Concat(rest.Items))
        {
            AssertSameRun((await Store.GetRunAsync(searched.Info.RunId))!, searched);
        }
        Assert.Contains(page.Items.Concat(rest.Items), r => r.Artifacts.Count == 2 && r.LatestMetrics!.Count == 2 && r.Params.Count == 3 && r.Info.DatasetVersion == "ds:2");
    }

    [Fact]
    public async Task SearchRuns_APageOfMoreRunsThanOneQueryReads_KeepsTheSearchOrder()
    {
        var experiment = await Store.CreateExperimentAsync("big-page");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        for (var i = 0; i < 520; i++)
        {
            await Store.StartRunAsync(experiment.Id, $"r{i:000}", t0.AddSeconds(i), new Dictionary<string, string> { ["i"] = $"{i}" });
        }

        var page = await Store.SearchRunsAsync([experiment.Id], new SearchQuery(SearchFilter.All,
            SearchParser.ParseOrderBy(["attributes.run_name ASC"], SearchScope.Runs), ViewType.ActiveOnly, 1000, 0));

        Assert.Equal(Enumerable.Range(0, 520).Select(i => $"r{i:000}"), page.Items.Select(r => r.Info.Name));
        Assert.All(page.Items, r => Assert.Equal($"{int.Parse(r.Info.Name[1..], CultureInfo.InvariantCulture)}", r.Tags["i"]));
        Assert.Null(page.NextPageToken);
    }

    private static void AssertSameRun(Run expected, Run actual)
    {
        Assert.Equal(expected.Info, actual.Info);
        Assert.Equal(expected.Params, actual.Params);
        Assert.Equal(expected.Metrics, actual.Metrics);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Artifacts, actual.Artifacts);
        Assert.Equal(expected.LatestMetrics, actual.LatestMetrics);
        Assert.Equal(expected.Params.Keys, actual.Params.Keys); // the same order too
        Assert.Equal(expected.Tags.Keys, actual.Tags.Keys);
    }
}
