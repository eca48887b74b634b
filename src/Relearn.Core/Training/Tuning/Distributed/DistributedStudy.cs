namespace Relearn.Core.Training.Tuning.Distributed;

/// <summary>
/// The coordinating side of a study whose trials run on workers: writes the study to the store, enqueues one trial
/// job per trial, and polls the store until every trial finished, enqueuing one more job for each trial whose
/// worker died (its lease ran out). Workers do the sampling, the pruning and the objective; this only waits.
/// </summary>
public sealed class DistributedStudy(IStudyStore store, ITrialDispatcher dispatcher, TimeProvider time)
{
    /// <summary>How often the store is polled while trials run.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Stores the study; no trial runs until <see cref="WaitAsync"/> enqueues them.</summary>
    public Task<long> CreateAsync(StudyDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        return store.CreateStudyAsync(definition, cancellationToken);
    }

    /// <summary>
    /// Enqueues the trials of <paramref name="studyId"/> and waits for all of them. <paramref name="finished"/> hears the
    /// count of finished trials whenever it grows. When this fails or is cancelled, the study is stopped: workers
    /// claim no more of its trials.
    /// </summary>
    /// <exception cref="StudyFailedException">Every trial finished, none complete.</exception>
    public async Task<StudyResult> WaitAsync(long studyId, SearchSpace space, IProgress<int>? finished = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        var enqueued = 0;
        var reported = -1;
        try
        {
            while (true)
            {
                var study = await store.GetStudyAsync(studyId, cancellationToken) ?? throw new InvalidOperationException($"study {studyId} is not in the store");
                var definition = study.Definition;
                var trials = await store.GetTrialsAsync(studyId, cancellationToken);
                // Each job claims at most one trial. Keeping as many jobs as units of work (every trial, plus every
                // attempt lost to a dead worker, taken again or waiting) leaves none without a job; spare jobs end at once.
                var needed = definition.Trials + study.Reclaims + trials.Count(t => t.State is null && t.LeaseExpired);
                if (needed > enqueued)
                {
                    await dispatcher.EnqueueTrialsAsync(studyId, needed - enqueued, cancellationToken);
                    enqueued = needed;
                }
                var done = trials.Count(t => t.State is not null);
                if (done != reported)
                {
                    finished?.Report(done);
                    reported = done;
                }
                if (done == definition.Trials)
                {
                    await store.SetStudyStatusAsync(studyId, StudyStatus.Finished, cancellationToken);
                    return Study.Result(definition.Direction, [.. trials.Select(t => t.ToResult(space))]);
                }
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
        catch (Exception e) when (e is not StudyFailedException)
        {
            await StopAsync(studyId);
            throw;
        }
    }

    private async Task StopAsync(long studyId)
    {
        try
        {
            await store.SetStudyStatusAsync(studyId, StudyStatus.Stopped, CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or TimeoutException)
        {
            // The store is what failed: the study stays "running", its trials are claimed by whoever asks, and no one waits for them.
        }
    }
}
