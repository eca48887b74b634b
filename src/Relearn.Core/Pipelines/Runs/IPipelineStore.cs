namespace Relearn.Core.Pipelines.Runs;

/// <summary>
/// Durable pipeline state in the metadata store. Leases make it safe with many processes: a stage runs only under a
/// lease taken in one transaction (<see cref="ClaimStageAsync"/>), kept alive by heartbeats, and its result is written
/// only while the lease is still its owner's. A lease that runs out is reclaimed — the old attempt becomes
/// <see cref="StageState.Abandoned"/> — so nothing stays running after its owner dies. Lease expiry is the store's clock.
/// </summary>
public interface IPipelineStore
{
    /// <summary>Records a new run, leased to <paramref name="run"/>'s owner for <paramref name="lease"/>.</summary>
    Task CreatePipelineRunAsync(PipelineRun run, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>A run, or null.</summary>
    Task<PipelineRun?> GetPipelineRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Newest runs first, of one pipeline or all.</summary>
    Task<IReadOnlyList<PipelineRun>> ListPipelineRunsAsync(string? pipeline = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>Every attempt of a run, in order.</summary>
    Task<IReadOnlyList<StageAttempt>> GetStageAttemptsAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the run's coordinator lease when it is free, expired or already <paramref name="owner"/>'s, and marks the run running.
    /// False when another live owner holds it or the run succeeded.
    /// </summary>
    Task<bool> ClaimPipelineRunAsync(string runId, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends the run's lease; false when <paramref name="owner"/> no longer holds it.</summary>
    Task<bool> RenewPipelineRunAsync(string runId, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Ends the run in <paramref name="state"/> and frees its lease; false when <paramref name="owner"/> no longer holds it.</summary>
    Task<bool> EndPipelineRunAsync(string runId, string owner, PipelineRunState state, string? error, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: when the stage is not complete, every upstream stage is complete, no live owner holds the stage
    /// and its concurrency tag is under its limit, marks any expired attempt abandoned and starts a new attempt leased to the claimant.
    /// </summary>
    Task<ClaimResult> ClaimStageAsync(StageClaim claim, CancellationToken cancellationToken = default);

    /// <summary>The heartbeat: extends an attempt's lease; false when <paramref name="owner"/> lost it (it was reclaimed).</summary>
    Task<bool> RenewStageAsync(long attemptId, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Ends an attempt; false (and nothing written) when <paramref name="owner"/> no longer holds it.</summary>
    Task<bool> CompleteStageAsync(long attemptId, string owner, AttemptCompletion completion, CancellationToken cancellationToken = default);

    /// <summary>The newest succeeded (not cached) attempt with this fingerprint, in any run, or null.</summary>
    Task<StageAttempt?> FindCachedStageAsync(string fingerprint, CancellationToken cancellationToken = default);

    /// <summary>The newest complete attempt of <paramref name="stage"/> in any run of <paramref name="pipeline"/>, or null.</summary>
    Task<StageAttempt?> GetLastCompletedStageAsync(string pipeline, string stage, CancellationToken cancellationToken = default);

    /// <summary>Owners holding the run's lease or a running attempt of it.</summary>
    Task<IReadOnlyList<string>> GetLeaseOwnersAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Makes every lease <paramref name="owner"/> holds expire now (its process is provably dead); returns how many.</summary>
    Task<int> ExpireLeasesAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>Marks running attempts whose lease expired abandoned, and running runs whose lease expired interrupted; returns how many rows changed.</summary>
    Task<int> ReapExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that <paramref name="owner"/> starts the <paramref name="occurrence"/> of a schedule; false when another
    /// scheduler (any process sharing the store) already claimed it, so each occurrence starts once.
    /// </summary>
    Task<bool> ClaimScheduleOccurrenceAsync(string pipeline, string schedule, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: claims the <paramref name="occurrence"/> of <paramref name="schedule"/> for the run's pipeline and
    /// owner (as <see cref="ClaimScheduleOccurrenceAsync"/>) and records <paramref name="run"/> (as
    /// <see cref="CreatePipelineRunAsync"/>), so an occurrence is never claimed without its run: a process that dies in
    /// between leaves neither, and the occurrence is still due for the next scheduler. False, and nothing written, when
    /// another scheduler already claimed it.
    /// </summary>
    Task<bool> CreateScheduledPipelineRunAsync(PipelineRun run, TimeSpan lease, string schedule, DateTimeOffset occurrence, CancellationToken cancellationToken = default);

    /// <summary>The newest claimed occurrence of a schedule, or null when it never ran.</summary>
    Task<DateTimeOffset?> GetLastScheduleOccurrenceAsync(string pipeline, string schedule, CancellationToken cancellationToken = default);
}
