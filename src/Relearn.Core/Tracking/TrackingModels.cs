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

/// <summary>Lifecycle stages of experiments and runs, as MLflow names them: deleting marks, restoring unmarks.</summary>
public static class LifecycleStage
{
    /// <summary>Not deleted.</summary>
    public const string Active = "active";

    /// <summary>Deleted (still stored, hidden from default searches).</summary>
    public const string Deleted = "deleted";
}

/// <summary>A named group of runs.</summary>
/// <param name="Id">Numeric id (MLflow clients see it as a string).</param>
/// <param name="Name">Unique name.</param>
/// <param name="LifecycleStage"><see cref="Tracking.LifecycleStage.Active"/> or <see cref="Tracking.LifecycleStage.Deleted"/>.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="Tags">Experiment tags (empty when not read).</param>
/// <param name="LastUpdateTime">Last rename, tag or lifecycle change; null when never changed.</param>
public sealed record Experiment(long Id, string Name, string LifecycleStage, DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string>? Tags = null, DateTimeOffset? LastUpdateTime = null);

/// <summary>The header of a run.</summary>
public sealed record RunInfo(
    string RunId,
    long ExperimentId,
    string Name,
    RunStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string? DatasetVersion,
    string? ParentRunId,
    string LifecycleStage = LifecycleStage.Active)
{
    /// <summary>The tag naming a child run's parent (MLflow's convention), written with <see cref="ParentRunId"/>.</summary>
    public const string ParentRunTag = "mlflow.parentRunId";
}

/// <summary>One logged value of a metric.</summary>
public sealed record MetricPoint(string Key, double Value, long Step, DateTimeOffset Timestamp);

/// <summary>An artifact attached to a run under a relative name (e.g. <c>model.zip</c>).</summary>
public sealed record RunArtifact(string Path, string Digest, long Size);

/// <summary>A run with everything logged to it (latest value of each metric).</summary>
/// <param name="Info">The header.</param>
/// <param name="Params">Parameters.</param>
/// <param name="Metrics">Latest value of each metric.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Artifacts">Attached artifacts.</param>
/// <param name="LatestMetrics">The latest point of each metric, with its step and time (what MLflow returns).</param>
public sealed record Run(
    RunInfo Info,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<RunArtifact> Artifacts,
    IReadOnlyList<MetricPoint>? LatestMetrics = null);
