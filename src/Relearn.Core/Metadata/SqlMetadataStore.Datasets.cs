using System.Data.Common;
using Relearn.Core.Datasets;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore : IDatasetCatalog
{
    private const string DatasetColumns = "SELECT name, version, digest, row_count, schema, source, created_at FROM dataset_versions";

    /// <inheritdoc />
    public Task<DatasetVersion> RegisterAsync(string name, string digest, long rowCount, string schema, string source, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WriteAsync(async (c, t, token) =>
        {
            await using (var existing = Command(c, t, $"{DatasetColumns} WHERE name = @n AND digest = @d", ("@n", name), ("@d", digest)))
            await using (var reader = await existing.ExecuteReaderAsync(token))
            {
                if (await reader.ReadAsync(token))
                {
                    return ReadDataset(reader);
                }
            }
            var created = Now();
            await using var insert = Command(c, t,
                """
                INSERT INTO dataset_versions (name, version, digest, row_count, schema, source, created_at)
                VALUES (@n, (SELECT COALESCE(MAX(version), 0) + 1 FROM dataset_versions WHERE name = @n), @d, @rc, @s, @src, @t)
                RETURNING version
                """,
                ("@n", name), ("@d", digest), ("@rc", rowCount), ("@s", schema), ("@src", source), ("@t", created));
            var version = Convert.ToInt32(await insert.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture);
            return new DatasetVersion(name, version, digest, rowCount, schema, source, FromMillis(created));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DatasetVersion?> GetAsync(string name, int? version = null, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            await using var select = version is null
                ? Command(c, null, $"{DatasetColumns} WHERE name = @n ORDER BY version DESC LIMIT 1", ("@n", name))
                : Command(c, null, $"{DatasetColumns} WHERE name = @n AND version = @v", ("@n", name), ("@v", version));
            await using var reader = await select.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? ReadDataset(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DatasetVersion>> ListAsync(CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null, $"{DatasetColumns} ORDER BY created_at DESC, name, version DESC"), ReadDataset, token), cancellationToken);

    private static DatasetVersion ReadDataset(DbDataReader r) =>
        new(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5), FromMillis(r.GetInt64(6)));
}
