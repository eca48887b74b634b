using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Relearn.Core.Training.Tuning;
using Relearn.Core.Training.Tuning.Distributed;

namespace Relearn.Postgres;

// Leases are compared with the database's clock_timestamp(), not this process's clock: workers on machines whose
// clocks disagree must still agree on when a lease ran out.
public sealed partial class PostgresMetadataStore : IStudyStore
{
    private const string TrialColumns =
        "SELECT number, state, params, value, intermediate, worker, run_id, attempt, started_at, duration_ms, error, "
        + "(state IS NULL AND lease_until < clock_timestamp()) AS expired FROM tuning_trials";

    /// <inheritdoc />
    public Task<long> CreateStudyAsync(StudyDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        return WriteAsync(async (c, t, token) =>
        {
            await using var insert = Command(c, t,
                "INSERT INTO tuning_studies (objective, direction, trials, seed, lease_ms, payload, status, created_at) "
                + "VALUES (@o, @d, @n, @s, @l, @p, @st, @t) RETURNING id",
                ("@o", definition.Objective), ("@d", definition.Direction.ToString()), ("@n", definition.Trials), ("@s", definition.Seed),
                ("@l", (long)definition.TrialLease.TotalMilliseconds), ("@p", definition.Payload), ("@st", StudyStatus.Running.ToString()), ("@t", Now()));
            return (long)(await insert.ExecuteScalarAsync(token))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoredStudy?> GetStudyAsync(long studyId, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            var rows = await ReadAllAsync(Command(c, null,
                "SELECT id, objective, direction, trials, seed, lease_ms, payload, status, reclaims FROM tuning_studies WHERE id = @id", ("@id", studyId)),
                r => new StoredStudy(r.GetInt64(0),
                    new StudyDefinition(r.GetString(1), Enum.Parse<StudyDirection>(r.GetString(2)), r.GetInt32(3), r.GetInt32(4),
                        TimeSpan.FromMilliseconds(r.GetInt64(5)), r.GetString(6)),
                    Enum.Parse<StudyStatus>(r.GetString(7)), r.GetInt32(8)), token);
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    /// <inheritdoc />
    public Task SetStudyStatusAsync(long studyId, StudyStatus status, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await using var update = Command(c, t, "UPDATE tuning_studies SET status = @s WHERE id = @id", ("@s", status.ToString()), ("@id", studyId));
            await update.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<TrialClaim?> ClaimTrialAsync(long studyId, string worker, CancellationToken cancellationToken = default) =>
        WriteAsync<TrialClaim?>(async (c, t, token) =>
        {
            // The study row lock makes claims of one study take turns; other studies are not held up.
            var study = await ReadAllAsync(Command(c, t, "SELECT status, next_trial, trials, lease_ms FROM tuning_studies WHERE id = @id FOR UPDATE", ("@id", studyId)),
                r => (Status: r.GetString(0), Next: r.GetInt32(1), Trials: r.GetInt32(2), LeaseMs: r.GetInt64(3)), token);
            if (study.Count == 0 || study[0].Status != nameof(StudyStatus.Running))
            {
                return null;
            }
            var (_, next, trials, leaseMs) = study[0];
            var lease = ("@lease", (object?)leaseMs);
            var lost = await ReadAllAsync(Command(c, t,
                "SELECT number, attempt, params, run_id FROM tuning_trials WHERE study_id = @id AND state IS NULL AND lease_until < clock_timestamp() "
                + "ORDER BY number LIMIT 1", ("@id", studyId)),
                r => new TrialClaim(studyId, r.GetInt32(0), r.GetInt32(1) + 1, r.IsDBNull(2) ? null : ParseParams(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3)), token);
            if (lost.Count > 0)
            {
                var claim = lost[0];
                await using (var retake = Command(c, t,
                    "UPDATE tuning_trials SET worker = @w, attempt = @a, run_id = NULL, started_at = @now, "
                    + "lease_until = clock_timestamp() + @lease * interval '1 millisecond' WHERE study_id = @id AND number = @n",
                    ("@w", worker), ("@a", claim.Attempt), ("@now", Now()), lease, ("@id", studyId), ("@n", claim.Number)))
                {
                    await retake.ExecuteNonQueryAsync(token);
                }
                await using (var count = Command(c, t, "UPDATE tuning_studies SET reclaims = reclaims + 1 WHERE id = @id", ("@id", studyId)))
                {
                    await count.ExecuteNonQueryAsync(token);
                }
                return claim;
            }
            if (next >= trials)
            {
                return null;
            }
            await using (var advance = Command(c, t, "UPDATE tuning_studies SET next_trial = next_trial + 1 WHERE id = @id", ("@id", studyId)))
            {
                await advance.ExecuteNonQueryAsync(token);
            }
            await using (var insert = Command(c, t,
                "INSERT INTO tuning_trials (study_id, number, worker, attempt, started_at, lease_until) "
                + "VALUES (@id, @n, @w, 1, @now, clock_timestamp() + @lease * interval '1 millisecond')",
                ("@id", studyId), ("@n", next), ("@w", worker), ("@now", Now()), lease))
            {
                await insert.ExecuteNonQueryAsync(token);
            }
            return new TrialClaim(studyId, next, 1, null, null);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetTrialParamsAsync(TrialClaim claim, IReadOnlyList<double> encoded, CancellationToken cancellationToken = default) =>
        UpdateClaimAsync(claim, "params = @v", cancellationToken, ("@v", JsonSerializer.Serialize(encoded)));

    /// <inheritdoc />
    public Task<bool> SetTrialRunAsync(TrialClaim claim, string runId, CancellationToken cancellationToken = default) =>
        UpdateClaimAsync(claim, "run_id = @v", cancellationToken, ("@v", runId));

    /// <inheritdoc />
    public Task<bool> RenewTrialLeaseAsync(TrialClaim claim, CancellationToken cancellationToken = default) =>
        UpdateClaimAsync(claim, "lease_until = clock_timestamp() + (SELECT lease_ms FROM tuning_studies WHERE id = @id) * interval '1 millisecond'", cancellationToken);

    /// <inheritdoc />
    public Task ReleaseTrialAsync(TrialClaim claim, CancellationToken cancellationToken = default) =>
        UpdateClaimAsync(claim, "lease_until = clock_timestamp() - interval '1 millisecond'", cancellationToken);

    /// <inheritdoc />
    public Task<bool> FinishTrialAsync(TrialClaim claim, TrialResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var intermediate = JsonSerializer.Serialize(result.IntermediateValues.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value));
        return WriteAsync(async (c, t, token) =>
        {
            await using var update = Command(c, t,
                "UPDATE tuning_trials SET state = @s, value = @v, intermediate = @i, duration_ms = @d, error = @e, lease_until = NULL, "
                + "params = COALESCE(params, @p) WHERE study_id = @id AND number = @n AND attempt = @a AND state IS NULL",
                ("@s", result.State.ToString()), ("@v", result.Value), ("@i", intermediate), ("@d", (long)result.Duration.TotalMilliseconds),
                ("@e", result.Error?.Message), ("@p", JsonSerializer.Serialize(result.Params.Encoded)),
                ("@id", claim.StudyId), ("@n", claim.Number), ("@a", claim.Attempt));
            return await update.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredTrial>> GetTrialsAsync(long studyId, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null, $"{TrialColumns} WHERE study_id = @id ORDER BY number", ("@id", studyId)), ReadTrial, token),
            cancellationToken);

    /// <summary>Sets one column of a running trial, if <paramref name="claim"/>'s attempt still holds it.</summary>
    private Task<bool> UpdateClaimAsync(TrialClaim claim, string assignment, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return WriteAsync(async (c, t, token) =>
        {
            await using var update = Command(c, t, $"UPDATE tuning_trials SET {assignment} WHERE study_id = @id AND number = @n AND attempt = @a AND state IS NULL",
                [.. values, ("@id", claim.StudyId), ("@n", claim.Number), ("@a", claim.Attempt)]);
            return await update.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);
    }

    private static StoredTrial ReadTrial(DbDataReader r) => new(
        r.GetInt32(0),
        r.IsDBNull(1) ? null : Enum.Parse<TrialState>(r.GetString(1)),
        r.IsDBNull(2) ? null : ParseParams(r.GetString(2)),
        r.IsDBNull(3) ? null : r.GetDouble(3),
        JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(4))!
            .ToDictionary(p => int.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value),
        r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetInt32(7),
        FromMillis(r.GetInt64(8)),
        r.IsDBNull(9) ? null : TimeSpan.FromMilliseconds(r.GetInt64(9)),
        r.IsDBNull(10) ? null : r.GetString(10),
        r.GetBoolean(11));

    private static double[] ParseParams(string json) => JsonSerializer.Deserialize<double[]>(json)!;
}
