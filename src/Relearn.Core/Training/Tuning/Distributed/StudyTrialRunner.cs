using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Relearn.Core.Tracking;

namespace Relearn.Core.Training.Tuning.Distributed;

/// <summary>
/// A worker's share of a stored study: claims one trial, samples its params with TPE from every trial finished so
/// far (by any worker), runs the objective while renewing the trial's lease, and records the outcome. The median
/// pruner also reads the shared history, so pruning works across workers as it does in one process.
/// </summary>
public sealed class StudyTrialRunner(IStudyStore store, IEnumerable<IStudyObjective> objectives, ITrackingStore tracking, TimeProvider time,
    ILogger<StudyTrialRunner> logger)
{
    private static readonly TpeSampler Sampler = new();
    private static readonly MedianPruner Pruner = new();

    /// <summary>Claims and runs at most one trial of <paramref name="studyId"/>; its number, or null when none was left to claim or the claim was lost.</summary>
    /// <exception cref="OperationCanceledException">The worker is shutting down; the trial was handed back first.</exception>
    public async Task<int?> RunOneAsync(long studyId, string worker, CancellationToken cancellationToken = default)
    {
        var study = await store.GetStudyAsync(studyId, cancellationToken);
        if (study is null)
        {
            logger.StudyMissing(studyId);
            return null;
        }
        var definition = study.Definition;
        var objective = objectives.FirstOrDefault(o => o.Name == definition.Objective)
            ?? throw new InvalidOperationException($"this worker has no study objective '{definition.Objective}'; is it the same relearn version as the coordinator?");
        var claim = await store.ClaimTrialAsync(studyId, worker, cancellationToken);
        if (claim is null)
        {
            return null;
        }
        logger.TrialClaimed(studyId, claim.Number, claim.Attempt, worker);
        if (claim.LostRunId is { } lostRun)
        {
            await CloseLostRunAsync(lostRun, cancellationToken);
        }

        var lost = new StrongBox<bool>();
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = RenewAsync(claim, definition.TrialLease / 3, lease, lost);
        try
        {
            var encoded = claim.Encoded;
            if (encoded is null)
            {
                var finished = await FinishedAsync(studyId, objective.Space, cancellationToken);
                encoded = Sampler.Sample(objective.Space, finished, definition.Direction, TrialRandom.For(definition.Seed, claim.Number)).Encoded;
                if (!await store.SetTrialParamsAsync(claim, encoded, cancellationToken))
                {
                    logger.TrialLost(studyId, claim.Number, claim.Attempt);
                    return null;
                }
            }
            var trial = new Trial(claim.Number, new TrialParams(objective.Space, encoded), t => ShouldPrune(t, studyId, objective.Space, definition.Direction));
            var context = new TrialContext(worker, claim.Attempt, async (runId, token) => await store.SetTrialRunAsync(claim, runId, token));
            var result = await TrialExecution.RunAsync(trial, (t, token) => objective.EvaluateAsync(study, t, context, token), time, lease.Token);
            if (!await store.FinishTrialAsync(claim, result, cancellationToken))
            {
                logger.TrialLost(studyId, claim.Number, claim.Attempt);
                return null;
            }
            logger.TrialFinished(studyId, claim.Number, result.State, result.Value);
            return claim.Number;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the trial back now instead of making another worker wait out the lease.
            await store.ReleaseTrialAsync(claim, CancellationToken.None);
            throw;
        }
        catch (OperationCanceledException) when (lost.Value)
        {
            logger.TrialLost(studyId, claim.Number, claim.Attempt);
            return null;
        }
        finally
        {
            await lease.CancelAsync();
            await heartbeat;
        }
    }

    /// <summary>Renews the lease every <paramref name="every"/> until cancelled; cancels the trial when the lease was lost.</summary>
    private async Task RenewAsync(TrialClaim claim, TimeSpan every, CancellationTokenSource lease, StrongBox<bool> lost)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, time, lease.Token);
                bool renewed;
                try
                {
                    renewed = await store.RenewTrialLeaseAsync(claim, lease.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A blip of the store: the lease outlasts two missed beats, so try again at the next one.
                    logger.LeaseRenewalFailed(e, claim.StudyId, claim.Number);
                    continue;
                }
                if (!renewed)
                {
                    lost.Value = true;
                    await lease.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool ShouldPrune(Trial trial, long studyId, SearchSpace space, StudyDirection direction)
    {
        try
        {
            // Trial.Report is synchronous, as Optuna's trial.report is: read the shared history once per report.
            var finished = FinishedAsync(studyId, space, CancellationToken.None).GetAwaiter().GetResult();
            return Pruner.ShouldPrune(trial.IntermediateValues, finished, direction);
        }
        catch (Exception e) when (e is not TrialPrunedException)
        {
            // The history could not be read: carry on rather than fail a good trial.
            logger.PruneCheckFailed(e, studyId, trial.Number);
            return false;
        }
    }

    private async Task<IReadOnlyList<TrialResult>> FinishedAsync(long studyId, SearchSpace space, CancellationToken cancellationToken) =>
        [.. (await store.GetTrialsAsync(studyId, cancellationToken)).Where(t => t.State is not null).Select(t => t.ToResult(space))];

    /// <summary>The child run of a dead worker's attempt would stay "running" forever: end it as failed, tagged lost.</summary>
    private async Task CloseLostRunAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await tracking.GetRunAsync(runId, cancellationToken);
        if (run is { Info.Status: RunStatus.Running })
        {
            await tracking.SetTagsAsync(runId, new Dictionary<string, string> { ["relearn.trial_state"] = "lost" }, cancellationToken);
            await tracking.EndRunAsync(runId, RunStatus.Failed, cancellationToken);
        }
    }
}
