namespace Relearn.Core.Training.Tuning.Distributed;

/// <summary>
/// The shared state of studies whose trials run on many workers: every worker samples from the trials finished
/// so far, claims trial numbers atomically, and holds its trial under a lease it renews. A trial whose lease runs
/// out (its worker died) is handed to the next worker that asks. Lease times are the store's own clock, so workers
/// on machines whose clocks disagree still agree on when a lease ran out.
/// </summary>
public interface IStudyStore
{
    /// <summary>Stores a new study, status running, no trials yet; returns its id.</summary>
    Task<long> CreateStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The study, or null when there is none with that id.</summary>
    Task<StoredStudy?> GetStudyAsync(long studyId, CancellationToken cancellationToken = default);

    /// <summary>Sets the status; claims only succeed while it is running.</summary>
    Task SetStudyStatusAsync(long studyId, StudyStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims, for <paramref name="worker"/>, the lowest-numbered running trial whose lease ran out (a new attempt),
    /// else the next trial number; null when the study is not running or every trial is claimed.
    /// </summary>
    Task<TrialClaim?> ClaimTrialAsync(long studyId, string worker, CancellationToken cancellationToken = default);

    /// <summary>Records the params a worker sampled for its claim; false when the claim was lost.</summary>
    Task<bool> SetTrialParamsAsync(TrialClaim claim, IReadOnlyList<double> encoded, CancellationToken cancellationToken = default);

    /// <summary>Records the tracked child run of the claim's attempt; false when the claim was lost.</summary>
    Task<bool> SetTrialRunAsync(TrialClaim claim, string runId, CancellationToken cancellationToken = default);

    /// <summary>Extends the claim's lease by the study's trial lease; false when the claim was lost.</summary>
    Task<bool> RenewTrialLeaseAsync(TrialClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Ends the claim's lease now, so another worker can take the trial at once (a graceful shutdown).</summary>
    Task ReleaseTrialAsync(TrialClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Records how the trial ended; false when the claim was lost (the result is then dropped).</summary>
    Task<bool> FinishTrialAsync(TrialClaim claim, TrialResult result, CancellationToken cancellationToken = default);

    /// <summary>Every trial of the study, running and finished, by number.</summary>
    Task<IReadOnlyList<StoredTrial>> GetTrialsAsync(long studyId, CancellationToken cancellationToken = default);
}
