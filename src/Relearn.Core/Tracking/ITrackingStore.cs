using Relearn.Core.Storage;

namespace Relearn.Core.Tracking;

/// <summary>Experiments and runs: parameters, metrics with step and time, tags, artifacts.</summary>
public interface ITrackingStore
{
    /// <summary>Returns the experiment with this name, creating it if needed.</summary>
    Task<Experiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Starts a run in an experiment.</summary>
    Task<RunInfo> CreateRunAsync(long experimentId, string name, string? parentRunId = null, CancellationToken cancellationToken = default);

    /// <summary>Logs parameters; a parameter once logged cannot change.</summary>
    Task LogParamsAsync(string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default);

    /// <summary>Appends metric values.</summary>
    Task LogMetricsAsync(string runId, IEnumerable<MetricPoint> metrics, CancellationToken cancellationToken = default);

    /// <summary>Sets tags, overwriting earlier values.</summary>
    Task SetTagsAsync(string runId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>Records that the run read this dataset version.</summary>
    Task LinkDatasetAsync(string runId, string datasetVersion, CancellationToken cancellationToken = default);

    /// <summary>Attaches a stored artifact to the run under a relative name.</summary>
    Task AddArtifactAsync(string runId, string path, ArtifactRef artifact, CancellationToken cancellationToken = default);

    /// <summary>Ends a run with a final status.</summary>
    Task EndRunAsync(string runId, RunStatus status, CancellationToken cancellationToken = default);

    /// <summary>A run with its params, latest metrics, tags and artifacts, or null.</summary>
    Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Runs, newest first, optionally of one experiment.</summary>
    Task<IReadOnlyList<RunInfo>> ListRunsAsync(string? experimentName = null, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Every logged value of one metric, in step then time order.</summary>
    Task<IReadOnlyList<MetricPoint>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);
}
