namespace Relearn.Core.Training.Tuning;

/// <summary>
/// One execution of a study: workers take trial numbers in turn, sample from a snapshot of the finished trials,
/// run the objective and record the outcome. Each trial's random numbers come from (seed, trial number) alone, so
/// with one worker the whole study is a pure function of the seed.
/// </summary>
internal sealed class StudyRun(SearchSpace space, Func<Trial, CancellationToken, Task<double>> objective, StudyOptions options,
    IProgress<TrialResult>? progress, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Lock _reporting = new();
    private readonly List<TrialResult> _finished = [];
    private int _started;

    public async Task<IReadOnlyList<TrialResult>> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, Math.Min(options.Parallelism, options.Trials))
            .Select(_ => Task.Run(() => WorkAsync(stop), stop.Token))
            .ToArray();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the study was cancelled", null, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return [.. Snapshot().OrderBy(t => t.Number)];
    }

    private async Task WorkAsync(CancellationTokenSource stop)
    {
        try
        {
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();
                var number = Interlocked.Increment(ref _started) - 1;
                if (number >= options.Trials)
                {
                    return;
                }
                var result = await RunTrialAsync(number, stop.Token);
                lock (_gate)
                {
                    _finished.Add(result);
                }
                lock (_reporting)
                {
                    progress?.Report(result);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A sampler or progress bug, not a trial failure: stop the other workers too.
            await stop.CancelAsync();
            throw;
        }
    }

    private Task<TrialResult> RunTrialAsync(int number, CancellationToken cancellationToken)
    {
        var parameters = options.Sampler.Sample(space, Snapshot(), options.Direction, TrialRandom.For(options.Seed, number));
        return TrialExecution.RunAsync(new Trial(number, parameters, ShouldPrune), objective, time, cancellationToken);
    }

    private bool ShouldPrune(Trial trial) =>
        options.Pruner?.ShouldPrune(trial.IntermediateValues, Snapshot(), options.Direction) ?? false;

    private TrialResult[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _finished];
        }
    }
}
