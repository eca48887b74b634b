namespace Relearn.Core.Training.Tuning;

/// <summary>
/// A hyperparameter search: runs the objective on trials sampled from a search space (TPE by default), prunes
/// unpromising ones (median rule by default), and returns the best. Like Optuna's <c>study.optimize</c>.
/// </summary>
public sealed class Study(TimeProvider time)
{
    /// <summary>
    /// Runs <see cref="StudyOptions.Trials"/> trials, <see cref="StudyOptions.Parallelism"/> at a time. Each new trial
    /// is sampled from every trial finished so far. A trial whose objective throws is recorded as failed and the study
    /// goes on; one that lets <see cref="TrialPrunedException"/> out is recorded as pruned. <paramref name="progress"/>
    /// hears of every finished trial, one at a time, e.g. to record it as a tracked child run.
    /// </summary>
    /// <param name="space">What to search.</param>
    /// <param name="objective">Evaluates one trial; the token is cancelled when the study is.</param>
    /// <param name="options">Trials, parallelism, seed, direction, sampler and pruner.</param>
    /// <param name="progress">Told of each trial as it finishes.</param>
    /// <param name="cancellationToken">Stops the study: no new trial starts and running objectives see cancellation.</param>
    /// <exception cref="StudyFailedException">No trial completed.</exception>
    /// <exception cref="OperationCanceledException">The study was cancelled.</exception>
    public async Task<StudyResult> OptimizeAsync(SearchSpace space, Func<Trial, CancellationToken, Task<double>> objective, StudyOptions options,
        IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var trials = await new StudyRun(space, objective, options, progress, time).RunAsync(cancellationToken);
        return Result(options.Direction, trials);
    }

    /// <summary>The study's outcome from its finished trials: the best complete one (lowest number among ties).</summary>
    /// <exception cref="StudyFailedException">No trial completed.</exception>
    internal static StudyResult Result(StudyDirection direction, IReadOnlyList<TrialResult> trials)
    {
        var best = trials.Where(t => t.State == TrialState.Complete)
            .OrderBy(t => direction == StudyDirection.Minimize ? t.Value!.Value : -t.Value!.Value)
            .ThenBy(t => t.Number)
            .FirstOrDefault();
        return best is null ? throw new StudyFailedException(trials) : new StudyResult(direction, best, trials);
    }
}
