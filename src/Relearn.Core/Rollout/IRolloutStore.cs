namespace Relearn.Core.Rollout;

/// <summary>
/// Durable rollout state and retraining claims in the metadata store, shared by every <c>relearn serve</c> replica:
/// a restarted server reads the live rollout and carries on; alias moves and the rollout row change in one transaction.
/// </summary>
public interface IRolloutStore
{
    /// <summary>
    /// Starts a rollout: in one transaction checks that <c>production</c> still holds <paramref name="champion"/>, points
    /// <c>staging</c> and then <c>canary</c> or <c>shadow</c> (the <paramref name="mode"/>) at <paramref name="challenger"/>
    /// (each move audited) and records the rollout; conflict when the model already has a live rollout.
    /// </summary>
    Task<RolloutState> StartRolloutAsync(string model, int? champion, int challenger, string mode, double share, RolloutSettings settings,
        string actor, CancellationToken cancellationToken = default);

    /// <summary>The model's live rollout, or null.</summary>
    Task<RolloutState?> GetLiveRolloutAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Every live rollout (what a server routes and judges).</summary>
    Task<IReadOnlyList<RolloutState>> ListLiveRolloutsAsync(CancellationToken cancellationToken = default);

    /// <summary>The model's rollouts, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RolloutState>> ListRolloutsAsync(string model, int limit, CancellationToken cancellationToken = default);

    /// <summary>Adds a replica's counters to a live rollout's (nothing happens once it is decided).</summary>
    Task AddRolloutStatsAsync(long id, RolloutStats delta, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a live rollout in one transaction: <c>promote</c> points <c>production</c> at the challenger; both promote and
    /// <c>rollback</c> remove the challenger's <c>canary</c>/<c>shadow</c> and <c>staging</c> aliases; every move is audited
    /// with <paramref name="reason"/> (which carries the evidence). Returns null when it was decided already (by another
    /// replica), so a rollout ends once.
    /// </summary>
    Task<RolloutState?> DecideRolloutAsync(long id, string decision, string reason, RolloutEvidence evidence, string actor,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The labelled predictions of <paramref name="model"/> made since <paramref name="since"/> by <paramref name="versions"/>,
    /// shadow predictions included (joined to the label of the answer they shadowed): version, output JSON, label JSON.
    /// </summary>
    Task<IReadOnlyList<(int Version, string Output, string Label)>> ListRolloutLabelsAsync(string model, DateTimeOffset since, IReadOnlyCollection<int> versions,
        CancellationToken cancellationToken = default);

    /// <summary>Labels received for <paramref name="model"/> since <paramref name="since"/>.</summary>
    Task<long> CountLabelsSinceAsync(string model, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the model's retraining for <paramref name="owner"/>: true when no retraining is running (none claimed, the
    /// last one finished, or its claim is older than <paramref name="staleAfter"/> — a process that died holding it).
    /// </summary>
    Task<bool> TryClaimRetrainAsync(string model, string owner, string trigger, TimeSpan staleAfter, CancellationToken cancellationToken = default);

    /// <summary>Marks the model's retraining finished with what came of it.</summary>
    Task FinishRetrainAsync(string model, string owner, string? pipelineRun, string outcome, CancellationToken cancellationToken = default);

    /// <summary>The model's last retraining claim, or null.</summary>
    Task<RetrainClaim?> GetRetrainClaimAsync(string model, CancellationToken cancellationToken = default);
}

/// <summary>The last retraining of a model.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Owner">The process that claimed it.</param>
/// <param name="Trigger">What triggered it, one line.</param>
/// <param name="ClaimedAt">When it started.</param>
/// <param name="FinishedAt">When it ended, or null while running.</param>
/// <param name="PipelineRun">The pipeline run, once known.</param>
/// <param name="Outcome">What came of it, once finished.</param>
public sealed record RetrainClaim(string Model, string Owner, string Trigger, DateTimeOffset ClaimedAt, DateTimeOffset? FinishedAt, string? PipelineRun, string? Outcome);
