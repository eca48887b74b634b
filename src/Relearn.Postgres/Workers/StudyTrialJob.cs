using Hangfire;
using Relearn.Core.Training.Tuning.Distributed;

namespace Relearn.Postgres.Workers;

/// <summary>The Hangfire job behind one tuning trial: whichever worker dequeues it claims and runs one trial of the study.</summary>
public sealed class StudyTrialJob(StudyTrialRunner runner)
{
    /// <summary>
    /// Runs one trial of <paramref name="studyId"/>, or nothing when every trial is taken. Hangfire passes its shutdown
    /// token: a worker stopping gracefully hands the trial back and the job goes back to the queue.
    /// </summary>
    [JobDisplayName("tuning trial of study {0}")]
    [AutomaticRetry(Attempts = 3)]
    public Task RunAsync(long studyId, CancellationToken cancellationToken) =>
        runner.RunOneAsync(studyId, WorkerIdentity.Current, cancellationToken);
}
