using Relearn.Core.Datasets;
using Relearn.Core.Registry;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;
using Relearn.Core.Webhooks;

namespace Relearn.Core.Tests.Metadata;

/// <summary>
/// What every metadata store must do, run once per store by a derived class: SQLite here, PostgreSQL in
/// Relearn.Postgres.Tests (which compiles this file in as a link). Each test class gets a fresh, empty store.
/// </summary>
/// <typeparam name="TStore">The store: tracking, datasets, registry and webhooks in one.</typeparam>
public abstract partial class MetadataStoreContract<TStore> : IAsyncLifetime
    where TStore : ITrackingStore, IDatasetCatalog, IModelRegistryStore, IWebhookStore
{
    private TStore? _store;

    /// <summary>The store under test.</summary>
    protected TStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    /// <summary>Creates a fresh, empty database and a store on it.</summary>
    protected abstract Task<TStore> CreateStoreAsync();

    /// <summary>Another store instance (its own connections, as another process would have) on the same database.</summary>
    protected abstract TStore OpenAgain();

    /// <summary>(rows, highest version) of the database's schema_migrations table.</summary>
    protected abstract Task<(int Rows, int Highest)> ReadMigrationsAsync();

    /// <summary>The schema version the store writes.</summary>
    protected abstract int SchemaVersion { get; }

    public virtual async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Open_TwiceOnTheSameDatabase_AppliesEachMigrationOnce()
    {
        _ = OpenAgain();
        _ = OpenAgain();

        Assert.Equal((SchemaVersion, SchemaVersion), await ReadMigrationsAsync());
    }

    [Fact]
    public async Task Run_RecordsParamsMetricsTagsArtifactsAndStatus()
    {
        var experiment = await Store.GetOrCreateExperimentAsync("exp");
        var run = await Store.CreateRunAsync(experiment.Id, "r1");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        await Store.LogParamsAsync(run.RunId, new Dictionary<string, string> { ["lr"] = "0.1" });
        await Store.LogMetricsAsync(run.RunId, [new("loss", 0.9, 0, t0), new("loss", 0.5, 1, t0.AddSeconds(1)), new("loss", 0.7, 1, t0)]);
        await Store.SetTagsAsync(run.RunId, new Dictionary<string, string> { ["k"] = "a" });
        await Store.SetTagsAsync(run.RunId, new Dictionary<string, string> { ["k"] = "b" });
        await Store.AddArtifactAsync(run.RunId, "model", new(new string('c', 64), 10));
        await Store.LinkDatasetAsync(run.RunId, "ds:1");
        await Store.EndRunAsync(run.RunId, RunStatus.Finished);

        var loaded = (await Store.GetRunAsync(run.RunId))!;
        Assert.Equal(RunStatus.Finished, loaded.Info.Status);
        Assert.NotNull(loaded.Info.EndTime);
        Assert.Equal("ds:1", loaded.Info.DatasetVersion);
        Assert.Equal("0.1", loaded.Params["lr"]);
        Assert.Equal(0.5, loaded.Metrics["loss"]);
        Assert.Equal("b", loaded.Tags["k"]);
        Assert.Equal("model", Assert.Single(loaded.Artifacts).Path);
        Assert.Equal([0.9, 0.7, 0.5], (await Store.GetMetricHistoryAsync(run.RunId, "loss")).Select(m => m.Value));
    }

    [Fact]
    public async Task LogParams_ChangingALoggedValue_IsRejectedAndKeepsTheOriginal()
    {
        var run = await Store.CreateRunAsync((await Store.GetOrCreateExperimentAsync("exp")).Id, "r");
        await Store.LogParamsAsync(run.RunId, new Dictionary<string, string> { ["seed"] = "1" });

        var error = await Assert.ThrowsAsync<RelearnException>(() => Store.LogParamsAsync(run.RunId, new Dictionary<string, string> { ["other"] = "x", ["seed"] = "2" }));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
        var loaded = (await Store.GetRunAsync(run.RunId))!;
        Assert.Equal("1", loaded.Params["seed"]);
        Assert.False(loaded.Params.ContainsKey("other"));
    }

    [Fact]
    public async Task LogBatch_IsAllOrNothing_AndSameParamValueAgainIsFine()
    {
        var run = await Store.CreateRunAsync((await Store.GetOrCreateExperimentAsync("exp")).Id, "r");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        await Store.LogBatchAsync(run.RunId, [new("m", 1, 0, t0)], new Dictionary<string, string> { ["p"] = "1" }, new Dictionary<string, string> { ["t"] = "a" });

        await Store.LogBatchAsync(run.RunId, [new("m", 2, 1, t0)], new Dictionary<string, string> { ["p"] = "1" }, new Dictionary<string, string>());
        var error = await Assert.ThrowsAsync<RelearnException>(() => Store.LogBatchAsync(run.RunId, [new("m", 3, 2, t0)],
            new Dictionary<string, string> { ["p"] = "2" }, new Dictionary<string, string> { ["t"] = "b" }));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
        var loaded = (await Store.GetRunAsync(run.RunId))!;
        Assert.Equal([1.0, 2.0], (await Store.GetMetricHistoryAsync(run.RunId, "m")).Select(m => m.Value));
        Assert.Equal("a", loaded.Tags["t"]);
        Assert.Equal(2.0, loaded.Metrics["m"]);
    }

    [Fact]
    public async Task Writes_ToAMissingRun_AreNotFound()
    {
        var error = await Assert.ThrowsAsync<RelearnException>(() => Store.LogMetricsAsync("nope", [new("m", 1, 0, default)]));

        Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Experiments_CreateRenameTagDeleteAndSearch()
    {
        var a = await Store.CreateExperimentAsync("alpha", new Dictionary<string, string> { ["team"] = "x" });
        var b = await Store.CreateExperimentAsync("beta");
        var duplicate = await Assert.ThrowsAsync<RelearnException>(() => Store.CreateExperimentAsync("alpha"));
        await Store.RenameExperimentAsync(b.Id, "Beta2");
        await Store.SetExperimentTagAsync(b.Id, "team", "y");
        await Store.SetExperimentLifecycleAsync(a.Id, LifecycleStage.Deleted);

        Assert.Equal(RelearnErrorKind.Conflict, duplicate.Kind);
        Assert.Equal("Beta2", (await Store.GetExperimentAsync(b.Id))!.Name);
        Assert.Equal("y", (await Store.GetExperimentByNameAsync("Beta2"))!.Tags!["team"]);
        Assert.Equal(["Beta2"], (await SearchExperimentsAsync("name LIKE 'Beta%'", ViewType.ActiveOnly)).Items.Select(e => e.Name));
        Assert.Empty((await SearchExperimentsAsync("name LIKE 'beta%'", ViewType.ActiveOnly)).Items);
        Assert.Equal(["Beta2"], (await SearchExperimentsAsync("name ILIKE 'beta%'", ViewType.ActiveOnly)).Items.Select(e => e.Name));
        Assert.Equal(["alpha"], (await SearchExperimentsAsync("tags.team = 'x'", ViewType.DeletedOnly)).Items.Select(e => e.Name));
        Assert.Equal(2, (await SearchExperimentsAsync("", ViewType.All)).Items.Count);
    }

    [Fact]
    public async Task Datasets_SameContentTwice_IsOneVersion_NewContentIsTheNext()
    {
        var first = await Store.RegisterAsync("ds", new string('a', 64), 10, "s", "src");
        var again = await Store.RegisterAsync("ds", new string('a', 64), 10, "s", "src");
        var next = await Store.RegisterAsync("ds", new string('b', 64), 12, "s", "src");

        Assert.Equal(1, first.Version);
        Assert.Equal(first, again);
        Assert.Equal(2, next.Version);
        Assert.Equal(next, await Store.GetAsync("ds"));
        Assert.Equal(first, await Store.GetAsync("ds", 1));
        Assert.Equal(2, (await Store.ListAsync()).Count);
    }

    [Fact]
    public async Task MoveAlias_WritesTheAuditLog_AndRejectsAStaleExpectation()
    {
        var run = await Store.CreateRunAsync((await Store.GetOrCreateExperimentAsync("m")).Id, "r");
        await Store.CreateVersionAsync("m", "t", run.RunId, new string('a', 64), null, new Dictionary<string, double>());
        await Store.CreateVersionAsync("m", "t", run.RunId, new string('b', 64), null, new Dictionary<string, double>());

        await Store.MoveAliasAsync("m", "production", null, 1, "promote", "me", null);
        await Store.MoveAliasAsync("m", "production", 1, 2, "promote", "me", "better");
        var stale = await Assert.ThrowsAsync<RelearnException>(() => Store.MoveAliasAsync("m", "production", 1, 1, "promote", "other", null));

        Assert.Equal(RelearnErrorKind.Conflict, stale.Kind);
        Assert.Equal(2, await Store.GetAliasAsync("m", "production"));
        var history = await Store.GetAliasHistoryAsync("m", "production");
        Assert.Equal([(null, 1), (1, 2)], history.Select(h => (h.PreviousVersion, h.NewVersion)));
        Assert.Equal("better", history[1].Reason);
        Assert.Equal(2, (await Store.GetAliasHistoryAsync("m")).Count);
        var held = await Assert.ThrowsAsync<RelearnException>(() => Store.DeleteVersionAsync("m", 2));
        Assert.Equal(RelearnErrorKind.Conflict, held.Kind);
        Assert.Contains("production", held.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_ModelsVersionsDescriptionsAndSearch()
    {
        var run = await Store.CreateRunAsync((await Store.GetOrCreateExperimentAsync("e")).Id, "r");
        await Store.CreateModelAsync("external", "from outside");
        var duplicate = await Assert.ThrowsAsync<RelearnException>(() => Store.CreateModelAsync("external", null));
        var v1 = await Store.CreateExternalVersionAsync("external", "s3://b/m", null, "first");
        await Store.CreateVersionAsync("sentiment", "text-classification", run.RunId, new string('a', 64), "ds:1", new Dictionary<string, double> { ["auc"] = 0.9 });
        var wrongTask = await Assert.ThrowsAsync<RelearnException>(() =>
            Store.CreateVersionAsync("sentiment", "other", run.RunId, new string('b', 64), null, new Dictionary<string, double>()));
        await Store.UpdateVersionDescriptionAsync("external", 1, "changed");
        await Store.UpdateModelDescriptionAsync("sentiment", "mine");

        Assert.Equal(RelearnErrorKind.Conflict, duplicate.Kind);
        Assert.Equal(RelearnErrorKind.Conflict, wrongTask.Kind);
        Assert.Equal(1, v1.Version);
        Assert.Equal("changed", (await Store.GetVersionAsync("external", 1))!.Description);
        Assert.Equal(0.9, (await Store.GetVersionAsync("sentiment", 1))!.Metrics["auc"]);
        Assert.Equal(["external", "sentiment"], (await Store.ListModelsAsync()).Select(m => m.Name));
        Assert.Equal("mine", (await Store.GetModelAsync("sentiment"))!.Description);
        var models = await Store.SearchModelsAsync(new(SearchParser.ParseFilter("name LIKE 'sent%'", SearchScope.RegisteredModels), [], ViewType.ActiveOnly, 10, 0));
        Assert.Equal(["sentiment"], models.Items.Select(m => m.Name));
        var versions = await Store.SearchVersionsAsync(new(SearchParser.ParseFilter($"run_id = '{run.RunId}'", SearchScope.ModelVersions), [], ViewType.ActiveOnly, 10, 0));
        Assert.Equal([("sentiment", 1)], versions.Items.Select(v => (v.Name, v.Version)));

        await Store.DeleteVersionAsync("external", 1);
        await Store.DeleteModelAsync("external");
        Assert.Null(await Store.GetModelAsync("external"));
    }

    [Fact]
    public async Task ListAliasChanges_NewestFirst_PagesBeforeAnId_AndFiltersByModel()
    {
        var run = await Store.CreateRunAsync((await Store.GetOrCreateExperimentAsync("audit")).Id, "r");
        foreach (var model in new[] { "a", "b" })
        {
            await Store.CreateVersionAsync(model, "t", run.RunId, new string('a', 64), null, new Dictionary<string, double>());
            await Store.CreateVersionAsync(model, "t", run.RunId, new string('b', 64), null, new Dictionary<string, double>());
        }
        await Store.MoveAliasAsync("a", "production", null, 1, "promote", "me", null);
        await Store.MoveAliasAsync("b", "production", null, 2, "promote", "you", "first");
        await Store.MoveAliasAsync("a", "production", 1, 2, "promote", "me", "better");

        var first = await Store.ListAliasChangesAsync(null, null, 2);
        var rest = await Store.ListAliasChangesAsync(null, first[^1].Id, 2);
        var onlyA = await Store.ListAliasChangesAsync("a", null, 10);

        Assert.Equal([("a", 2), ("b", 2)], first.Select(c => (c.Model, c.NewVersion!.Value)));
        Assert.Equal([("a", 1)], rest.Select(c => (c.Model, c.NewVersion!.Value)));
        Assert.Equal([(1, 2), (null, 1)], onlyA.Select(c => (c.PreviousVersion, c.NewVersion)));
        Assert.Equal("you", first[1].Actor);
        Assert.Empty(await Store.ListAliasChangesAsync("nobody", null, 10));
    }

    [Fact]
    public async Task CreateRun_WithAParent_CarriesMlflowsParentTag_SoSearchFindsTheChildren()
    {
        var experiment = await Store.CreateExperimentAsync("tuning");
        var parent = await Store.CreateRunAsync(experiment.Id, "search");
        var child = await Store.CreateRunAsync(experiment.Id, "trial-0", parent.RunId);

        var children = await Store.SearchRunsAsync([experiment.Id], Query($"tags.`mlflow.parentRunId` = '{parent.RunId}'"));

        Assert.Equal([child.RunId], children.Items.Select(r => r.Info.RunId));
        Assert.Equal(parent.RunId, (await Store.GetRunAsync(child.RunId))!.Tags[RunInfo.ParentRunTag]);
        Assert.DoesNotContain(RunInfo.ParentRunTag, (await Store.GetRunAsync(parent.RunId))!.Tags.Keys);
    }

    [Fact]
    public async Task SearchRuns_TreatsValuesAsData_NeverAsSql()
    {
        var experiment = await Store.CreateExperimentAsync("e");
        var run = await Store.StartRunAsync(experiment.Id, "r", null, new Dictionary<string, string> { ["t"] = "x' OR '1'='1" });
        await Store.StartRunAsync(experiment.Id, "other", null, null);

        var injected = await Store.SearchRunsAsync([experiment.Id], Query("tags.t = 'y'' OR ''1''=''1'"));
        var literal = await Store.SearchRunsAsync([experiment.Id], Query("tags.t = 'x'' OR ''1''=''1'"));
        var keyInjection = await Store.SearchRunsAsync([experiment.Id], Query("tags.`t') OR 1=1 --` = 'x'"));

        Assert.Empty(injected.Items);
        Assert.Equal([run.RunId], literal.Items.Select(r => r.Info.RunId));
        Assert.Empty(keyInjection.Items);
    }

    [Fact]
    public async Task SearchRuns_LikeIsCaseSensitive_GlobCharactersAreLiteral_LatestMetricCounts()
    {
        var experiment = await Store.CreateExperimentAsync("e");
        var a = await Store.StartRunAsync(experiment.Id, "Model*A", null, null);
        var b = await Store.StartRunAsync(experiment.Id, "modelXb", null, null);
        await Store.LogBatchAsync(a.RunId, [new MetricPoint("auc", 0.9, 0, DateTimeOffset.UnixEpoch), new MetricPoint("auc", 0.1, 1, DateTimeOffset.UnixEpoch)],
            new Dictionary<string, string>(), new Dictionary<string, string>());
        await Store.LogBatchAsync(b.RunId, [new MetricPoint("auc", 0.5, 0, DateTimeOffset.UnixEpoch)], new Dictionary<string, string>(), new Dictionary<string, string>());

        Assert.Equal(["Model*A"], (await Store.SearchRunsAsync([], Query("run_name LIKE 'Model*%'"))).Items.Select(r => r.Info.Name));
        Assert.Equal(2, (await Store.SearchRunsAsync([], Query("run_name ILIKE 'model%'"))).Items.Count);
        Assert.Equal(["modelXb"], (await Store.SearchRunsAsync([], Query("metrics.auc > 0.3"))).Items.Select(r => r.Info.Name));
        var ordered = await Store.SearchRunsAsync([], new SearchQuery(SearchFilter.All, SearchParser.ParseOrderBy(["metrics.auc DESC"], SearchScope.Runs), ViewType.ActiveOnly, 1, 0));
        Assert.Equal(["modelXb"], ordered.Items.Select(r => r.Info.Name));
        Assert.NotNull(ordered.NextPageToken);
    }

    [Fact]
    public async Task SearchRuns_PagesWithTheSameTokens_NumbersInAndStatus()
    {
        var experiment = await Store.CreateExperimentAsync("e");
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        for (var i = 0; i < 5; i++)
        {
            var run = await Store.StartRunAsync(experiment.Id, $"r{i}", start.AddSeconds(i), null);
            await Store.LogBatchAsync(run.RunId, [new MetricPoint("i", i, 0, start)], new Dictionary<string, string> { ["p"] = $"{i}" }, new Dictionary<string, string>());
        }

        var first = await Store.SearchRunsAsync([experiment.Id], new SearchQuery(SearchFilter.All, [], ViewType.ActiveOnly, 2, 0));
        var second = await Store.SearchRunsAsync([experiment.Id], new SearchQuery(SearchFilter.All, [], ViewType.ActiveOnly, 2, SearchPageToken.Decode(first.NextPageToken)));
        var last = await Store.SearchRunsAsync([experiment.Id], new SearchQuery(SearchFilter.All, [], ViewType.ActiveOnly, 2, SearchPageToken.Decode(second.NextPageToken)));

        Assert.Equal(SearchPageToken.Encode(2), first.NextPageToken);
        Assert.Equal(["r4", "r3", "r2", "r1", "r0"], first.Items.Concat(second.Items).Concat(last.Items).Select(r => r.Info.Name));
        Assert.Null(last.NextPageToken);
        Assert.Equal(["r3", "r1"], (await Store.SearchRunsAsync([experiment.Id], Query("params.p IN ('1', '3')"))).Items.Select(r => r.Info.Name));
        Assert.Equal(["r1", "r0"], (await Store.SearchRunsAsync([experiment.Id], Query("metrics.i <= 1"))).Items.Select(r => r.Info.Name));
        Assert.Equal(5, (await Store.SearchRunsAsync([experiment.Id], Query("status = 'RUNNING'"))).Items.Count);
        Assert.Equal(["r4"], (await Store.SearchRunsAsync([experiment.Id], Query($"start_time >= {start.AddSeconds(4).ToUnixTimeMilliseconds()}"))).Items.Select(r => r.Info.Name));
    }

    [Fact]
    public async Task Webhooks_PendingUntilDelivered()
    {
        var run = await Store.CreateRunAsync((await Store.GetOrCreateExperimentAsync("m")).Id, "r");
        await Store.CreateVersionAsync("m", "t", run.RunId, new string('a', 64), null, new Dictionary<string, double>());
        var before = await Store.MoveAliasAsync("m", "staging", null, 1, "promote", "me", null);
        Assert.Equal(before.Id, await Store.EnsureHookAsync("h", "u"));
        var change = await Store.MoveAliasAsync("m", "production", null, 1, "promote", "me", null);
        await Store.MoveAliasAsync("m", "staging", 1, null, "remove", "me", null);

        var pending = await Store.GetPendingDeliveriesAsync("h", "u", ["production"], 10);
        Assert.Equal([(change.Id, 0)], pending.Select(p => (p.Change.Id, p.Attempts)));
        Assert.Equal(2, (await Store.GetPendingDeliveriesAsync("h", "u", [], 10)).Count);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        await Store.RecordAttemptAsync(new WebhookAttempt(change.Id, "h", "u", 1, 200, null, now, now, null));

        Assert.Empty(await Store.GetPendingDeliveriesAsync("h", "u", ["production"], 10));
        Assert.Equal(200, Assert.Single(await Store.ListDeliveriesAsync()).StatusCode);
    }

    [Fact]
    public async Task ConcurrentWriters_OnSeparateConnections_LoseNothing()
    {
        // Each store instance has its own connections, as two processes would; all write at once.
        var stores = Enumerable.Range(0, 4).Select(_ => OpenAgain()).ToArray();
        var run = await stores[0].CreateRunAsync((await stores[0].GetOrCreateExperimentAsync("e")).Id, "r");

        await Task.WhenAll(stores.Select((store, writer) => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await store.LogMetricsAsync(run.RunId, [new($"w{writer}", i, i, DateTimeOffset.FromUnixTimeMilliseconds(i))]);
                await store.CreateRunAsync(run.ExperimentId, $"w{writer}-{i}");
            }
        })));

        for (var writer = 0; writer < 4; writer++)
        {
            Assert.Equal(Enumerable.Range(0, 50).Select(i => (double)i), (await stores[1].GetMetricHistoryAsync(run.RunId, $"w{writer}")).Select(m => m.Value));
        }
        Assert.Equal(201, (await stores[2].ListRunsAsync("e", limit: 1000)).Count);
    }

    [Fact]
    public async Task ConcurrentCreateVersion_GetsDistinctVersions()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenAgain()).ToArray();
        var run = await stores[0].CreateRunAsync((await stores[0].GetOrCreateExperimentAsync("e")).Id, "r");

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            stores[i % stores.Length].CreateVersionAsync("m", "t", run.RunId, new string((char)('a' + i), 64), null, new Dictionary<string, double>()))));

        Assert.Equal(Enumerable.Range(1, 20), created.Select(v => v.Version).Order());
        Assert.Equal(20, (await Store.ListVersionsAsync("m")).Count);
    }

    [Fact]
    public async Task ConcurrentGetOrCreateExperiment_ReturnsOneExperiment()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenAgain()).ToArray();

        var experiments = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => stores[i % stores.Length].GetOrCreateExperimentAsync("shared"))));

        Assert.Single(experiments.Select(e => e.Id).Distinct());
    }

    private Task<SearchPage<Experiment>> SearchExperimentsAsync(string filter, ViewType view) =>
        Store.SearchExperimentsAsync(new(SearchParser.ParseFilter(filter, SearchScope.Experiments), [], view, 100, 0));

    private static SearchQuery Query(string filter) => new(SearchParser.ParseFilter(filter, SearchScope.Runs), [], ViewType.ActiveOnly, 100, 0);
}
