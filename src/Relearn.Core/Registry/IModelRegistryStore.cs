namespace Relearn.Core.Registry;

/// <summary>Persistence for registered models, versions, aliases and the alias audit log.</summary>
public interface IModelRegistryStore
{
    /// <summary>Adds the next version of a model (creating the model on first use).</summary>
    Task<ModelVersion> CreateVersionAsync(string name, string task, string runId, string modelDigest, string? datasetVersion,
        IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default);

    /// <summary>A model, or null.</summary>
    Task<RegisteredModel?> GetModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>All models by name.</summary>
    Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>One version, or null.</summary>
    Task<ModelVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>All versions of a model, newest first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The version an alias points at, or null.</summary>
    Task<int?> GetAliasAsync(string name, string alias, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves an alias and appends the audit entry in one transaction. Fails with a conflict when the alias no
    /// longer points at <paramref name="expectedCurrent"/> (another writer moved it first).
    /// </summary>
    Task<AliasChange> MoveAliasAsync(string name, string alias, int? expectedCurrent, int? newVersion, string action, string actor,
        string? reason, CancellationToken cancellationToken = default);

    /// <summary>Audit entries of a model (optionally one alias), oldest first.</summary>
    Task<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string name, string? alias = null, CancellationToken cancellationToken = default);
}
