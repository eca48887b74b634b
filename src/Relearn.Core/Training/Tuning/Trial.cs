namespace Relearn.Core.Training.Tuning;

/// <summary>One run of the objective: its number, its hyperparameters, and a channel to report progress for pruning.</summary>
public sealed class Trial
{
    private readonly SortedDictionary<int, double> _intermediate = [];
    private readonly Lock _gate = new();
    private readonly Func<Trial, bool> _shouldPrune;

    internal Trial(int number, TrialParams parameters, Func<Trial, bool> shouldPrune)
    {
        Number = number;
        Params = parameters;
        _shouldPrune = shouldPrune;
    }

    /// <summary>Trial number, from 0 in the order trials started.</summary>
    public int Number { get; }

    /// <summary>The hyperparameters to evaluate.</summary>
    public TrialParams Params { get; }

    /// <summary>A copy of the values reported so far, by step.</summary>
    public IReadOnlyDictionary<int, double> IntermediateValues
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<int, double>(_intermediate);
            }
        }
    }

    /// <summary>
    /// Records the objective's value at <paramref name="step"/> (e.g. validation score after an epoch) and asks the
    /// pruner whether to go on. A second report for a step already reported is ignored, as in Optuna.
    /// </summary>
    /// <exception cref="TrialPrunedException">The pruner stopped this trial; let it propagate.</exception>
    public void Report(int step, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        lock (_gate)
        {
            if (!_intermediate.TryAdd(step, value))
            {
                return;
            }
        }
        if (_shouldPrune(this))
        {
            throw new TrialPrunedException(Number, step);
        }
    }
}
