using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;

namespace Relearn.Core.Metadata;

/// <summary>
/// The SQL of <see cref="IPipelineStore"/> for <see cref="SqlMetadataStore"/> on either database: both accept <c>@name</c>
/// parameters and the same statements, and the store runs each write in its dialect's serialized transaction (BEGIN
/// IMMEDIATE on SQLite, SERIALIZABLE with retry on PostgreSQL), so the read-then-write of a claim is atomic on both.
/// Times are Unix milliseconds from the calling store's clock.
/// </summary>
internal static partial class PipelineStoreSql
{
    private const string AttemptColumns =
        "id, run_id, stage, attempt, state, concurrency_tag, lease_owner, lease_expires_at, heartbeat_at, started_at, ended_at, fingerprint, fingerprint_detail, outputs, metrics, error, log_digest, cached_from_run";

    private const string RunColumns =
        "id, pipeline, definition_digest, project_folder, params, forced, state, trigger_name, error, lease_owner, lease_expires_at, created_at, ended_at";

    /// <summary>Inserts a run leased to its owner.</summary>
    public static async Task CreateRunAsync(DbConnection c, DbTransaction t, PipelineRun run, long now, TimeSpan lease, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(run);
        await ExecuteAsync(c, t, token,
            $"INSERT INTO pipeline_runs ({RunColumns}) VALUES (@id, @p, @d, @f, @params, @forced, @s, @tr, NULL, @o, @exp, @now, NULL)",
            ("@id", run.Id), ("@p", run.Pipeline), ("@d", run.DefinitionDigest), ("@f", run.ProjectFolder),
            ("@params", JsonSerializer.Serialize(run.Params)), ("@forced", JsonSerializer.Serialize(run.Forced)), ("@s", Name(PipelineRunState.Running)),
            ("@tr", run.Trigger), ("@o", run.LeaseOwner), ("@exp", now + Millis(lease)), ("@now", now));
    }

    /// <summary>One run, or null.</summary>
    public static async Task<PipelineRun?> GetRunAsync(DbConnection c, DbTransaction? t, string runId, CancellationToken token) =>
        (await QueryAsync(c, t, token, ReadRun, $"SELECT {RunColumns} FROM pipeline_runs WHERE id = @id", ("@id", runId))).SingleOrDefault();

    /// <summary>Newest runs first.</summary>
    public static Task<IReadOnlyList<PipelineRun>> ListRunsAsync(DbConnection c, string? pipeline, int limit, CancellationToken token) => pipeline is null
        ? QueryAsync(c, null, token, ReadRun, $"SELECT {RunColumns} FROM pipeline_runs ORDER BY created_at DESC, id LIMIT @limit", ("@limit", (long)limit))
        : QueryAsync(c, null, token, ReadRun, $"SELECT {RunColumns} FROM pipeline_runs WHERE pipeline = @p ORDER BY created_at DESC, id LIMIT @limit",
            ("@p", pipeline), ("@limit", (long)limit));

    /// <summary>Every attempt of a run, in order.</summary>
    public static Task<IReadOnlyList<StageAttempt>> GetAttemptsAsync(DbConnection c, DbTransaction? t, string runId, CancellationToken token) =>
        QueryAsync(c, t, token, ReadAttempt, $"SELECT {AttemptColumns} FROM pipeline_stage_attempts WHERE run_id = @r ORDER BY id", ("@r", runId));

    /// <summary>Takes the run's lease when free, expired or ours.</summary>
    public static async Task<bool> ClaimRunAsync(DbConnection c, DbTransaction t, string runId, string owner, TimeSpan lease, long now, CancellationToken token) =>
        await ExecuteAsync(c, t, token,
            """
            UPDATE pipeline_runs SET lease_owner = @o, lease_expires_at = @exp, state = @running, ended_at = NULL
            WHERE id = @id AND state <> @succeeded AND (lease_owner IS NULL OR lease_owner = @o OR lease_expires_at <= @now)
            """,
            ("@o", owner), ("@exp", now + Millis(lease)), ("@running", Name(PipelineRunState.Running)), ("@id", runId),
            ("@succeeded", Name(PipelineRunState.Succeeded)), ("@now", now)) == 1;

    /// <summary>Extends the run's lease if still ours.</summary>
    public static async Task<bool> RenewRunAsync(DbConnection c, DbTransaction t, string runId, string owner, TimeSpan lease, long now, CancellationToken token) =>
        await ExecuteAsync(c, t, token, "UPDATE pipeline_runs SET lease_expires_at = @exp WHERE id = @id AND lease_owner = @o AND state = @running",
            ("@exp", now + Millis(lease)), ("@id", runId), ("@o", owner), ("@running", Name(PipelineRunState.Running))) == 1;

    /// <summary>Ends the run if still ours.</summary>
    public static async Task<bool> EndRunAsync(DbConnection c, DbTransaction t, string runId, string owner, PipelineRunState state, string? error, long now,
        CancellationToken token) =>
        await ExecuteAsync(c, t, token,
            "UPDATE pipeline_runs SET state = @s, error = @e, ended_at = @now, lease_owner = NULL, lease_expires_at = NULL WHERE id = @id AND lease_owner = @o",
            ("@s", Name(state)), ("@e", error), ("@now", now), ("@id", runId), ("@o", owner)) == 1;

