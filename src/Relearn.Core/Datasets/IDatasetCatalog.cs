namespace Relearn.Core.Datasets;

/// <summary>Dataset versions by name; registering the same content twice returns the existing version.</summary>
public interface IDatasetCatalog
{
    /// <summary>Registers content already stored under <paramref name="digest"/>; idempotent per (name, digest).</summary>
    Task<DatasetVersion> RegisterAsync(string name, string digest, long rowCount, string schema, string source, CancellationToken cancellationToken = default);

    /// <summary>One version (the latest when <paramref name="version"/> is null), or null.</summary>
    Task<DatasetVersion?> GetAsync(string name, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>All versions, newest first.</summary>
    Task<IReadOnlyList<DatasetVersion>> ListAsync(CancellationToken cancellationToken = default);
}
