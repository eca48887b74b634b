using Relearn.Core.Datasets;
using Relearn.Core.Tracking;

namespace Relearn.Core.Registry;

/// <summary>Where a model version came from: version → run → dataset version.</summary>
public sealed record ModelLineage(ModelVersion Version, IReadOnlyList<string> Aliases, Run? Run, DatasetVersion? Dataset);