    /// <summary>The newest succeeded attempt with a fingerprint.</summary>
    public static async Task<StageAttempt?> FindCachedAsync(DbConnection c, string fingerprint, CancellationToken token) =>
        (await QueryAsync(c, null, token, ReadAttempt,
            $"SELECT {AttemptColumns} FROM pipeline_stage_attempts WHERE fingerprint = @f AND state = @s ORDER BY id DESC LIMIT 1",
            ("@f", fingerprint), ("@s", Name(StageState.Succeeded)))).SingleOrDefault();

    /// <summary>The newest complete attempt of a stage in any run of a pipeline.</summary>
    public static async Task<StageAttempt?> GetLastCompletedAsync(DbConnection c, string pipeline, string stage, CancellationToken token) =>
        (await QueryAsync(c, null, token, ReadAttempt,
            $"""
            SELECT {Prefixed("a.")} FROM pipeline_stage_attempts a JOIN pipeline_runs r ON r.id = a.run_id
            WHERE r.pipeline = @p AND a.stage = @stage AND a.state IN (@ok, @cached) ORDER BY a.id DESC LIMIT 1
            """,
            ("@p", pipeline), ("@stage", stage), ("@ok", Name(StageState.Succeeded)), ("@cached", Name(StageState.Cached)))).SingleOrDefault();

    /// <summary>Owners holding the run or a running attempt of it.</summary>
    public static Task<IReadOnlyList<string>> GetLeaseOwnersAsync(DbConnection c, string runId, CancellationToken token) =>
        QueryAsync(c, null, token, r => r.GetString(0),
            """
            SELECT lease_owner FROM pipeline_runs WHERE id = @r AND lease_owner IS NOT NULL
            UNION SELECT lease_owner FROM pipeline_stage_attempts WHERE run_id = @r AND state = @running AND lease_owner IS NOT NULL
            """,
            ("@r", runId), ("@running", Name(StageState.Running)));

    /// <summary>Makes an owner's leases expire now.</summary>
    public static async Task<int> ExpireLeasesAsync(DbConnection c, DbTransaction t, string owner, long now, CancellationToken token) =>
        await ExecuteAsync(c, t, token, "UPDATE pipeline_runs SET lease_expires_at = @now WHERE lease_owner = @o AND lease_expires_at > @now",
            ("@o", owner), ("@now", now))
        + await ExecuteAsync(c, t, token,
            "UPDATE pipeline_stage_attempts SET lease_expires_at = @now WHERE lease_owner = @o AND state = @running AND lease_expires_at > @now",
            ("@o", owner), ("@now", now), ("@running", Name(StageState.Running)));

    /// <summary>Abandons expired attempts and interrupts expired runs.</summary>
    public static async Task<int> ReapExpiredAsync(DbConnection c, DbTransaction t, long now, CancellationToken token) =>
        await ExecuteAsync(c, t, token,
            "UPDATE pipeline_stage_attempts SET state = @abandoned, ended_at = @now, error = @why WHERE state = @running AND lease_expires_at <= @now",
            ("@abandoned", Name(StageState.Abandoned)), ("@now", now), ("@why", AbandonedReason), ("@running", Name(StageState.Running)))
        + await ExecuteAsync(c, t, token,
            "UPDATE pipeline_runs SET state = @interrupted, ended_at = @now, error = @why WHERE state = @running AND lease_expires_at <= @now",
            ("@interrupted", Name(PipelineRunState.Interrupted)), ("@now", now), ("@why", "its coordinator stopped renewing its lease; resume it with --resume"),
            ("@running", Name(PipelineRunState.Running)));

    /// <summary>Why an attempt was abandoned.</summary>
    public const string AbandonedReason = "lease expired: its owner stopped heartbeating (killed or lost)";

    internal static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    internal static long Millis(TimeSpan span) => (long)span.TotalMilliseconds;

    private static string Prefixed(string prefix) => string.Join(", ", AttemptColumns.Split(", ").Select(c => prefix + c));

    private static PipelineRun ReadRun(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(4))!, JsonSerializer.Deserialize<string[]>(r.GetString(5))!,
        Enum.Parse<PipelineRunState>(r.GetString(6), ignoreCase: true), r.GetString(7), Text(r, 8), Text(r, 9), Time(r, 10), Time(r, 11)!.Value, Time(r, 12));

    private static StageAttempt ReadAttempt(DbDataReader r) => new(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), r.GetString(1), r.GetString(2),
        Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture), Enum.Parse<StageState>(r.GetString(4), ignoreCase: true), Text(r, 5), Text(r, 6),
        Time(r, 7), Time(r, 8), Time(r, 9)!.Value, Time(r, 10), Text(r, 11), Text(r, 12),
        Text(r, 13) is { } outputs ? JsonSerializer.Deserialize<Dictionary<string, StageOutput>>(outputs, JsonDefaults.Compact)! : new Dictionary<string, StageOutput>(),
        Text(r, 14) is { } metrics ? JsonSerializer.Deserialize<Dictionary<string, double>>(metrics)! : new Dictionary<string, double>(),
        Text(r, 15), Text(r, 16), Text(r, 17));

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture));

    private static async Task<int> ExecuteAsync(DbConnection c, DbTransaction? t, CancellationToken token, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = SqlCommands.Create(c, t, sql, parameters);
        return await command.ExecuteNonQueryAsync(token);
    }

    private static Task<IReadOnlyList<T>> QueryAsync<T>(DbConnection c, DbTransaction? t, CancellationToken token, Func<DbDataReader, T> map, string sql,
        params (string Name, object? Value)[] parameters) =>
        SqlCommands.ReadAllAsync(SqlCommands.Create(c, t, sql, parameters), map, token);
}
