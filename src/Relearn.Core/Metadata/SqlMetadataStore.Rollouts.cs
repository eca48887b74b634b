using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Relearn.Core.Registry;
using Relearn.Core.Rollout;

namespace Relearn.Core.Metadata;

public abstract partial class SqlMetadataStore : IRolloutStore
{
    private const string RolloutColumns =
        "SELECT id, model, champion, challenger, mode, share, stage, settings, stats, evidence, decision, reason, actor, started_at, decided_at FROM rollouts";

    /// <inheritdoc />
    public Task<RolloutState> StartRolloutAsync(string model, int? champion, int challenger, string mode, double share, RolloutSettings settings,
        string actor, CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(model, "model name");
        ArgumentNullException.ThrowIfNull(settings);
        return WriteAsync(async (c, t, token) =>
        {
            await using (var live = Command(c, t, $"SELECT challenger FROM rollouts WHERE model = @m AND decided_at IS NULL{Dialect.ForUpdate}", ("@m", model)))
            {
                if (await live.ExecuteScalarAsync(token) is { } held)
                {
                    throw RelearnException.Conflict(string.Create(CultureInfo.InvariantCulture,
                        $"model '{model}' already has a live rollout of version {held}; promote or abort it first"));
                }
            }
            await using (var production = Command(c, t, $"SELECT version FROM model_aliases WHERE name = @n AND alias = 'production'{Dialect.ForUpdate}", ("@n", model)))
            {
                var value = await production.ExecuteScalarAsync(token);
                int? current = value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
                if (current != champion)
                {
                    throw RelearnException.Conflict($"{model}@production moved meanwhile; try again");
                }
            }
            var why = FormattableString.Invariant($"rollout: challenger of version {champion?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            await MoveAliasAsync(c, t, model, RolloutStage.Staging, await AliasInAsync(c, t, model, RolloutStage.Staging, token), challenger, "stage", actor, why, token);
            await MoveAliasAsync(c, t, model, mode, await AliasInAsync(c, t, model, mode, token), challenger, mode, actor,
                mode == RolloutStage.Canary ? FormattableString.Invariant($"rollout: canary with {share:0.###} of the traffic") : "rollout: shadow scoring of every request", token);
            var now = Now();
            await using var insert = Command(c, t,
                """
                INSERT INTO rollouts (model, champion, challenger, mode, share, stage, settings, stats, actor, started_at)
                VALUES (@m, @champion, @challenger, @mode, @share, @stage, @settings, @stats, @actor, @at) RETURNING id
                """,
                ("@m", model), ("@champion", champion), ("@challenger", challenger), ("@mode", mode), ("@share", share), ("@stage", mode),
                ("@settings", JsonSerializer.Serialize(settings, JsonDefaults.Compact)), ("@stats", JsonSerializer.Serialize(RolloutStats.Empty, JsonDefaults.Compact)),
                ("@actor", actor), ("@at", now));
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync(token), CultureInfo.InvariantCulture);
            return new RolloutState(id, model, champion, challenger, mode, share, mode, settings, RolloutStats.Empty, null, null, null, actor, FromMillis(now), null);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RolloutState?> GetLiveRolloutAsync(string model, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) => (await ReadAllAsync(Command(c, null, $"{RolloutColumns} WHERE model = @m AND decided_at IS NULL", ("@m", model)), ReadRollout, token))
            .FirstOrDefault(), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RolloutState>> ListLiveRolloutsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null, $"{RolloutColumns} WHERE decided_at IS NULL ORDER BY id"), ReadRollout, token), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RolloutState>> ListRolloutsAsync(string model, int limit, CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null, $"{RolloutColumns} WHERE model = @m ORDER BY id DESC LIMIT @limit", ("@m", model), ("@limit", limit)),
            ReadRollout, token), cancellationToken);

    /// <inheritdoc />
    public Task AddRolloutStatsAsync(long id, RolloutStats delta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return WriteAsync(async (c, t, token) =>
        {
            await using var select = Command(c, t, $"SELECT stats FROM rollouts WHERE id = @id AND decided_at IS NULL{Dialect.ForUpdate}", ("@id", id));
            if (await select.ExecuteScalarAsync(token) is not string json)
            {
                return;
            }
            var sum = (JsonSerializer.Deserialize<RolloutStats>(json, JsonDefaults.Compact) ?? RolloutStats.Empty).Add(delta);
            await using var update = Command(c, t, "UPDATE rollouts SET stats = @s WHERE id = @id", ("@s", JsonSerializer.Serialize(sum, JsonDefaults.Compact)), ("@id", id));
            await update.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<RolloutState?> DecideRolloutAsync(long id, string decision, string reason, RolloutEvidence evidence, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (decision is not ("promote" or "rollback"))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "promote or rollback");
        }
        return WriteAsync<RolloutState?>(async (c, t, token) =>
        {
            var rows = await ReadAllAsync(Command(c, t, $"{RolloutColumns} WHERE id = @id AND decided_at IS NULL{Dialect.ForUpdate}", ("@id", id)), ReadRollout, token);
            if (rows.Count == 0)
            {
                return null;
            }
            var rollout = rows[0];
            var audit = $"{reason} [{evidence.Summary}]";
            var stage = RolloutStage.RolledBack;
            if (decision == "promote")
            {
                var production = await AliasInAsync(c, t, rollout.Model, RolloutStage.Production, token);
                await MoveAliasAsync(c, t, rollout.Model, RolloutStage.Production, production, rollout.Challenger, "promote", actor, audit, token);
                stage = RolloutStage.Production;
            }
            foreach (var alias in new[] { rollout.Mode, RolloutStage.Staging })
            {
                if (await AliasInAsync(c, t, rollout.Model, alias, token) == rollout.Challenger)
                {
                    await MoveAliasAsync(c, t, rollout.Model, alias, rollout.Challenger, null, decision == "promote" ? "promote" : "rollback", actor, audit, token);
                }
            }
            var now = Now();
            await using var update = Command(c, t, "UPDATE rollouts SET stage = @stage, evidence = @e, decision = @d, reason = @r, decided_at = @at WHERE id = @id",
                ("@stage", stage), ("@e", JsonSerializer.Serialize(evidence, JsonDefaults.Compact)), ("@d", decision), ("@r", reason), ("@at", now), ("@id", id));
            await update.ExecuteNonQueryAsync(token);
            return rollout with { Stage = stage, Evidence = evidence, Decision = decision, Reason = reason, DecidedAt = FromMillis(now) };
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(int Version, string Output, string Label)>> ListRolloutLabelsAsync(string model, DateTimeOffset since, IReadOnlyCollection<int> versions,
        CancellationToken cancellationToken = default) =>
        ReadAsync((c, token) => ReadAllAsync(Command(c, null,
            $"""
            SELECT p.version, p.output, f.label FROM prediction_feedback f JOIN predictions p ON p.prediction_id = f.prediction_id
            WHERE f.model = @m AND p.created_at >= @since AND CAST(p.version AS text) IN ({Dialect.JsonTextArray("@v")})
            UNION ALL
            SELECT s.version, s.output, f.label FROM prediction_feedback f JOIN predictions s ON s.prediction_id = f.prediction_id || '{ShadowSuffix}'
            WHERE f.model = @m AND s.created_at >= @since AND CAST(s.version AS text) IN ({Dialect.JsonTextArray("@v")})
            """,
            ("@m", model), ("@since", since.ToUnixTimeMilliseconds()),
            ("@v", JsonSerializer.Serialize(versions.Select(v => v.ToString(CultureInfo.InvariantCulture))))),
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2)), token), cancellationToken);

    /// <inheritdoc />
    public Task<long> CountLabelsSinceAsync(string model, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) =>
        {
            await using var count = Command(c, null, "SELECT CAST(COUNT(*) AS bigint) FROM prediction_feedback WHERE model = @m AND received_at >= @since",
                ("@m", model), ("@since", since.ToUnixTimeMilliseconds()));
            return Convert.ToInt64(await count.ExecuteScalarAsync(token), CultureInfo.InvariantCulture);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryClaimRetrainAsync(string model, string owner, string trigger, TimeSpan staleAfter, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            var now = Now();
            await using var claim = Command(c, t,
                """
                INSERT INTO retrain_claims (model, owner, trigger, claimed_at) VALUES (@m, @o, @tr, @now)
                ON CONFLICT (model) DO UPDATE SET owner = excluded.owner, trigger = excluded.trigger, claimed_at = excluded.claimed_at,
                    finished_at = NULL, pipeline_run = NULL, outcome = NULL
                WHERE retrain_claims.finished_at IS NOT NULL OR retrain_claims.claimed_at < @stale
                """,
                ("@m", model), ("@o", owner), ("@tr", trigger), ("@now", now), ("@stale", now - (long)staleAfter.TotalMilliseconds));
            return await claim.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    /// <inheritdoc />
    public Task FinishRetrainAsync(string model, string owner, string? pipelineRun, string outcome, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, t, token) =>
        {
            await using var update = Command(c, t,
                "UPDATE retrain_claims SET finished_at = @now, pipeline_run = @r, outcome = @o WHERE model = @m AND owner = @owner AND finished_at IS NULL",
                ("@now", Now()), ("@r", pipelineRun), ("@o", outcome), ("@m", model), ("@owner", owner));
            await update.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<RetrainClaim?> GetRetrainClaimAsync(string model, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, token) => (await ReadAllAsync(Command(c, null,
            "SELECT model, owner, trigger, claimed_at, finished_at, pipeline_run, outcome FROM retrain_claims WHERE model = @m", ("@m", model)),
            r => new RetrainClaim(r.GetString(0), r.GetString(1), r.GetString(2), FromMillis(r.GetInt64(3)), r.IsDBNull(4) ? null : FromMillis(r.GetInt64(4)),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)), token)).FirstOrDefault(), cancellationToken);

    /// <summary>Suffix of a shadow prediction's id: the id of the answer it shadowed plus this, so its label is that answer's.</summary>
    public const string ShadowSuffix = ".shadow";

    private async Task<int?> AliasInAsync(DbConnection c, DbTransaction t, string model, string alias, CancellationToken token)
    {
        await using var select = Command(c, t, $"SELECT version FROM model_aliases WHERE name = @n AND alias = @a{Dialect.ForUpdate}", ("@n", model), ("@a", alias));
        var value = await select.ExecuteScalarAsync(token);
        return value is null ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static RolloutState ReadRollout(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetInt32(3), r.GetString(4), r.GetDouble(5), r.GetString(6),
        JsonSerializer.Deserialize<RolloutSettings>(r.GetString(7), JsonDefaults.Compact)!,
        JsonSerializer.Deserialize<RolloutStats>(r.GetString(8), JsonDefaults.Compact)!,
        r.IsDBNull(9) ? null : JsonSerializer.Deserialize<RolloutEvidence>(r.GetString(9), JsonDefaults.Compact),
        r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11), r.GetString(12), FromMillis(r.GetInt64(13)),
        r.IsDBNull(14) ? null : FromMillis(r.GetInt64(14)));
}
