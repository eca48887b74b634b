namespace Relearn.Core.Training.Tuning;

/// <summary>How a <see cref="Study"/> runs.</summary>
public sealed record StudyOptions
{
    /// <summary>Lower or higher is better. Required: a wrong default would silently search for the worst model.</summary>
    public required StudyDirection Direction { get; init; }

    /// <summary>How many trials to run, counting pruned and failed ones.</summary>
    public int Trials { get; init; } = 30;

    /// <summary>How many trials run at once. With 1 the study is fully deterministic for a <see cref="Seed"/>.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Seed from which each trial's random numbers derive, together with the trial number.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How parameters are chosen; TPE unless set.</summary>
    public ISampler Sampler { get; init; } = new TpeSampler();

    /// <summary>What stops unpromising trials early; the median rule unless set, null never prunes.</summary>
    public IPruner? Pruner { get; init; } = new MedianPruner();

    /// <summary>Throws a one-line error for the first invalid setting.</summary>
    public void Validate()
    {
        if (Trials < 1)
        {
            throw RelearnException.Invalid("a study needs at least one trial");
        }
        if (Parallelism < 1)
        {
            throw RelearnException.Invalid("parallelism must be at least 1");
        }
        if (!Enum.IsDefined(Direction))
        {
            throw RelearnException.Invalid($"unknown study direction {Direction}");
        }
        ArgumentNullException.ThrowIfNull(Sampler);
    }
}
