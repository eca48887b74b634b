using System.Data.Common;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore
{
    /// <inheritdoc />
    public Task<RunInfo> StartRunAsync(long experimentId, string name, DateTimeOffset? startTime, IReadOnlyDictionary<string, string>? tags,
        CancellationToken cancellationToken = default)
    {
        var start = startTime ?? FromMillis(Now());
        var run = new RunInfo(Guid.NewGuid().ToString("N"), experimentId, name, RunStatus.Running, start, null, null, null);
        return WriteAsync(async (c, t, token) =>
        {
            await using (var select = Command(c, t, "SELECT lifecycle_stage FROM experiments WHERE id = @e", ("@e", experimentId)))
            {
                var stage = await select.ExecuteScalarAsync(token) as string ?? throw RelearnException.NotFound($"experiment {experimentId} does not exist");
                if (stage != LifecycleStage.Active)
                {
                    throw RelearnException.Invalid($"experiment {experimentId} is deleted; restore it before starting runs in it");
                }
            }
            await using (var insert = Command(c, t, "INSERT INTO runs (run_id, experiment_id, name, status, start_time) VALUES (@id, @e, @n, @s, @t)",
                ("@id", run.RunId), ("@e", experimentId), ("@n", name), ("@s", run.Status.ToString()), ("@t", start.ToUnixTimeMilliseconds())))
            {
                await insert.ExecuteNonQueryAsync(token);
            }
            await WriteTagsAsync(c, t, run.RunId, tags ?? new Dictionary<string, string>(), token);
            return run;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, DateTimeOffset? endTime, string? name, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await using (var update = Command(c, t,
                "UPDATE runs SET status = COALESCE(@s, status), end_time = COALESCE(@e, end_time), name = COALESCE(@n, name) WHERE run_id = @r",
                ("@s", status?.ToString()), ("@e", endTime?.ToUnixTimeMilliseconds()), ("@n", name), ("@r", runId)))
            {
                await update.ExecuteNonQueryAsync(token);
            }
            var rows = await ReadAllAsync(Command(c, t, $"{RunReader.InfoColumns} WHERE run_id = @r", ("@r", runId)), RunReader.ReadInfo, token);
            return rows[0];
        }, cancellationToken);

    /// <inheritdoc />
    public Task SetRunLifecycleAsync(string runId, string lifecycleStage, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await using var update = Command(c, t, "UPDATE runs SET lifecycle_stage = @s WHERE run_id = @r", ("@s", RequireStage(lifecycleStage)), ("@r", runId));
            if (await update.ExecuteNonQueryAsync(token) == 0)
            {
                throw RelearnException.NotFound($"run {runId} does not exist");
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await using var delete = Command(c, t, "DELETE FROM tags WHERE run_id = @r AND key = @k", ("@r", runId), ("@k", key));
            if (await delete.ExecuteNonQueryAsync(token) == 0)
            {
                throw RelearnException.NotFound($"run {runId} has no tag '{key}'");
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task LogBatchAsync(string runId, IReadOnlyCollection<MetricPoint> metrics, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireRunAsync(c, t, runId, token);
            await WriteParamsAsync(c, t, runId, parameters, token);
            await WriteMetricsAsync(c, t, runId, metrics, token);
            await WriteTagsAsync(c, t, runId, tags, token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<SearchPage<Run>> SearchRunsAsync(IReadOnlyCollection<long> experimentIds, SearchQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            RunSearchJoins? joins = null;
            var sql = new SearchSql(Dialect, (s, entity, key) => entity == SearchEntity.Attribute ? RunAttribute(key) : joins!.Value(entity, key));
            joins = new RunSearchJoins(query.Filter, value => sql.Parameter(value));
            var experiments = experimentIds.Count == 0 ? "TRUE" : $"r.experiment_id IN ({string.Join(", ", experimentIds.Select(id => sql.Parameter(id)))})";
            var where = sql.Where(query.Filter);
            var order = sql.OrderBy(query.OrderBy, "r.start_time DESC, r.run_id", joins.NeverNull);
            var view = ViewCondition("r.lifecycle_stage", query.View);
            var ids = await ReadAllAsync(Command(c, null,
                    $"SELECT r.run_id FROM runs r {joins.Sql} WHERE {experiments} AND {view} AND {where} ORDER BY {order} LIMIT @limit OFFSET @offset",
                    [.. sql.Parameters, ("@limit", query.MaxResults + 1), ("@offset", query.Offset)]),
                reader => reader.GetString(0), token);
            var runs = await RunReader.ReadAsync(c, [.. ids.Take(query.MaxResults)], token);
            return new SearchPage<Run>(runs, ids.Count > query.MaxResults ? SearchPageToken.Encode(query.Offset + query.MaxResults) : null);
        }, cancellationToken);

    private static string RunAttribute(string key) => key switch
    {
        // Statuses are stored as Running/Finished; MLflow writes RUNNING/FINISHED.
        "status" => "UPPER(r.status)",
        "run_name" => "r.name",
        "run_id" => "r.run_id",
        "start_time" => "r.start_time",
        "end_time" => "r.end_time",
        "lifecycle_stage" => "r.lifecycle_stage",
        _ => throw RelearnException.Invalid($"runs cannot be searched by '{key}'"),
    };

    private static async Task WriteParamsAsync(DbConnection c, DbTransaction t, string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken token)
    {
        if (parameters.Count == 0)
        {
            return;
        }
        await using var existing = Command(c, t, "SELECT value FROM params WHERE run_id = @r AND key = @k", ("@r", runId), ("@k", ""));
        await using var insert = Command(c, t, "INSERT INTO params (run_id, key, value) VALUES (@r, @k, @v) ON CONFLICT (run_id, key) DO NOTHING", ("@r", runId), ("@k", ""), ("@v", ""));
        foreach (var (key, value) in parameters)
        {
            existing.Parameters["@k"].Value = key;
            var old = (string?)await existing.ExecuteScalarAsync(token);
            if (old is not null && old != value)
            {
                throw RelearnException.Invalid($"parameter '{key}' of run {runId} is already '{old}' and cannot change to '{value}'");
            }
            insert.Parameters["@k"].Value = key;
            insert.Parameters["@v"].Value = value;
            await insert.ExecuteNonQueryAsync(token);
        }
    }

    /// <summary>
    /// Appends metrics with the dialect's batching (one prepared statement reused on SQLite, 500 statements a round trip
    /// on PostgreSQL), then moves each key's latest value forward the same way.
    /// </summary>
    private async Task WriteMetricsAsync(DbConnection c, DbTransaction t, string runId, IEnumerable<MetricPoint> metrics, CancellationToken token)
    {
        var latest = new LatestMetrics();
        // Each point is offered as its row is sent, so a lazy sequence of metrics is read once.
        await Dialect.ExecuteBatchAsync(c, t, "INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES (@r, @k, @v, @s, @t)", MetricParameters,
            metrics.Select(metric =>
            {
                latest.Offer(metric);
                return MetricRow(runId, metric);
            }), token);
        await Dialect.ExecuteBatchAsync(c, t, LatestMetrics.UpsertSql, MetricParameters, latest.Points.Select(metric => MetricRow(runId, metric)), token);
    }

    /// <summary>The parameters of a metric row, in the order <see cref="MetricRow"/> gives their values.</summary>
    private static readonly string[] MetricParameters = ["@r", "@k", "@v", "@s", "@t"];

    private static object?[] MetricRow(string runId, MetricPoint metric) => [runId, metric.Key, metric.Value, metric.Step, metric.Timestamp.ToUnixTimeMilliseconds()];

    private static async Task WriteTagsAsync(DbConnection c, DbTransaction t, string runId, IReadOnlyDictionary<string, string> tags, CancellationToken token)
    {
        if (tags.Count == 0)
        {
            return;
        }
        await using var upsert = Command(c, t,
            "INSERT INTO tags (run_id, key, value) VALUES (@r, @k, @v) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
            ("@r", runId), ("@k", ""), ("@v", ""));
        foreach (var (key, value) in tags)
        {
            upsert.Parameters["@k"].Value = key;
            upsert.Parameters["@v"].Value = value;
            await upsert.ExecuteNonQueryAsync(token);
        }
    }
}
