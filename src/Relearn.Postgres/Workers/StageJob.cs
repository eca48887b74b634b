using Hangfire;
using Relearn.Core.Pipelines;

namespace Relearn.Postgres.Workers;

/// <summary>What a stage job came to, kept by Hangfire as the job's result for the coordinator to read.</summary>
/// <param name="Kind">The <see cref="StageOutcomeKind"/>, by name.</param>
/// <param name="Error">Why the stage failed, when it did.</param>
/// <param name="Claim">The claim's answer, when the stage could not be claimed.</param>
public sealed record StageJobResult(string Kind, string? Error, string? Claim);

/// <summary>
/// The Hangfire job behind one pipeline stage: whichever worker dequeues it runs <see cref="PipelineRunner.RunStageAsync"/>
/// — claim under a lease, cache check, step with retries and timeout, record. Hangfire delivers a job at least once; a
/// second delivery finds the stage complete or leased by a live owner and ends at once, so running it twice is harmless.
/// </summary>
public sealed class StageJob(PipelineRunner runner)
{
    /// <summary>
    /// Runs stage <paramref name="stage"/> of <paramref name="runId"/>. Hangfire passes its shutdown token: a worker stopping
    /// gracefully marks the attempt abandoned, and the job goes back to the queue for another worker.
    /// </summary>
    [JobDisplayName("pipeline stage {1} of run {0}")]
    // Retries are the stage's own (retries: in the file); a job that throws is reported to the coordinator, not retried blindly.
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<StageJobResult> RunAsync(string runId, string stage, CancellationToken cancellationToken)
    {
        var outcome = await runner.RunStageAsync(runId, stage, cancellationToken);
        return new StageJobResult(outcome.Kind.ToString(), outcome.Error, outcome.Claim?.ToString());
    }
}
