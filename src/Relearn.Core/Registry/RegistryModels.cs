namespace Relearn.Core.Registry;

/// <summary>A registered model and where its aliases point.</summary>
public sealed record RegisteredModel(string Name, string Task, DateTimeOffset CreatedAt, int LatestVersion, IReadOnlyDictionary<string, int> Aliases);

/// <summary>One immutable version of a registered model.</summary>
/// <param name="Name">Model name.</param>
/// <param name="Version">1, 2, ... per model.</param>
/// <param name="RunId">The training run that produced it.</param>
/// <param name="ModelDigest">Artifact digest of the serialized model.</param>
/// <param name="DatasetVersion">The dataset version the run trained on (<c>name:version</c>).</param>
/// <param name="Task">Task kind, e.g. <c>text-classification</c>.</param>
/// <param name="Metrics">Evaluation metrics at registration.</param>
/// <param name="CreatedAt">Registration time.</param>
public sealed record ModelVersion(
    string Name,
    int Version,
    string RunId,
    string ModelDigest,
    string? DatasetVersion,
    string Task,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset CreatedAt);

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
