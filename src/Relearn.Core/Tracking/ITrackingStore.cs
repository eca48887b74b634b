using Relearn.Core.Storage;
using Relearn.Core.Tracking.Search;

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

    /// <summary>Creates an experiment; fails with a conflict when the name is taken.</summary>
    Task<Experiment> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>An experiment with its tags, or null.</summary>
    Task<Experiment?> GetExperimentAsync(long experimentId, CancellationToken cancellationToken = default);

    /// <summary>An experiment with its tags by name, or null.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Experiments matching a filter over <c>name</c>, times and <c>tags.</c>, one page.</summary>
    Task<SearchPage<Experiment>> SearchExperimentsAsync(SearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Renames an experiment; fails with a conflict when the new name is taken.</summary>
    Task RenameExperimentAsync(long experimentId, string newName, CancellationToken cancellationToken = default);

    /// <summary>Marks an experiment deleted or active (<see cref="LifecycleStage"/>).</summary>
    Task SetExperimentLifecycleAsync(long experimentId, string lifecycleStage, CancellationToken cancellationToken = default);

    /// <summary>Sets (overwrites) or, with a null value, removes an experiment tag.</summary>
    Task SetExperimentTagAsync(long experimentId, string key, string? value, CancellationToken cancellationToken = default);

    /// <summary>Starts a run at a given time with initial tags (what an outside client asks for).</summary>
    Task<RunInfo> StartRunAsync(long experimentId, string name, DateTimeOffset? startTime, IReadOnlyDictionary<string, string>? tags,
        CancellationToken cancellationToken = default);

    /// <summary>Changes a run's status, end time or name (each when given) and returns the new header.</summary>
    Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, DateTimeOffset? endTime, string? name, CancellationToken cancellationToken = default);

    /// <summary>Marks a run deleted or active (<see cref="LifecycleStage"/>).</summary>
    Task SetRunLifecycleAsync(string runId, string lifecycleStage, CancellationToken cancellationToken = default);

    /// <summary>Removes a tag; fails with not-found when the run has no such tag.</summary>
    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs metrics (appended), params (immutable; the same value again is fine) and tags (overwritten) in one
    /// transaction: all or nothing.
    /// </summary>
    Task LogBatchAsync(string runId, IReadOnlyCollection<MetricPoint> metrics, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>Runs of the given experiments matching a filter, in order, one page, each with its data.</summary>
    Task<SearchPage<Run>> SearchRunsAsync(IReadOnlyCollection<long> experimentIds, SearchQuery query, CancellationToken cancellationToken = default);
}
