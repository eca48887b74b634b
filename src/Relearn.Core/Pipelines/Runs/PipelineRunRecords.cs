using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Pipelines.Runs;

/// <summary>Where a pipeline run stands.</summary>
public enum PipelineRunState
{
    /// <summary>A coordinator holds its lease and is running stages.</summary>
    Running,
    /// <summary>Every stage succeeded or was cached.</summary>
    Succeeded,
    /// <summary>A stage failed after its retries, or an alert fired.</summary>
    Failed,
    /// <summary>Its coordinator stopped (killed, cancelled, machine lost) before the end; <c>--resume</c> continues it.</summary>
    Interrupted,
}

/// <summary>Where one stage attempt stands.</summary>
public enum StageState
{
    /// <summary>Leased by a live owner and executing.</summary>
    Running,
    /// <summary>Ran and finished.</summary>
    Succeeded,
    /// <summary>Ran and failed (its error and log are kept), or breached an alert.</summary>
    Failed,
    /// <summary>Skipped: an earlier attempt with the same fingerprint produced the outputs it records.</summary>
    Cached,
    /// <summary>Its owner stopped heartbeating; the lease expired and the stage was reclaimed.</summary>
    Abandoned,
}

/// <summary>A pipeline run: what it runs (the definition by digest in the artifact store, params, project folder) and its state.</summary>
/// <param name="Id">Run id (32 hex).</param>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="DefinitionDigest">Digest of the pipeline file's text in the artifact store: any worker reads the same definition.</param>
/// <param name="ProjectFolder">Folder relative inputs and outputs live in.</param>
/// <param name="Params">Resolved params.</param>
/// <param name="Forced">Stages forced to run even when cached.</param>
/// <param name="State">Run state.</param>
/// <param name="Trigger">What started it: <c>cli</c>, <c>quickstart</c>, <c>schedule</c>, <c>http</c>.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="LeaseOwner">The coordinator holding it.</param>
/// <param name="LeaseExpiresAt">When the coordinator's lease runs out unless renewed.</param>
/// <param name="CreatedAt">Start.</param>
/// <param name="EndedAt">End, when ended.</param>
public sealed record PipelineRun(string Id, string Pipeline, string DefinitionDigest, string ProjectFolder, IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<string> Forced, PipelineRunState State, string Trigger, string? Error, string? LeaseOwner, DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset CreatedAt, DateTimeOffset? EndedAt);

/// <summary>One attempt of one stage in one run.</summary>
public sealed record StageAttempt(long Id, string RunId, string Stage, int Attempt, StageState State, string? ConcurrencyTag, string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt, DateTimeOffset? HeartbeatAt, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Fingerprint,
    string? FingerprintDetail, IReadOnlyDictionary<string, StageOutput> Outputs, IReadOnlyDictionary<string, double> Metrics, string? Error,
    string? LogDigest, string? CachedFromRun)
{
    /// <summary>True when the stage is done in its run (succeeded or cached).</summary>
    public bool IsComplete => State is StageState.Succeeded or StageState.Cached;

    /// <summary>How long it ran, when it ended.</summary>
    public TimeSpan? Duration => EndedAt - StartedAt;
}

/// <summary>A request to run <paramref name="Stage"/> of <paramref name="RunId"/>: ready only when every upstream stage is complete.</summary>
public sealed record StageClaim(string RunId, string Stage, IReadOnlyList<string> Upstream, string Owner, TimeSpan Lease, string? ConcurrencyTag, int ConcurrencyLimit);

/// <summary>The answer to a <see cref="StageClaim"/>.</summary>
public enum ClaimStatus
{
    /// <summary>A new attempt is ours (<see cref="ClaimResult.Attempt"/>).</summary>
    Claimed,
    /// <summary>The stage already succeeded or was cached in this run: nothing to do.</summary>
    Complete,
    /// <summary>An upstream stage is not complete yet.</summary>
    NotReady,
    /// <summary>Another live owner holds the stage.</summary>
    Leased,
    /// <summary>The concurrency tag's limit is reached by live attempts (in any run, any process).</summary>
    Throttled,
    /// <summary>The run is not running (it ended, or was interrupted and not resumed).</summary>
    RunNotRunning,
}

/// <summary>A claim's status and, when claimed, the new attempt.</summary>
public sealed record ClaimResult(ClaimStatus Status, StageAttempt? Attempt = null);

/// <summary>How an attempt ended, written only while its owner still holds the lease.</summary>
public sealed record AttemptCompletion(StageState State, string? Fingerprint, string? FingerprintDetail, IReadOnlyDictionary<string, StageOutput> Outputs,
    IReadOnlyDictionary<string, double> Metrics, string? Error, string? LogDigest, string? CachedFromRun = null);
