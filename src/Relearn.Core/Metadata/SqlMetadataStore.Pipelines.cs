using Relearn.Core.Pipelines.Runs;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore : IPipelineStore
{
    /// <inheritdoc />
    public Task CreatePipelineRunAsync(PipelineRun run, TimeSpan lease, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.CreateRunAsync(c, t, run, Now(), lease, token), cancellationToken);

    /// <inheritdoc />
    public Task<PipelineRun?> GetPipelineRunAsync(string runId, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => PipelineStoreSql.GetRunAsync(c, null, runId, token), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PipelineRun>> ListPipelineRunsAsync(string? pipeline = null, int limit = 50, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => PipelineStoreSql.ListRunsAsync(c, pipeline, limit, token), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StageAttempt>> GetStageAttemptsAsync(string runId, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => PipelineStoreSql.GetAttemptsAsync(c, null, runId, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> ClaimPipelineRunAsync(string runId, string owner, TimeSpan lease, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.ClaimRunAsync(c, t, runId, owner, lease, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RenewPipelineRunAsync(string runId, string owner, TimeSpan lease, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.RenewRunAsync(c, t, runId, owner, lease, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> EndPipelineRunAsync(string runId, string owner, PipelineRunState state, string? error, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.EndRunAsync(c, t, runId, owner, state, error, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<ClaimResult> ClaimStageAsync(StageClaim claim, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.ClaimStageAsync(c, t, claim, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RenewStageAsync(long attemptId, string owner, TimeSpan lease, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.RenewStageAsync(c, t, attemptId, owner, lease, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> CompleteStageAsync(long attemptId, string owner, AttemptCompletion completion, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.CompleteStageAsync(c, t, attemptId, owner, completion, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<StageAttempt?> FindCachedStageAsync(string fingerprint, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => PipelineStoreSql.FindCachedAsync(c, fingerprint, token), cancellationToken);

    /// <inheritdoc />
    public Task<StageAttempt?> GetLastCompletedStageAsync(string pipeline, string stage, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => PipelineStoreSql.GetLastCompletedAsync(c, pipeline, stage, token), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetLeaseOwnersAsync(string runId, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => PipelineStoreSql.GetLeaseOwnersAsync(c, runId, token), cancellationToken);

    /// <inheritdoc />
    public Task<int> ExpireLeasesAsync(string owner, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.ExpireLeasesAsync(c, t, owner, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<int> ReapExpiredAsync(CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.ReapExpiredAsync(c, t, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> ClaimScheduleOccurrenceAsync(string pipeline, string schedule, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default) =>
        WriteAsync((c, t, token) => PipelineStoreSql.ClaimOccurrenceAsync(c, t, pipeline, schedule, occurrence, owner, Now(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> CreateScheduledPipelineRunAsync(PipelineRun run, TimeSpan lease, string schedule, DateTimeOffset occurrence,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var owner = run.LeaseOwner ?? throw new ArgumentException("a scheduled run is leased to the scheduler that claims its occurrence", nameof(run));
        return WriteAsync(async (c, t, token) =>
        {
            var now = Now();
            if (!await PipelineStoreSql.ClaimOccurrenceAsync(c, t, run.Pipeline, schedule, occurrence, owner, now, token))
            {
                return false;
            }
            await PipelineStoreSql.CreateRunAsync(c, t, run, now, lease, token);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetLastScheduleOccurrenceAsync(string pipeline, string schedule, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => PipelineStoreSql.GetLastOccurrenceAsync(c, pipeline, schedule, token), cancellationToken);
}
