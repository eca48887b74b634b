namespace Relearn.Core.Pipelines;

/// <summary>
/// Where "claim and execute one stage of run R" happens. The default runs it in this process
/// (<see cref="InProcessStageDispatcher"/>); a queue-backed dispatcher (Hangfire) enqueues the same unit of work,
/// <see cref="PipelineRunner.RunStageAsync"/>, for worker processes and reports its outcome. Either way the claim,
/// leases and results live in the store, so the executor only decides what is ready.
/// </summary>
public interface IStageDispatcher
{
    /// <summary>Runs (or has a worker run) <paramref name="stage"/> of <paramref name="runId"/> and returns its outcome.</summary>
    Task<StageOutcome> DispatchAsync(string runId, string stage, CancellationToken cancellationToken);
}

/// <summary>Runs stages in this process.</summary>
public sealed class InProcessStageDispatcher(PipelineRunner runner) : IStageDispatcher
{
    /// <inheritdoc />
    public Task<StageOutcome> DispatchAsync(string runId, string stage, CancellationToken cancellationToken) =>
        Task.Run(() => runner.RunStageAsync(runId, stage, cancellationToken), cancellationToken);
}
