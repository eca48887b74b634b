using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Runs;

namespace Relearn.Postgres.Workers;

/// <summary>
/// Runs pipeline stages on <c>relearn worker</c> processes: enqueues a <see cref="StageJob"/> in the metadata database and
/// waits for its outcome. A stage that cannot be claimed yet (throttled by its concurrency tag, leased elsewhere) comes
/// back <see cref="StageOutcomeKind.Waiting"/>, and the executor dispatches it again after its poll interval — rather
/// than the job rescheduling itself, because Hangfire moves scheduled jobs to the queue only on its own 15-second poll,
/// and because the coordinator already decides when to ask again. A worker that dies mid-stage stops renewing the
/// attempt's lease; once it runs out (by the store's clock) the attempt is abandoned and the stage is dispatched again,
/// without waiting for Hangfire to re-deliver the dead worker's job (it will, later, and that delivery finds the stage done).
/// </summary>
public sealed class HangfireStageDispatcher(IServiceProvider services, IPipelineStore store, PipelineRunner runner, TimeProvider time,
    ILogger<HangfireStageDispatcher> logger) : IStageDispatcher
{
    // Polls start fast and back off gently (x1.25) to the runner's poll interval: doubling left a short stage waiting up to
    // its own duration again for the next poll (bench/workers/stages.sh).
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);

    /// <inheritdoc />
    public async Task<StageOutcome> DispatchAsync(string runId, string stage, CancellationToken cancellationToken)
    {
        var before = await NewestAttemptAsync(runId, stage, 0, cancellationToken);
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        var jobId = jobs.Enqueue<StageJob>(job => job.RunAsync(runId, stage, CancellationToken.None));
        logger.StageEnqueued(runId, stage, jobId);
        var storage = services.GetRequiredService<JobStorage>();
        var pause = FirstPoll;
        while (true)
        {
            await Task.Delay(pause, time, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 5 / 4, runner.Options.PollInterval.Ticks));
            StateData? state;
            using (var connection = storage.GetConnection())
            {
                state = connection.GetStateData(jobId);
            }
            var sinceDispatch = before?.Id ?? 0;
            if (state?.Name == SucceededState.StateName)
            {
                return await FromResultAsync(runId, stage, state, sinceDispatch, cancellationToken);
            }
            if (state?.Name == FailedState.StateName || state?.Name == DeletedState.StateName)
            {
                var reason = state.Data.TryGetValue("ExceptionMessage", out var message) ? message : state.Reason ?? state.Name;
                logger.StageJobFailed(runId, stage, state.Name, reason);
                return new StageOutcome(stage, StageOutcomeKind.Failed, await NewestAttemptAsync(runId, stage, sinceDispatch, cancellationToken),
                    $"its job failed on a worker: {reason.ReplaceLineEndings(" ")}");
            }
            if (await WorkerLostAsync(runId, stage, sinceDispatch, cancellationToken) is { } lost)
            {
                logger.StageWorkerLost(runId, stage);
                return new StageOutcome(stage, StageOutcomeKind.Waiting, lost, "its worker stopped renewing the lease", ClaimStatus.Leased);
            }
        }
    }

    private async Task<StageOutcome> FromResultAsync(string runId, string stage, StateData state, long sinceDispatch, CancellationToken cancellationToken)
    {
        var result = state.Data.TryGetValue("Result", out var json) ? SerializationHelper.Deserialize<StageJobResult>(json, SerializationOption.User) : null;
        var kind = result is not null && Enum.TryParse<StageOutcomeKind>(result.Kind, out var parsed) ? parsed : StageOutcomeKind.Waiting;
        ClaimStatus? claim = result?.Claim is { } name && Enum.TryParse<ClaimStatus>(name, out var status) ? status : null;
        var attempt = await NewestAttemptAsync(runId, stage, sinceDispatch, cancellationToken);
        return new StageOutcome(stage, kind, attempt, result?.Error, claim);
    }

    /// <summary>
    /// The attempt a dead worker left, when the newest attempt since dispatch is abandoned, or running on a lease that ran out —
    /// which the store's own clock confirms by reaping it.
    /// </summary>
    private async Task<StageAttempt?> WorkerLostAsync(string runId, string stage, long sinceDispatch, CancellationToken cancellationToken)
    {
        var attempt = await NewestAttemptAsync(runId, stage, sinceDispatch, cancellationToken);
        if (attempt is { State: StageState.Running } && attempt.LeaseExpiresAt <= time.GetUtcNow())
        {
            await store.ReapExpiredAsync(cancellationToken);
            attempt = await NewestAttemptAsync(runId, stage, sinceDispatch, cancellationToken);
        }
        return attempt is { State: StageState.Abandoned } ? attempt : null;
    }

    private async Task<StageAttempt?> NewestAttemptAsync(string runId, string stage, long after, CancellationToken cancellationToken) =>
        (await store.GetStageAttemptsAsync(runId, cancellationToken)).Where(a => a.Stage == stage && a.Id > after).MaxBy(a => a.Id);
}
