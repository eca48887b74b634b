using Relearn.Core.Datasets;

namespace Relearn.Core.Training;

/// <summary>What a finished training run produced.</summary>
/// <param name="RunId">The tracked run.</param>
/// <param name="Dataset">The dataset version it read.</param>
/// <param name="ModelDigest">Artifact digest of the model package.</param>
/// <param name="Metrics">Test-split metrics.</param>
public sealed record TrainingResult(string RunId, DatasetVersion Dataset, string ModelDigest, IReadOnlyDictionary<string, double> Metrics);
