namespace Relearn.Core.Training.Tuning;

/// <summary>Where the trials of a study run.</summary>
public enum TrialExecutor
{
    /// <summary>In this process, <see cref="StudyOptions.Parallelism"/> at a time.</summary>
    InProcess,

    /// <summary>
    /// As Hangfire jobs in the PostgreSQL metadata store, run by any number of <c>relearn worker</c> processes; the
    /// trial history is shared through the store (<see cref="Distributed.DistributedStudy"/>).
    /// </summary>
    Hangfire,
}
