using System.Text.Json;
using System.Text.Json.Serialization;
using System.Data.Common;
using Relearn.Core.Registry;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore : IModelRegistryStore
{
    /// <summary>A version's metrics as JSON, NaN and infinities as "NaN"/"Infinity" (MLflow clients can log them; JSON has no literal).</summary>
    private static readonly JsonSerializerOptions MetricsJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private const string VersionColumns = "SELECT name, version, run_id, model_digest, dataset_version, task, metrics, created_at, description, source, last_updated FROM model_versions";

    /// <inheritdoc />
    public Task<ModelVersion> CreateVersionAsync(string name, string task, string runId, string modelDigest, string? datasetVersion,
        IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WriteAsync(async (c, t, token) =>
        {
            var created = Now();
            await using (var model = Command(c, t, "INSERT INTO registered_models (name, task, created_at) VALUES (@n, @task, @t) ON CONFLICT (name) DO NOTHING",
                ("@n", name), ("@task", task), ("@t", created)))
            {
                await model.ExecuteNonQueryAsync(token);
            }
            // A model created empty (through the MLflow API) takes the task of its first version.
            await using (var adopt = Command(c, t, "UPDATE registered_models SET task = @task WHERE name = @n AND task = ''", ("@n", name), ("@task", task)))
            {
                await adopt.ExecuteNonQueryAsync(token);
            }
            await using (var taskCheck = Command(c, t, $"SELECT task FROM registered_models WHERE name = @n{Dialect.ForUpdate}", ("@n", name)))
            {
                var existingTask = (string)(await taskCheck.ExecuteScalarAsync(token))!;
                if (existingTask != task)
                {
                    throw RelearnException.Conflict($"model '{name}' is a {existingTask} model; a {task} run cannot be registered under it");
                }
            }
            await using var insert = Command(c, t,
                """
                INSERT INTO model_versions (name, version, run_id, model_digest, dataset_version, task, metrics, created_at)
                VALUES (@n, (SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = @n), @r, @d, @ds, @task, @m, @t)
                RETURNING version
                """,
                ("@n", name), ("@r", runId), ("@d", modelDigest), ("@ds", datasetVersion), ("@task", task),
                ("@m", JsonSerializer.Serialize(metrics, MetricsJson)), ("@t", created));
            var version = Convert.ToInt32(await insert.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture);
            return new ModelVersion(name, version, runId, modelDigest, datasetVersion, task, metrics, FromMillis(created));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RegisteredModel?> GetModelAsync(string name, CancellationToken cancellationToken = default) =>
        (await ListModelsCoreAsync(name, cancellationToken)).SingleOrDefault();

    /// <inheritdoc />
    public Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        ListModelsCoreAsync(null, cancellationToken);

    private Task<IReadOnlyList<RegisteredModel>> ListModelsCoreAsync(string? name, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RegisteredModel>>(async (c, token) =>
        {
            var aliases = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            await using (var select = Command(c, null, "SELECT name, alias, version FROM model_aliases WHERE CAST(@n AS text) IS NULL OR name = @n ORDER BY alias", ("@n", name)))
            await using (var reader = await select.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    var map = aliases.TryGetValue(reader.GetString(0), out var m) ? m : aliases[reader.GetString(0)] = new(StringComparer.Ordinal);
                    map[reader.GetString(1)] = reader.GetInt32(2);
                }
            }
            var models = new List<RegisteredModel>();
            await using (var select = Command(c, null,
                "SELECT m.name, m.task, m.created_at, COALESCE((SELECT MAX(version) FROM model_versions v WHERE v.name = m.name), 0), m.description, m.last_updated FROM registered_models m WHERE CAST(@n AS text) IS NULL OR m.name = @n ORDER BY m.name",
                ("@n", name)))
            await using (var reader = await select.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    var modelName = reader.GetString(0);
                    models.Add(new RegisteredModel(modelName, reader.GetString(1), FromMillis(reader.GetInt64(2)), reader.GetInt32(3),
                        aliases.TryGetValue(modelName, out var map) ? map : new Dictionary<string, int>(),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : FromMillis(reader.GetInt64(5))));
                }
            }
            return models;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<ModelVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            await using var select = Command(c, null, $"{VersionColumns} WHERE name = @n AND version = @v", ("@n", name), ("@v", version));
            await using var reader = await select.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadVersion(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null, $"{VersionColumns} WHERE name = @n ORDER BY version DESC", ("@n", name)), ReadVersion, token), cancellationToken);

    /// <inheritdoc />
    public Task<int?> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            await using var select = Command(c, null, "SELECT version FROM model_aliases WHERE name = @n AND alias = @a", ("@n", name), ("@a", alias));
            var value = await select.ExecuteScalarAsync(token);
            return value is null ? (int?)null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<AliasChange> MoveAliasAsync(string name, string alias, int? expectedCurrent, int? newVersion, string action, string actor,
        string? reason, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => MoveAliasAsync(c, t, name, alias, expectedCurrent, newVersion, action, actor, reason, token), cancellationToken);

    /// <summary>Moves an alias and appends its audit entry inside the caller's write transaction (rollouts move several at once).</summary>
    private async Task<AliasChange> MoveAliasAsync(DbConnection c, DbTransaction t, string name, string alias, int? expectedCurrent, int? newVersion,
        string action, string actor, string? reason, CancellationToken token)
    {
        int? current;
        await using (var select = Command(c, t, $"SELECT version FROM model_aliases WHERE name = @n AND alias = @a{Dialect.ForUpdate}", ("@n", name), ("@a", alias)))
        {
            var value = await select.ExecuteScalarAsync(token);
            current = value is null ? null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        if (current != expectedCurrent)
        {
            throw RelearnException.Conflict($"{name}@{alias} moved to version {current?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} meanwhile; try again");
        }
        if (newVersion is null)
        {
            await using var delete = Command(c, t, "DELETE FROM model_aliases WHERE name = @n AND alias = @a", ("@n", name), ("@a", alias));
            await delete.ExecuteNonQueryAsync(token);
        }
        else
        {
            await using var upsert = Command(c, t,
                "INSERT INTO model_aliases (name, alias, version) VALUES (@n, @a, @v) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version",
                ("@n", name), ("@a", alias), ("@v", newVersion));
            await upsert.ExecuteNonQueryAsync(token);
        }
        var at = Now();
        await using var audit = Command(c, t,
            "INSERT INTO alias_audit (name, alias, previous_version, new_version, action, actor, reason, at) VALUES (@n, @a, @p, @v, @act, @who, @why, @t) RETURNING id",
            ("@n", name), ("@a", alias), ("@p", current), ("@v", newVersion), ("@act", action), ("@who", actor), ("@why", reason), ("@t", at));
        var id = (long)(await audit.ExecuteScalarAsync(token))!;
        return new AliasChange(id, name, alias, current, newVersion, action, actor, reason, FromMillis(at));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name, string? alias = null, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null,
            "SELECT id, name, alias, previous_version, new_version, action, actor, reason, at FROM alias_audit WHERE name = @n AND (CAST(@a AS text) IS NULL OR alias = @a) ORDER BY id",
            ("@n", name), ("@a", alias)), reader => new AliasChange(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), FromMillis(reader.GetInt64(8))), token), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AliasChange>> ListAliasChangesAsync(string? model, long? beforeId, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null,
            "SELECT id, name, alias, previous_version, new_version, action, actor, reason, at FROM alias_audit "
            + "WHERE (CAST(@m AS text) IS NULL OR name = @m) AND (CAST(@b AS bigint) IS NULL OR id < @b) ORDER BY id DESC LIMIT @l",
            ("@m", model), ("@b", beforeId), ("@l", limit)), ReadAliasChange, token), cancellationToken);

    // A version registered from a source URI may have no run: its RunId reads as "".
    private static ModelVersion ReadVersion(DbDataReader r) => new(
        r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? "" : r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
        JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(6), MetricsJson) ?? [], FromMillis(r.GetInt64(7)),
        r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : FromMillis(r.GetInt64(10)));
}
