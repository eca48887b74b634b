using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Relearn.Core.Training.Tuning.Distributed;

namespace Relearn.Postgres.Workers;

/// <summary>
/// Enqueues tuning trials as Hangfire jobs in the metadata database, for any <c>relearn worker</c> to run. Hangfire's
/// client is resolved on first use, so a command that never enqueues never touches Hangfire's schema.
/// </summary>
public sealed class HangfireTrialDispatcher(IServiceProvider services) : ITrialDispatcher
{
    /// <inheritdoc />
    public Task EnqueueTrialsAsync(long studyId, int count, CancellationToken cancellationToken = default)
    {
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            jobs.Enqueue<StudyTrialJob>(job => job.RunAsync(studyId, CancellationToken.None));
        }
        return Task.CompletedTask;
    }
}
