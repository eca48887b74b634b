namespace Relearn.Core.Training.Tuning.Distributed;

/// <summary>A trial as the store keeps it: running (claimed by a worker under a lease) or finished.</summary>
/// <param name="Number">Trial number, from 0 in the order trials were claimed.</param>
/// <param name="State">Null while running; how it ended otherwise.</param>
/// <param name="Encoded">Its hyperparameters (see <see cref="TrialParams.Encoded"/>); null until its worker sampled them.</param>
/// <param name="Value">As <see cref="TrialResult.Value"/>.</param>
/// <param name="IntermediateValues">Values it reported, by step (stored when it finishes).</param>
/// <param name="Worker">The worker that holds or held it last.</param>
/// <param name="RunId">Its tracked child run of the current attempt, once the objective made one.</param>
/// <param name="Attempt">1 for the first claim; one more each time a lost trial is claimed again.</param>
/// <param name="StartedAt">When the current attempt was claimed.</param>
/// <param name="Duration">How long the objective ran, once finished.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="LeaseExpired">Running, but its worker stopped renewing the lease: it is up for grabs.</param>
public sealed record StoredTrial(int Number, TrialState? State, IReadOnlyList<double>? Encoded, double? Value, IReadOnlyDictionary<int, double> IntermediateValues,
    string Worker, string? RunId, int Attempt, DateTimeOffset StartedAt, TimeSpan? Duration, string? Error, bool LeaseExpired)
{
    /// <summary>As a <see cref="TrialResult"/> of <paramref name="space"/>; only for finished trials.</summary>
    public TrialResult ToResult(SearchSpace space)
    {
        var state = State ?? throw new InvalidOperationException($"trial {Number} is still running");
        var encoded = Encoded ?? throw new InvalidOperationException($"trial {Number} finished without params");
        return new TrialResult(Number, state, new TrialParams(space, encoded), Value, IntermediateValues, StartedAt, Duration ?? TimeSpan.Zero,
            Error is null ? null : new InvalidOperationException(Error));
    }
}

/// <summary>A trial a worker holds: which one, which attempt (the lease's identity), and what it already knows.</summary>
/// <param name="StudyId">Its study.</param>
/// <param name="Number">Trial number.</param>
/// <param name="Attempt">The attempt this worker holds; renewals and results of an older attempt are refused.</param>
/// <param name="Encoded">Params sampled by an earlier attempt, reused so a retried trial evaluates the same settings.</param>
/// <param name="LostRunId">The child run of the earlier attempt whose worker died, still marked running.</param>
public sealed record TrialClaim(long StudyId, int Number, int Attempt, IReadOnlyList<double>? Encoded, string? LostRunId);
