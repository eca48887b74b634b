namespace Relearn.Core.Training.Tuning.Distributed;

/// <summary>A study whose trials run on workers, as the coordinator writes it to the metadata store.</summary>
/// <param name="Objective">Name of the <see cref="IStudyObjective"/> every worker looks up to run a trial.</param>
/// <param name="Direction">Lower or higher is better.</param>
/// <param name="Trials">How many trials, counting pruned and failed ones.</param>
/// <param name="Seed">Each trial's random numbers derive from it and the trial number.</param>
/// <param name="TrialLease">
/// How long a trial stays claimed without a heartbeat from its worker; a worker that dies loses its trial to
/// another after this long. Workers renew it every third of it.
/// </param>
/// <param name="Payload">What the objective needs, as JSON: references into the stores, never local paths or memory.</param>
public sealed record StudyDefinition(string Objective, StudyDirection Direction, int Trials, int Seed, TimeSpan TrialLease, string Payload)
{
    /// <summary>Throws a one-line error for the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Objective);
        ArgumentNullException.ThrowIfNull(Payload);
        if (Trials < 1)
        {
            throw RelearnException.Invalid("a study needs at least one trial");
        }
        if (TrialLease < TimeSpan.FromSeconds(1))
        {
            throw RelearnException.Invalid("the trial lease must be at least one second");
        }
    }
}

/// <summary>Whether workers may still claim trials of a study.</summary>
public enum StudyStatus
{
    /// <summary>Trials are being claimed and run.</summary>
    Running,
    /// <summary>Every trial finished; the coordinator took the result.</summary>
    Finished,
    /// <summary>The coordinator gave up (cancelled or failed): no new trial starts.</summary>
    Stopped,
}

/// <summary>A study as the store keeps it.</summary>
/// <param name="Id">Store-assigned id.</param>
/// <param name="Definition">What the coordinator asked for.</param>
/// <param name="Status">Whether trials may still be claimed.</param>
/// <param name="Reclaims">How many times a trial whose lease ran out was claimed again.</param>
public sealed record StoredStudy(long Id, StudyDefinition Definition, StudyStatus Status, int Reclaims);
