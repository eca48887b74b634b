using System.Data.Common;
using Relearn.Core;
using Relearn.Core.Registry;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore
{
    /// <inheritdoc />
    public Task SetModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireModelAsync(c, t, name, token);
            await using var upsert = Command(c, t,
                "INSERT INTO registered_model_tags (name, key, value) VALUES (@n, @k, @v) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value",
                ("@n", name), ("@k", key), ("@v", value));
            await upsert.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteModelTagAsync(string name, string key, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireModelAsync(c, t, name, token);
            await using var delete = Command(c, t, "DELETE FROM registered_model_tags WHERE name = @n AND key = @k", ("@n", name), ("@k", key));
            await delete.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> GetModelTagsAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadTagsAsync(Command(c, null, "SELECT key, value FROM registered_model_tags WHERE name = @n ORDER BY key", ("@n", name)), token),
            cancellationToken);

    /// <inheritdoc />
    public Task SetVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireVersionAsync(c, t, name, version, token);
            await using var upsert = Command(c, t,
                "INSERT INTO model_version_tags (name, version, key, value) VALUES (@n, @v, @k, @x) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value",
                ("@n", name), ("@v", version), ("@k", key), ("@x", value));
            await upsert.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task DeleteVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await RequireVersionAsync(c, t, name, version, token);
            await using var delete = Command(c, t, "DELETE FROM model_version_tags WHERE name = @n AND version = @v AND key = @k",
                ("@n", name), ("@v", version), ("@k", key));
            await delete.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> GetVersionTagsAsync(string name, int version, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadTagsAsync(Command(c, null, "SELECT key, value FROM model_version_tags WHERE name = @n AND version = @v ORDER BY key",
            ("@n", name), ("@v", version)), token), cancellationToken);

    private static async Task<IReadOnlyDictionary<string, string>> ReadTagsAsync(DbCommand command, CancellationToken token)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using (command)
        {
            foreach (var (key, value) in await ReadAllAsync(command, r => (r.GetString(0), r.GetString(1)), token))
            {
                tags[key] = value;
            }
        }
        return tags;
    }

    private static async Task RequireVersionAsync(DbConnection c, DbTransaction t, string name, int version, CancellationToken token)
    {
        await RequireModelAsync(c, t, name, token);
        await using var select = Command(c, t, "SELECT 1 FROM model_versions WHERE name = @n AND version = @v", ("@n", name), ("@v", version));
        if (await select.ExecuteScalarAsync(token) is null)
        {
            throw RelearnException.NotFound($"model '{name}' has no version {version}");
        }
    }
}
