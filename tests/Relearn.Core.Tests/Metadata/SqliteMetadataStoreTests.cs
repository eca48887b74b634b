using Microsoft.Data.Sqlite;
using Relearn.Core.Metadata;
using Relearn.Core.Tracking;

namespace Relearn.Core.Tests.Metadata;

public sealed class SqliteMetadataStoreTests : IDisposable
{
    private readonly TempFolder _folder = Some.Folder();

    [Fact]
    public async Task Open_TwiceOnTheSameFile_AppliesEachMigrationOnce()
    {
        _ = Some.Store(_folder);
        _ = Some.Store(_folder);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.Path, "relearn.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_migrations; PRAGMA journal_mode;";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(SqliteMetadataStore.SchemaVersion, reader.GetInt32(0));
        Assert.Equal(SqliteMetadataStore.SchemaVersion, reader.GetInt32(1));
        await reader.NextResultAsync();
        await reader.ReadAsync();
        Assert.Equal("wal", reader.GetString(0));
    }

    [Fact]
    public async Task Run_RecordsParamsMetricsTagsArtifactsAndStatus()
    {
        var store = Some.Store(_folder);
        var experiment = await store.GetOrCreateExperimentAsync("exp");
        var run = await store.CreateRunAsync(experiment.Id, "r1");
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        await store.LogParamsAsync(run.RunId, new Dictionary<string, string> { ["lr"] = "0.1" });
        await store.LogMetricsAsync(run.RunId, [new("loss", 0.9, 0, t0), new("loss", 0.5, 1, t0.AddSeconds(1)), new("loss", 0.7, 1, t0)]);
        await store.SetTagsAsync(run.RunId, new Dictionary<string, string> { ["k"] = "a" });
        await store.SetTagsAsync(run.RunId, new Dictionary<string, string> { ["k"] = "b" });
        await store.AddArtifactAsync(run.RunId, "model", new(new string('c', 64), 10));
        await store.LinkDatasetAsync(run.RunId, "ds:1");
        await store.EndRunAsync(run.RunId, RunStatus.Finished);

        var loaded = (await store.GetRunAsync(run.RunId))!;
        Assert.Equal(RunStatus.Finished, loaded.Info.Status);
        Assert.NotNull(loaded.Info.EndTime);
        Assert.Equal("ds:1", loaded.Info.DatasetVersion);
        Assert.Equal("0.1", loaded.Params["lr"]);
        Assert.Equal(0.5, loaded.Metrics["loss"]);
        Assert.Equal("b", loaded.Tags["k"]);
        Assert.Equal("model", Assert.Single(loaded.Artifacts).Path);
        Assert.Equal([0.9, 0.7, 0.5], (await store.GetMetricHistoryAsync(run.RunId, "loss")).Select(m => m.Value));
    }

    [Fact]
    public async Task LogParams_ChangingALoggedValue_IsRejectedAndKeepsTheOriginal()
    {
        var store = Some.Store(_folder);
        var run = await store.CreateRunAsync((await store.GetOrCreateExperimentAsync("exp")).Id, "r");
        await store.LogParamsAsync(run.RunId, new Dictionary<string, string> { ["seed"] = "1" });

        var error = await Assert.ThrowsAsync<RelearnException>(() => store.LogParamsAsync(run.RunId, new Dictionary<string, string> { ["other"] = "x", ["seed"] = "2" }));

        Assert.Equal(RelearnErrorKind.InvalidInput, error.Kind);
        var loaded = (await store.GetRunAsync(run.RunId))!;
        Assert.Equal("1", loaded.Params["seed"]);
        Assert.False(loaded.Params.ContainsKey("other"));
    }

    [Fact]
    public async Task Writes_ToAMissingRun_AreNotFound()
    {
        var error = await Assert.ThrowsAsync<RelearnException>(() => Some.Store(_folder).LogMetricsAsync("nope", [new("m", 1, 0, default)]));

        Assert.Equal(RelearnErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Datasets_SameContentTwice_IsOneVersion_NewContentIsTheNext()
    {
        var store = Some.Store(_folder);

        var first = await store.RegisterAsync("ds", new string('a', 64), 10, "s", "src");
        var again = await store.RegisterAsync("ds", new string('a', 64), 10, "s", "src");
        var next = await store.RegisterAsync("ds", new string('b', 64), 12, "s", "src");

        Assert.Equal(1, first.Version);
        Assert.Equal(first, again);
        Assert.Equal(2, next.Version);
        Assert.Equal(next, await store.GetAsync("ds"));
        Assert.Equal(first, await store.GetAsync("ds", 1));
    }

    [Fact]
    public async Task MoveAlias_WritesTheAuditLog_AndRejectsAStaleExpectation()
    {
        var store = Some.Store(_folder);
        var run = await store.CreateRunAsync((await store.GetOrCreateExperimentAsync("m")).Id, "r");
        await store.CreateVersionAsync("m", "t", run.RunId, new string('a', 64), null, new Dictionary<string, double>());
        await store.CreateVersionAsync("m", "t", run.RunId, new string('b', 64), null, new Dictionary<string, double>());

        await store.MoveAliasAsync("m", "production", null, 1, "promote", "me", null);
        await store.MoveAliasAsync("m", "production", 1, 2, "promote", "me", "better");
        var stale = await Assert.ThrowsAsync<RelearnException>(() => store.MoveAliasAsync("m", "production", 1, 1, "promote", "other", null));

        Assert.Equal(RelearnErrorKind.Conflict, stale.Kind);
        Assert.Equal(2, await store.GetAliasAsync("m", "production"));
        var history = await store.GetAliasHistoryAsync("m", "production");
        Assert.Equal([(null, 1), (1, 2)], history.Select(h => (h.PreviousVersion, h.NewVersion)));
        Assert.Equal("better", history[1].Reason);
    }

    [Fact]
    public async Task ConcurrentWriters_OnSeparateConnections_LoseNothing()
    {
        // Each store instance has its own connections, as two processes would; all write at once.
        var path = Path.Combine(_folder.Path, "relearn.db");
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteMetadataStore(path, TimeProvider.System)).ToArray();
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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
