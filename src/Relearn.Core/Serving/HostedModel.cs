using Relearn.Core.Models;
using Relearn.Core.Registry;

namespace Relearn.Core.Serving;

/// <summary>A loaded, ready-to-score model version.</summary>
public sealed record HostedModel(ModelVersion Version, IServableModel Model);
