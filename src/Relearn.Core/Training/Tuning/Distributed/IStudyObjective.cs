namespace Relearn.Core.Training.Tuning.Distributed;

/// <summary>
/// What a worker runs for one trial of a stored study, found by <see cref="Name"/> (the study's
/// <see cref="StudyDefinition.Objective"/>). It reads everything it needs from the study's payload and the stores.
/// </summary>
public interface IStudyObjective
{
    /// <summary>The name studies refer to it by.</summary>
    string Name { get; }

    /// <summary>The space its studies search.</summary>
    SearchSpace Space { get; }

    /// <summary>Evaluates <paramref name="trial"/>; report intermediate values through it so the shared pruner can stop it.</summary>
    Task<double> EvaluateAsync(StoredStudy study, Trial trial, TrialContext context, CancellationToken cancellationToken);
}

/// <summary>Who runs a trial, and how the objective tells the store which tracked run holds it.</summary>
/// <param name="Worker">The worker's identity (<see cref="WorkerIdentity.Current"/>), to record on the child run.</param>
/// <param name="Attempt">1 for the first attempt at this trial, more when a lost one is run again.</param>
/// <param name="AttachRunAsync">Call with the trial's child run id as soon as it exists, so a dead worker's run can be closed.</param>
public sealed record TrialContext(string Worker, int Attempt, Func<string, CancellationToken, Task> AttachRunAsync);
