using Relearn.Core.Tracking;
using Relearn.Core.Training.Tuning;

namespace Relearn.GitHub.Tasks.IssueClose;

/// <summary>The training folds one trial scores its settings on, featurized once per study.</summary>
public sealed record IssueCloseFolds(IReadOnlyList<(FeaturizedRows Train, FeaturizedRows Valid)> Folds)
{
    /// <summary>Cuts <paramref name="train"/> into expanding-window folds and featurizes each (the featurizer fitted on the fold's own training part).</summary>
    public static IssueCloseFolds Featurize(IReadOnlyList<IssueCloseExample> train, int folds, int seed) =>
        new([.. TimeOrderedSplit.Folds(train, folds).Select(fold =>
        {
            var featurizer = IssueCloseFeaturizer.Fit(fold.Train, seed);
            return (featurizer.Transform(fold.Train), featurizer.Transform(fold.Valid));
        })]);
}

/// <summary>
/// One issue-close trial, in this process or on a worker: a child run that logs the settings and reports the running
/// mean validation AUC after each fold (the pruning steps). <c>relearn.worker</c> on the run says which process ran it.
/// </summary>
internal sealed class IssueCloseTrial(ITrackingStore tracking, TimeProvider time)
{
    public async Task<double> RunAsync(long experimentId, string parentRunId, Trial trial, IssueCloseFolds folds, int seed, string worker,
        Func<string, CancellationToken, Task>? attachRun, CancellationToken cancellationToken)
    {
        var parameters = IssueCloseTraining.ToParameters(trial.Params, seed);
        var child = await tracking.CreateRunAsync(experimentId, $"trial-{trial.Number}", parentRunId, cancellationToken);
        if (attachRun is not null)
        {
            await attachRun(child.RunId, cancellationToken);
        }
        await tracking.LogParamsAsync(child.RunId, parameters.ToParams(), cancellationToken);
        await tracking.SetTagsAsync(child.RunId, new Dictionary<string, string> { ["relearn.worker"] = worker }, cancellationToken);
        try
        {
            var sum = 0.0;
            for (var step = 0; step < folds.Folds.Count; step++)
            {
                var fold = folds.Folds[step];
                // WaitAsync: a stopping worker hands its trial back at once rather than after LightGBM finishes the fold.
                sum += await Task.Run(() => IssueCloseModel.ValidationAuc(fold.Train, fold.Valid, parameters), cancellationToken).WaitAsync(cancellationToken);
                var mean = sum / (step + 1);
                await tracking.LogMetricsAsync(child.RunId, [new MetricPoint("validation_auc", mean, step, time.GetUtcNow())], cancellationToken);
                trial.Report(step, mean);
            }
            await tracking.EndRunAsync(child.RunId, RunStatus.Finished, cancellationToken);
            return sum / folds.Folds.Count;
        }
        catch (TrialPrunedException)
        {
            await tracking.SetTagsAsync(child.RunId, new Dictionary<string, string> { ["relearn.trial_state"] = "pruned" }, CancellationToken.None);
            await tracking.EndRunAsync(child.RunId, RunStatus.Killed, CancellationToken.None);
            throw;
        }
        catch
        {
            await tracking.EndRunAsync(child.RunId, RunStatus.Failed, CancellationToken.None);
            throw;
        }
    }
}
