using Hangfire;
using Relearn.Core.Training.Tuning.Distributed;

namespace Relearn.Postgres.Workers;

/// <summary>Enqueues tuning trials as Hangfire jobs in the metadata database, for any <c>relearn worker</c> to run.</summary>
public sealed class HangfireTrialDispatcher(IBackgroundJobClient jobs) : ITrialDispatcher
{
    /// <inheritdoc />
    public Task EnqueueTrialsAsync(long studyId, int count, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            jobs.Enqueue<StudyTrialJob>(job => job.RunAsync(studyId, CancellationToken.None));
        }
        return Task.CompletedTask;
    }
}
