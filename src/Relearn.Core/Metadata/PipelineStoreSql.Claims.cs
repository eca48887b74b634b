using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Metadata;

internal static partial class PipelineStoreSql
{
    /// <summary>The claim, in the caller's write transaction: see <see cref="IPipelineStore.ClaimStageAsync"/>.</summary>
    public static async Task<ClaimResult> ClaimStageAsync(DbConnection c, DbTransaction t, StageClaim claim, long now, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var run = await GetRunAsync(c, t, claim.RunId, token) ?? throw RelearnException.NotFound($"pipeline run {claim.RunId} does not exist");
        if (run.State != PipelineRunState.Running)
        {
            return new ClaimResult(ClaimStatus.RunNotRunning);
        }
        var attempts = await GetAttemptsAsync(c, t, claim.RunId, token);
        var mine = attempts.Where(a => a.Stage == claim.Stage).ToArray();
        if (mine.Any(a => a.IsComplete))
        {
            return new ClaimResult(ClaimStatus.Complete);
        }
        if (claim.Upstream.Any(u => !attempts.Any(a => a.Stage == u && a.IsComplete)))
        {
            return new ClaimResult(ClaimStatus.NotReady);
        }
        foreach (var running in mine.Where(a => a.State == StageState.Running))
        {
            if (running.LeaseExpiresAt!.Value.ToUnixTimeMilliseconds() > now)
            {
                return new ClaimResult(ClaimStatus.Leased, running);
            }
            await ExecuteAsync(c, t, token, "UPDATE pipeline_stage_attempts SET state = @abandoned, ended_at = @now, error = @why WHERE id = @id",
                ("@abandoned", Name(StageState.Abandoned)), ("@now", now), ("@why", AbandonedReason), ("@id", running.Id));
        }
        if (claim.ConcurrencyTag is { } tag)
        {
            var holding = (await QueryAsync(c, t, token, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
                "SELECT COUNT(*) FROM pipeline_stage_attempts WHERE concurrency_tag = @tag AND state = @running AND lease_expires_at > @now",
                ("@tag", tag), ("@running", Name(StageState.Running)), ("@now", now))).Single();
            if (holding >= claim.ConcurrencyLimit)
            {
                return new ClaimResult(ClaimStatus.Throttled);
            }
        }
        var number = mine.Length == 0 ? 1 : mine.Max(a => a.Attempt) + 1;
        var id = (await QueryAsync(c, t, token, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
            """
            INSERT INTO pipeline_stage_attempts (run_id, stage, attempt, state, concurrency_tag, lease_owner, lease_expires_at, heartbeat_at, started_at)
            VALUES (@r, @s, @n, @running, @tag, @o, @exp, @now, @now) RETURNING id
            """,
            ("@r", claim.RunId), ("@s", claim.Stage), ("@n", (long)number), ("@running", Name(StageState.Running)), ("@tag", claim.ConcurrencyTag),
            ("@o", claim.Owner), ("@exp", now + Millis(claim.Lease)), ("@now", now))).Single();
        var started = DateTimeOffset.FromUnixTimeMilliseconds(now);
        return new ClaimResult(ClaimStatus.Claimed, new StageAttempt(id, claim.RunId, claim.Stage, number, StageState.Running, claim.ConcurrencyTag, claim.Owner,
            started + claim.Lease, started, started, null, null, null, new Dictionary<string, StageOutput>(), new Dictionary<string, double>(), null, null, null));
    }

    /// <summary>The heartbeat: extends an attempt's lease if still ours.</summary>
    public static async Task<bool> RenewStageAsync(DbConnection c, DbTransaction t, long attemptId, string owner, TimeSpan lease, long now, CancellationToken token) =>
        await ExecuteAsync(c, t, token,
            "UPDATE pipeline_stage_attempts SET lease_expires_at = @exp, heartbeat_at = @now WHERE id = @id AND lease_owner = @o AND state = @running",
            ("@exp", now + Millis(lease)), ("@now", now), ("@id", attemptId), ("@o", owner), ("@running", Name(StageState.Running))) == 1;

    /// <summary>Ends an attempt if still ours (running and leased to <paramref name="owner"/>).</summary>
    public static async Task<bool> CompleteStageAsync(DbConnection c, DbTransaction t, long attemptId, string owner, AttemptCompletion completion, long now,
        CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return await ExecuteAsync(c, t, token,
            """
            UPDATE pipeline_stage_attempts SET state = @s, ended_at = @now, fingerprint = @f, fingerprint_detail = @fd, outputs = @out, metrics = @m,
                error = @e, log_digest = @log, cached_from_run = @from, lease_expires_at = NULL
            WHERE id = @id AND lease_owner = @o AND state = @running
            """,
            ("@s", Name(completion.State)), ("@now", now), ("@f", completion.Fingerprint), ("@fd", completion.FingerprintDetail),
            ("@out", JsonSerializer.Serialize(completion.Outputs, JsonDefaults.Compact)), ("@m", JsonSerializer.Serialize(completion.Metrics)),
            ("@e", completion.Error), ("@log", completion.LogDigest), ("@from", completion.CachedFromRun), ("@id", attemptId), ("@o", owner),
            ("@running", Name(StageState.Running))) == 1;
    }
}
