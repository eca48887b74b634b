using System.Data.Common;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore : ITrackingStore
{
    /// <inheritdoc />
    public Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WriteAsync(async (c, t, token) =>
        {
            await using (var insert = Command(c, t, "INSERT INTO experiments (name, created_at) VALUES (@n, @t) ON CONFLICT (name) DO NOTHING", ("@n", name), ("@t", Now())))
            {
                await insert.ExecuteNonQueryAsync(token);
            }
            await using var select = Command(c, t, "SELECT id, name, lifecycle_stage, created_at FROM experiments WHERE name = @n", ("@n", name));
            await using var reader = await select.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return new Experiment(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), FromMillis(reader.GetInt64(3)));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RunInfo> CreateRunAsync(long experimentId, string name, string? parentRunId = null, CancellationToken cancellationToken = default)
    {
        var run = new RunInfo(Guid.NewGuid().ToString("N"), experimentId, name, RunStatus.Running, FromMillis(Now()), null, null, parentRunId);
        return WriteAsync(async (c, t, token) =>
        {
            await using var insert = Command(c, t,
                "INSERT INTO runs (run_id, experiment_id, name, status, start_time, parent_run_id) VALUES (@id, @e, @n, @s, @t, @p)",
                ("@id", run.RunId), ("@e", experimentId), ("@n", name), ("@s", run.Status.ToString()),
                ("@t", run.StartTime.ToUnixTimeMilliseconds()), ("@p", parentRunId));
            await insert.ExecuteNonQueryAsync(token);
            if (parentRunId is not null)
            {
                // MLflow's convention for a child run (a tuning trial): clients, search and the UI find children by this tag.
                await using var tag = Command(c, t, "INSERT INTO tags (run_id, key, value) VALUES (@id, @k, @p)",
                    ("@id", run.RunId), ("@k", RunInfo.ParentRunTag), ("@p", parentRunId));
                await tag.ExecuteNonQueryAsync(token);
            }
            return run;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task LogParamsAsync(string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await WriteParamsAsync(c, t, runId, parameters, token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task LogMetricsAsync(string runId, IEnumerable<MetricPoint> metrics, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await WriteMetricsAsync(c, t, runId, metrics, token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task SetTagsAsync(string runId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await WriteTagsAsync(c, t, runId, tags, token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task LinkDatasetAsync(string runId, string datasetVersion, CancellationToken cancellationToken = default) =>
        UpdateRunColumnAsync(runId, "UPDATE runs SET dataset_version = @v WHERE run_id = @r", datasetVersion, cancellationToken);

    /// <inheritdoc />
    public Task AddArtifactAsync(string runId, string path, ArtifactRef artifact, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await using var upsert = Command(c, t,
                "INSERT INTO run_artifacts (run_id, path, digest, size) VALUES (@r, @p, @d, @s) ON CONFLICT (run_id, path) DO UPDATE SET digest = excluded.digest, size = excluded.size",
                ("@r", runId), ("@p", path), ("@d", artifact.Digest), ("@s", artifact.Size));
            await upsert.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task EndRunAsync(string runId, RunStatus status, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await using var update = Command(c, t, "UPDATE runs SET status = @s, end_time = @e WHERE run_id = @r",
                ("@s", status.ToString()), ("@e", Now()), ("@r", runId));
            await update.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) => (await RunReader.ReadAsync(c, [runId], token)).SingleOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RunInfo>> ListRunsAsync(string? experimentName = null, int limit = 100, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null, experimentName is null
                ? $"{RunReader.InfoColumns} ORDER BY start_time DESC, rowid DESC LIMIT @l"
                : $"{RunReader.InfoColumns} WHERE experiment_id = (SELECT id FROM experiments WHERE name = @e) ORDER BY start_time DESC, rowid DESC LIMIT @l",
            ("@e", experimentName), ("@l", limit)), RunReader.ReadInfo, token), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MetricPoint>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null, "SELECT key, value, step, timestamp FROM metrics WHERE run_id = @r AND key = @k ORDER BY step, timestamp, rowid",
            ("@r", runId), ("@k", key)), reader => new MetricPoint(reader.GetString(0), reader.GetDouble(1), reader.GetInt64(2), FromMillis(reader.GetInt64(3))), token), cancellationToken);

    private static async Task RequireRunAsync(DbConnection c, DbTransaction t, string runId, CancellationToken token)
    {
        await using var select = Command(c, t, "SELECT lifecycle_stage FROM runs WHERE run_id = @r", ("@r", runId));
        var stage = await select.ExecuteScalarAsync(token) as string ?? throw RelearnException.NotFound($"run {runId} does not exist");
        if (stage != LifecycleStage.Active)
        {
            throw RelearnException.Invalid($"run {runId} is deleted; restore it before logging to it");
        }
    }

    private Task UpdateRunColumnAsync(string runId, string sql, object value, CancellationToken cancellationToken) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await using var update = Command(c, t, sql, ("@v", value), ("@r", runId));
            await update.ExecuteNonQueryAsync(token);
        }, cancellationToken);
}
