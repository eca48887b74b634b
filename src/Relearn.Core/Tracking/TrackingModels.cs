namespace Relearn.Core.Tracking;

/// <summary>Lifecycle of a run, as MLflow names it.</summary>
public enum RunStatus
{
    /// <summary>Started, not finished.</summary>
    Running,
    /// <summary>Finished successfully.</summary>
    Finished,
    /// <summary>Finished with an error.</summary>
    Failed,
    /// <summary>Stopped by a user.</summary>
    Killed,
}

/// <summary>A named group of runs.</summary>
public sealed record Experiment(long Id, string Name, string LifecycleStage, DateTimeOffset CreatedAt);

/// <summary>The header of a run.</summary>
public sealed record RunInfo(
    string RunId,
    long ExperimentId,
    string Name,
    RunStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string? DatasetVersion,
    string? ParentRunId);

/// <summary>One logged value of a metric.</summary>
public sealed record MetricPoint(string Key, double Value, long Step, DateTimeOffset Timestamp);

/// <summary>An artifact attached to a run under a relative name (e.g. <c>model.zip</c>).</summary>
public sealed record RunArtifact(string Path, string Digest, long Size);

/// <summary>A run with everything logged to it (latest value of each metric).</summary>
public sealed record Run(
    RunInfo Info,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<RunArtifact> Artifacts);
