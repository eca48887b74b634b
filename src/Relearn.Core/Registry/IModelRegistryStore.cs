using Relearn.Core.Tracking.Search;

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

    /// <summary>
    /// The alias audit log across models (or of one <paramref name="model"/>), newest first, at most <paramref name="limit"/>
    /// entries with ids below <paramref name="beforeId"/> when given: the next page starts before the last id of this one.
    /// </summary>
    Task<IReadOnlyList<AliasChange>> ListAliasChangesAsync(string? model, long? beforeId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Creates a model with no versions yet (its task is set by its first version); conflict when it exists.</summary>
    Task<RegisteredModel> CreateModelAsync(string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>Sets a model's description.</summary>
    Task UpdateModelDescriptionAsync(string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a model and its versions. Fails with a conflict while aliases remain: remove them first with
    /// <see cref="MoveAliasAsync"/>, so each removal is audited.
    /// </summary>
    Task DeleteModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a version that an outside client registered from a source URI (task <see cref="ModelVersion.ExternalTask"/>,
    /// no model digest): recorded, never served. <paramref name="runId"/> is kept when it names a run here.
    /// </summary>
    Task<ModelVersion> CreateExternalVersionAsync(string name, string source, string? runId, string? description, CancellationToken cancellationToken = default);

    /// <summary>Sets a version's description.</summary>
    Task UpdateVersionDescriptionAsync(string name, int version, string? description, CancellationToken cancellationToken = default);

    /// <summary>Deletes a version; fails with a conflict while an alias points at it (move the alias first).</summary>
    Task DeleteVersionAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>Models matching a filter over <c>name</c>, one page.</summary>
    Task<SearchPage<RegisteredModel>> SearchModelsAsync(SearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Versions matching a filter over <c>name</c>, <c>run_id</c>, <c>source</c>, one page.</summary>
    Task<SearchPage<ModelVersion>> SearchVersionsAsync(SearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Sets (overwrites) a registered model's tag; not-found when the model does not exist.</summary>
    Task SetModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Removes a registered model's tag (nothing to do when it has none, as MLflow); not-found when the model does not exist.</summary>
    Task DeleteModelTagAsync(string name, string key, CancellationToken cancellationToken = default);

    /// <summary>A registered model's tags by key (empty when the model has none or does not exist).</summary>
    Task<IReadOnlyDictionary<string, string>> GetModelTagsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets (overwrites) a model version's tag; not-found when the version does not exist.</summary>
    Task SetVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Removes a model version's tag (nothing to do when it has none, as MLflow); not-found when the version does not exist.</summary>
    Task DeleteVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken = default);

    /// <summary>A model version's tags by key (empty when it has none or does not exist).</summary>
    Task<IReadOnlyDictionary<string, string>> GetVersionTagsAsync(string name, int version, CancellationToken cancellationToken = default);
}
