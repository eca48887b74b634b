using System.Data.Common;
using Relearn.Core.Registry;
using Relearn.Core.Tracking.Search;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore
{
    /// <inheritdoc />
    public Task<RegisteredModel> CreateModelAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(name, "model name");
        return WriteAsync(async (c, t, token) =>
        {
            var now = Now();
            await using var insert = Command(c, t, "INSERT INTO registered_models (name, task, created_at, description, last_updated) VALUES (@n, '', @t, @d, @t) ON CONFLICT (name) DO NOTHING",
                ("@n", name), ("@t", now), ("@d", description));
            if (await insert.ExecuteNonQueryAsync(token) == 0)
            {
                throw RelearnException.Conflict($"registered model '{name}' already exists");
            }
            return new RegisteredModel(name, "", FromMillis(now), 0, new Dictionary<string, int>(), description, FromMillis(now));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateModelDescriptionAsync(string name, string? description, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await using var update = Command(c, t, "UPDATE registered_models SET description = @d, last_updated = @t WHERE name = @n", ("@d", description), ("@t", Now()), ("@n", name));
            if (await update.ExecuteNonQueryAsync(token) == 0)
            {
                throw RelearnException.NotFound($"model '{name}' does not exist");
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteModelAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireModelAsync(c, t, name, token);
            await using (var aliases = Command(c, t, "SELECT COUNT(*) FROM model_aliases WHERE name = @n", ("@n", name)))
            {
                if ((long)(await aliases.ExecuteScalarAsync(token))! > 0)
                {
                    throw RelearnException.Conflict($"model '{name}' still has aliases; remove them first");
                }
            }
            await using var delete = Command(c, t, "DELETE FROM model_version_tags WHERE name = @n; DELETE FROM registered_model_tags WHERE name = @n; "
                + "DELETE FROM model_versions WHERE name = @n; DELETE FROM registered_models WHERE name = @n;", ("@n", name));
            await delete.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<ModelVersion> CreateExternalVersionAsync(string name, string source, string? runId, string? description, CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(name, "model name");
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return WriteAsync(async (c, t, token) =>
        {
            var now = Now();
            await using (var model = Command(c, t, "INSERT INTO registered_models (name, task, created_at) VALUES (@n, @task, @t) ON CONFLICT (name) DO NOTHING",
                ("@n", name), ("@task", ModelVersion.ExternalTask), ("@t", now)))
            {
                await model.ExecuteNonQueryAsync(token);
            }
            await using (var adopt = Command(c, t, "UPDATE registered_models SET task = @task WHERE name = @n AND task = ''", ("@n", name), ("@task", ModelVersion.ExternalTask)))
            {
                await adopt.ExecuteNonQueryAsync(token);
            }
            await using (var taskCheck = Command(c, t, $"SELECT task FROM registered_models WHERE name = @n{Dialect.ForUpdate}", ("@n", name)))
            {
                var existingTask = (string)(await taskCheck.ExecuteScalarAsync(token))!;
                if (existingTask != ModelVersion.ExternalTask)
                {
                    throw RelearnException.Conflict($"model '{name}' holds Relearn {existingTask} models; register a version from a Relearn run (run_id), not a source URI");
                }
            }
            string? knownRun = null;
            if (runId is not null)
            {
                await using var run = Command(c, t, "SELECT run_id FROM runs WHERE run_id = @r", ("@r", runId));
                knownRun = await run.ExecuteScalarAsync(token) as string;
            }
            await using var insert = Command(c, t,
                """
                INSERT INTO model_versions (name, version, run_id, model_digest, task, metrics, created_at, description, source)
                VALUES (@n, (SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = @n), @r, '', @task, '{}', @t, @d, @s)
                RETURNING version
                """,
                ("@n", name), ("@r", knownRun), ("@task", ModelVersion.ExternalTask), ("@t", now), ("@d", description), ("@s", source));
            var version = Convert.ToInt32(await insert.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture);
            return new ModelVersion(name, version, knownRun ?? "", "", null, ModelVersion.ExternalTask, new Dictionary<string, double>(), FromMillis(now), description, source);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateVersionDescriptionAsync(string name, int version, string? description, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await using var update = Command(c, t, "UPDATE model_versions SET description = @d, last_updated = @t WHERE name = @n AND version = @v",
                ("@d", description), ("@t", Now()), ("@n", name), ("@v", version));
            if (await update.ExecuteNonQueryAsync(token) == 0)
            {
                throw RelearnException.NotFound($"model '{name}' has no version {version}");
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await using (var aliases = Command(c, t, "SELECT string_agg(alias, ', ' ORDER BY alias) FROM model_aliases WHERE name = @n AND version = @v", ("@n", name), ("@v", version)))
            {
                if (await aliases.ExecuteScalarAsync(token) is string held)
                {
                    throw RelearnException.Conflict($"{name} version {version} is held by alias(es) {held}; move them first");
                }
            }
            await using (var tags = Command(c, t, "DELETE FROM model_version_tags WHERE name = @n AND version = @v", ("@n", name), ("@v", version)))
            {
                await tags.ExecuteNonQueryAsync(token);
            }
            await using var delete = Command(c, t, "DELETE FROM model_versions WHERE name = @n AND version = @v", ("@n", name), ("@v", version));
            if (await delete.ExecuteNonQueryAsync(token) == 0)
            {
                throw RelearnException.NotFound($"model '{name}' has no version {version}");
            }
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<SearchPage<RegisteredModel>> SearchModelsAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        var names = await ReadAsync(async (c, token) =>
        {
            var sql = new SearchSql(Dialect, ModelColumn);
            var where = sql.Where(query.Filter);
            var order = sql.OrderBy(query.OrderBy, "m.name");
            return await ReadAllAsync(Command(c, null, $"SELECT m.name FROM registered_models m WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset",
                [.. sql.Parameters, ("@limit", query.MaxResults + 1), ("@offset", query.Offset)]), r => r.GetString(0), token);
        }, cancellationToken);
        var models = new List<RegisteredModel>();
        foreach (var name in names.Take(query.MaxResults))
        {
            if (await GetModelAsync(name, cancellationToken) is { } model)
            {
                models.Add(model);
            }
        }
        return new SearchPage<RegisteredModel>(models, names.Count > query.MaxResults ? SearchPageToken.Encode(query.Offset + query.MaxResults) : null);
    }

    /// <inheritdoc />
    public Task<SearchPage<ModelVersion>> SearchVersionsAsync(SearchQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            var sql = new SearchSql(Dialect, VersionColumn);
            var where = sql.Where(query.Filter);
            var order = sql.OrderBy(query.OrderBy, "name, version DESC");
            var rows = await ReadAllAsync(Command(c, null, $"{VersionColumns} WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset",
                [.. sql.Parameters, ("@limit", query.MaxResults + 1), ("@offset", query.Offset)]), ReadVersion, token);
            return new SearchPage<ModelVersion>([.. rows.Take(query.MaxResults)],
                rows.Count > query.MaxResults ? SearchPageToken.Encode(query.Offset + query.MaxResults) : null);
        }, cancellationToken);

    private static string ModelColumn(SearchSql sql, SearchEntity entity, string key) => key switch
    {
        "name" => "m.name",
        "creation_timestamp" => "m.created_at",
        "last_updated_timestamp" => "COALESCE(m.last_updated, m.created_at)",
        _ => throw RelearnException.Invalid($"registered models cannot be searched by '{key}'"),
    };

    private static string VersionColumn(SearchSql sql, SearchEntity entity, string key) => key switch
    {
        "name" => "name",
        "run_id" => "run_id",
        "source" => "source",
        "version_number" => "version",
        "creation_timestamp" => "created_at",
        _ => throw RelearnException.Invalid($"model versions cannot be searched by '{key}'"),
    };

    private static async Task RequireModelAsync(DbConnection c, DbTransaction t, string name, CancellationToken token)
    {
        await using var select = Command(c, t, "SELECT 1 FROM registered_models WHERE name = @n", ("@n", name));
        if (await select.ExecuteScalarAsync(token) is null)
        {
            throw RelearnException.NotFound($"model '{name}' does not exist");
        }
    }
}
