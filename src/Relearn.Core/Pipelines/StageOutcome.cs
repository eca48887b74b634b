using Relearn.Core.Pipelines.Runs;

namespace Relearn.Core.Pipelines;

/// <summary>What one call to run a stage came to.</summary>
public enum StageOutcomeKind
{
    /// <summary>The step ran and its attempt succeeded.</summary>
    Succeeded,
    /// <summary>Outputs reused from an earlier attempt with the same fingerprint.</summary>
    Cached,
    /// <summary>The step failed on its last allowed attempt.</summary>
    Failed,
    /// <summary>The step ran but a metric breached an alert: the run fails red.</summary>
    Alerted,
    /// <summary>The stage was already complete in this run.</summary>
    AlreadyComplete,
    /// <summary>Not claimable now (upstream not complete, leased by a live owner, throttled): ask again later.</summary>
    Waiting,
    /// <summary>The run is not running any more.</summary>
    RunStopped,
}

/// <summary>The outcome of running one stage, with the last attempt when there was one.</summary>
public sealed record StageOutcome(string Stage, StageOutcomeKind Kind, StageAttempt? Attempt = null, string? Error = null, ClaimStatus? Claim = null);
