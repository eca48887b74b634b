namespace Relearn.Core.Registry;

/// <summary>A registered model and where its aliases point.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Task">Task kind of its versions; empty until the first version of a model created without one.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="LatestVersion">Highest version number, 0 for none.</param>
/// <param name="Aliases">Alias → version.</param>
/// <param name="Description">Free text, set through the MLflow API.</param>
/// <param name="LastUpdated">Last description change, or null.</param>
public sealed record RegisteredModel(string Name, string Task, DateTimeOffset CreatedAt, int LatestVersion, IReadOnlyDictionary<string, int> Aliases,
    string? Description = null, DateTimeOffset? LastUpdated = null);

/// <summary>One immutable version of a registered model.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Version">1, 2, ... per model.</param>
/// <param name="RunId">The training run that produced it.</param>
/// <param name="ModelDigest">Artifact digest of the serialized model.</param>
/// <param name="DatasetVersion">The dataset version the run trained on (<c>name:version</c>).</param>
/// <param name="Task">Task kind, e.g. <c>text-classification</c>.</param>
/// <param name="Metrics">Evaluation metrics at registration.</param>
/// <param name="CreatedAt">Registration time.</param>
/// <param name="Description">Free text, set through the MLflow API.</param>
/// <param name="Source">Where an outside client said the model is (a URI); null for versions of Relearn runs.</param>
/// <param name="LastUpdated">Last description change, or null.</param>
public sealed record ModelVersion(
    string Name,
    int Version,
    string RunId,
    string ModelDigest,
    string? DatasetVersion,
    string Task,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset CreatedAt,
    string? Description = null,
    string? Source = null,
    DateTimeOffset? LastUpdated = null)
{
    /// <summary>The task of versions registered from a source URI by an outside client: recorded, never served.</summary>
    public const string ExternalTask = "external";

    /// <summary>Whether this version carries a Relearn model package that can be loaded and served.</summary>
    public bool IsServable => Task != ExternalTask && ModelDigest.Length > 0;
}

/// <summary>One entry of the alias audit log.</summary>
public sealed record AliasChange(
    long Id,
    string Model,
    string Alias,
    int? PreviousVersion,
    int? NewVersion,
    string Action,
    string Actor,
    string? Reason,
    DateTimeOffset At);
