namespace Relearn.Core.Training.Tuning;

/// <summary>
/// Runs the objective on one trial and says how it ended, the same way whether the study runs in this process
/// (<see cref="StudyRun"/>) or its trials are spread over workers (<see cref="Distributed.StudyTrialRunner"/>).
/// </summary>
internal static class TrialExecution
{
    public static async Task<TrialResult> RunAsync(Trial trial, Func<Trial, CancellationToken, Task<double>> objective, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        TrialState state;
        double? value = null;
        Exception? error = null;
        try
        {
            value = await objective(trial, cancellationToken);
            state = double.IsNaN(value.Value) ? TrialState.Failed : TrialState.Complete;
            if (state == TrialState.Failed)
            {
                (value, error) = (null, new InvalidOperationException("the objective returned NaN"));
            }
        }
        catch (TrialPrunedException)
        {
            state = TrialState.Pruned;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            (state, error) = (TrialState.Failed, e);
        }
        var intermediate = trial.IntermediateValues;
        if (state == TrialState.Pruned && intermediate.Count > 0 && intermediate.MaxBy(p => p.Key).Value is var last && !double.IsNaN(last))
        {
            value = last;
        }
        return new TrialResult(trial.Number, state, trial.Params, value, intermediate, startedAt, time.GetElapsedTime(started), error);
    }
}
