using System.Data.Common;
using Relearn.Core.Tracking;
using Relearn.Core.Tracking.Search;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore
{
    private const string ExperimentColumns = "SELECT e.id, e.name, e.lifecycle_stage, e.created_at, e.last_update_time FROM experiments e";

    /// <inheritdoc />
    public Task<Experiment> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WriteAsync(async (c, t, token) =>
        {
            if (await FindExperimentIdAsync(c, t, name, token) is not null)
            {
                throw RelearnException.Conflict($"experiment '{name}' already exists");
            }
            var now = Now();
            await using var insert = Command(c, t, "INSERT INTO experiments (name, created_at) VALUES (@n, @t) RETURNING id", ("@n", name), ("@t", now));
            var id = (long)(await insert.ExecuteScalarAsync(token))!;
            foreach (var (key, value) in tags ?? new Dictionary<string, string>())
            {
                await UpsertExperimentTagAsync(c, t, id, key, value, token);
            }
            return new Experiment(id, name, LifecycleStage.Active, FromMillis(now), tags ?? new Dictionary<string, string>());
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Experiment?> GetExperimentAsync(long experimentId, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadExperimentAsync(c, "WHERE e.id = @v", experimentId, token), cancellationToken);

    /// <inheritdoc />
    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadExperimentAsync(c, "WHERE e.name = @v", name, token), cancellationToken);

    /// <inheritdoc />
    public Task<SearchPage<Experiment>> SearchExperimentsAsync(SearchQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            var sql = new SearchSql(Dialect, ExperimentColumn);
            var where = sql.Where(query.Filter);
            var order = sql.OrderBy(query.OrderBy, "e.created_at DESC, e.id DESC");
            var view = ViewCondition("e.lifecycle_stage", query.View);
            var select = Command(c, null, $"{ExperimentColumns} WHERE {view} AND {where} ORDER BY {order} LIMIT @limit OFFSET @offset",
                [.. sql.Parameters, ("@limit", query.MaxResults + 1), ("@offset", query.Offset)]);
            var rows = await ReadAllAsync(select, ReadExperimentRow, token);
            var page = new List<Experiment>();
            foreach (var row in rows.Take(query.MaxResults))
            {
                page.Add(row with { Tags = await ReadExperimentTagsAsync(c, row.Id, token) });
            }
            return new SearchPage<Experiment>(page, rows.Count > query.MaxResults ? SearchPageToken.Encode(query.Offset + query.MaxResults) : null);
        }, cancellationToken);

    /// <inheritdoc />
    public Task RenameExperimentAsync(long experimentId, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newName);
        return WriteAsync(async (c, t, token) =>
        {
            await RequireExperimentAsync(c, t, experimentId, token);
            var holder = await FindExperimentIdAsync(c, t, newName, token);
            if (holder is not null && holder != experimentId)
            {
                throw RelearnException.Conflict($"experiment '{newName}' already exists");
            }
            await using var update = Command(c, t, "UPDATE experiments SET name = @n, last_update_time = @t WHERE id = @id", ("@n", newName), ("@t", Now()), ("@id", experimentId));
            await update.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetExperimentLifecycleAsync(long experimentId, string lifecycleStage, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireExperimentAsync(c, t, experimentId, token);
            await using var update = Command(c, t, "UPDATE experiments SET lifecycle_stage = @s, last_update_time = @t WHERE id = @id",
                ("@s", RequireStage(lifecycleStage)), ("@t", Now()), ("@id", experimentId));
            await update.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task SetExperimentTagAsync(long experimentId, string key, string? value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return WriteAsync(async (c, t, token) =>
        {
            await RequireExperimentAsync(c, t, experimentId, token);
            if (value is null)
            {
                await using var delete = Command(c, t, "DELETE FROM experiment_tags WHERE experiment_id = @e AND key = @k", ("@e", experimentId), ("@k", key));
                await delete.ExecuteNonQueryAsync(token);
            }
            else
            {
                await UpsertExperimentTagAsync(c, t, experimentId, key, value, token);
            }
            await using var touch = Command(c, t, "UPDATE experiments SET last_update_time = @t WHERE id = @id", ("@t", Now()), ("@id", experimentId));
            await touch.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    private static string ExperimentColumn(SearchSql sql, SearchEntity entity, string key) => entity switch
    {
        SearchEntity.Tag => $"(SELECT et.value FROM experiment_tags et WHERE et.experiment_id = e.id AND et.key = {sql.Parameter(key)})",
        _ => key switch
        {
            "name" => "e.name",
            "creation_time" => "e.created_at",
            "last_update_time" => "COALESCE(e.last_update_time, e.created_at)",
            "experiment_id" => "e.id",
            _ => throw RelearnException.Invalid($"experiments cannot be searched by '{key}'"),
        },
    };

    private static string ViewCondition(string column, ViewType view) => view switch
    {
        ViewType.ActiveOnly => $"{column} = 'active'",
        ViewType.DeletedOnly => $"{column} = 'deleted'",
        _ => "TRUE",
    };

    private static string RequireStage(string stage) =>
        stage is LifecycleStage.Active or LifecycleStage.Deleted ? stage : throw RelearnException.Invalid($"'{stage}' is not a lifecycle stage (active or deleted)");

    private async Task<Experiment?> ReadExperimentAsync(DbConnection c, string where, object value, CancellationToken token)
    {
        var rows = await ReadAllAsync(Command(c, null, $"{ExperimentColumns} {where}", ("@v", value)), ReadExperimentRow, token);
        return rows.Count == 0 ? null : rows[0] with { Tags = await ReadExperimentTagsAsync(c, rows[0].Id, token) };
    }

    private static Experiment ReadExperimentRow(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), FromMillis(r.GetInt64(3)), null, r.IsDBNull(4) ? null : FromMillis(r.GetInt64(4)));

    private static async Task<IReadOnlyDictionary<string, string>> ReadExperimentTagsAsync(DbConnection c, long id, CancellationToken token)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var select = Command(c, null, "SELECT key, value FROM experiment_tags WHERE experiment_id = @e ORDER BY key", ("@e", id));
        await using var reader = await select.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
        {
            tags[reader.GetString(0)] = reader.GetString(1);
        }
        return tags;
    }

    private static async Task UpsertExperimentTagAsync(DbConnection c, DbTransaction t, long id, string key, string value, CancellationToken token)
    {
        await using var upsert = Command(c, t,
            "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@e, @k, @v) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value",
            ("@e", id), ("@k", key), ("@v", value));
        await upsert.ExecuteNonQueryAsync(token);
    }

    private static async Task<long?> FindExperimentIdAsync(DbConnection c, DbTransaction t, string name, CancellationToken token)
    {
        await using var select = Command(c, t, "SELECT id FROM experiments WHERE name = @n", ("@n", name));
        return await select.ExecuteScalarAsync(token) as long?;
    }

    private static async Task RequireExperimentAsync(DbConnection c, DbTransaction? t, long id, CancellationToken token)
    {
        await using var select = Command(c, t, "SELECT 1 FROM experiments WHERE id = @id", ("@id", id));
        if (await select.ExecuteScalarAsync(token) is null)
        {
            throw RelearnException.NotFound($"experiment {id} does not exist");
        }
    }
}
