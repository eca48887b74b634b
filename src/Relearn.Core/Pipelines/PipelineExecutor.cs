using Microsoft.Extensions.Logging;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines;

/// <summary>
/// Starts and resumes pipeline runs and drives them: holds the run's lease (renewed by a heartbeat), asks the store
/// which stages are ready, hands up to <see cref="PipelineRunnerOptions.Parallelism"/> of them to the
/// <see cref="IStageDispatcher"/> at once, and ends the run succeeded, or failed with the first stage error or alert.
/// It keeps no state the store does not have: a resumed run picks up exactly where the store says it stands.
/// </summary>
public sealed class PipelineExecutor(IPipelineStore store, IArtifactStore artifacts, PipelineRunner runner, IStageDispatcher dispatcher, TimeProvider time,
    ILogger<PipelineExecutor> logger)
{
    /// <summary>Validates <paramref name="source"/>, records a new run and drives it to its end.</summary>
    public async Task<PipelineRunResult> StartAsync(PipelineSource source, IReadOnlyDictionary<string, string> overrides, IReadOnlyCollection<string> forced,
        string trigger, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var run = await CreateRunAsync(source, overrides, forced, trigger, cancellationToken);
        return await DriveAsync(run.Id, progress, cancellationToken);
    }

    /// <summary>Validates and records a new run, leased to this process, without running it.</summary>
    public async Task<PipelineRun> CreateRunAsync(PipelineSource source, IReadOnlyDictionary<string, string> overrides, IReadOnlyCollection<string> forced,
        string trigger, CancellationToken cancellationToken = default)
    {
        var run = await NewRunAsync(source, overrides, forced, trigger, cancellationToken);
        await store.CreatePipelineRunAsync(run, runner.Options.LeaseDuration, cancellationToken);
        return run;
    }

    /// <summary>
    /// Validates and records the run of one occurrence of a schedule, leased to this process, without running it: the
    /// occurrence is claimed in the same transaction (<see cref="IPipelineStore.CreateScheduledPipelineRunAsync"/>).
    /// Null, and nothing recorded, when another scheduler already claimed the occurrence.
    /// </summary>
    public async Task<PipelineRun?> CreateScheduledRunAsync(PipelineSource source, IReadOnlyDictionary<string, string> overrides, string trigger,
        string schedule, DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        var run = await NewRunAsync(source, overrides, [], trigger, cancellationToken);
        return await store.CreateScheduledPipelineRunAsync(run, runner.Options.LeaseDuration, schedule, occurrence, cancellationToken) ? run : null;
    }

    /// <summary>A new run of <paramref name="source"/> once its params and forced stages validate, its definition stored as an artifact.</summary>
    private async Task<PipelineRun> NewRunAsync(PipelineSource source, IReadOnlyDictionary<string, string> overrides, IReadOnlyCollection<string> forced,
        string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var definition = source.Parse();
        var parameters = PipelineValidator.ResolveParams(definition, overrides);
        PipelineValidator.Validate(definition, runner.Steps, source.ProjectFolder, parameters);
        foreach (var stage in forced.Where(f => definition.Stages.All(s => s.Name != f)))
        {
            throw RelearnException.Invalid($"--force {stage}: pipeline {definition.Name} has no stage '{stage}'");
        }
        var stored = await artifacts.PutTextAsync(source.Yaml, cancellationToken);
        return new PipelineRun(Guid.NewGuid().ToString("N"), definition.Name, stored.Digest, source.ProjectFolder, parameters, forced.Distinct().ToArray(),
            PipelineRunState.Running, trigger, null, runner.Owner, null, time.GetUtcNow(), null);
    }

    /// <summary>
    /// Continues an interrupted or failed run: leases held by provably dead processes of this host are released at once,
    /// other expired ones are reclaimed, and stages already complete are not run again.
    /// </summary>
    public async Task<PipelineRunResult> ResumeAsync(string runId, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await ClaimForResumeAsync(runId, cancellationToken);
        return await DriveAsync(runId, progress, cancellationToken);
    }

    /// <summary>
    /// The first half of <see cref="ResumeAsync"/>: releases dead owners' leases and takes the run's lease for this process,
    /// so a caller that drives it later (in the background) knows now whether it may. Throws when the run does not exist,
    /// already succeeded, or a live coordinator holds it.
    /// </summary>
    public async Task ClaimForResumeAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await store.GetPipelineRunAsync(runId, cancellationToken) ?? throw RelearnException.NotFound($"pipeline run {runId} does not exist");
        if (run.State == PipelineRunState.Succeeded)
        {
            throw RelearnException.Conflict($"pipeline run {runId} already succeeded; nothing to resume");
        }
        foreach (var owner in await store.GetLeaseOwnersAsync(runId, cancellationToken))
        {
            if (owner != runner.Owner && LeaseOwner.IsProvablyDead(owner))
            {
                logger.DeadOwnerExpired(runId, owner);
                await store.ExpireLeasesAsync(owner, cancellationToken);
            }
        }
        await store.ReapExpiredAsync(cancellationToken);
        if (!await store.ClaimPipelineRunAsync(runId, runner.Owner, runner.Options.LeaseDuration, cancellationToken))
        {
            var holder = await store.GetPipelineRunAsync(runId, cancellationToken);
            throw RelearnException.Conflict($"pipeline run {runId} is being run by {holder?.LeaseOwner} (lease until {holder?.LeaseExpiresAt:O}); resume it after that");
        }
    }

    /// <summary>Drives a run this process holds the lease of until it ends.</summary>
    public async Task<PipelineRunResult> DriveAsync(string runId, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        var loaded = await runner.LoadRunAsync(runId, cancellationToken);
        using var leaseLost = new CancellationTokenSource();
        using var driving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseLost.Token);
        await using (new LeaseHeartbeat(time, runner.Options.HeartbeatInterval,
            token => store.RenewPipelineRunAsync(runId, runner.Owner, runner.Options.LeaseDuration, token), leaseLost))
        {
            try
            {
                var (state, error) = await LoopAsync(loaded, progress, driving.Token);
                await store.EndPipelineRunAsync(runId, runner.Owner, state, error, CancellationToken.None);
            }
            catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw RelearnException.Conflict($"pipeline run {runId}: lost its lease to another coordinator; it carries on there");
            }
            catch (OperationCanceledException)
            {
                await store.EndPipelineRunAsync(runId, runner.Owner, PipelineRunState.Interrupted, "cancelled; resume it with --resume", CancellationToken.None);
                throw;
            }
        }
        var run = await store.GetPipelineRunAsync(runId, CancellationToken.None);
        return new PipelineRunResult(run!, await store.GetStageAttemptsAsync(runId, CancellationToken.None));
    }

    private async Task<(PipelineRunState State, string? Error)> LoopAsync(LoadedRun loaded, IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        var runId = loaded.Run.Id;
        var inFlight = new Dictionary<string, Task<StageOutcome>>(StringComparer.Ordinal);
        var waitingUntil = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        string? failure = null;
        while (true)
        {
            var attempts = await store.GetStageAttemptsAsync(runId, cancellationToken);
            var complete = attempts.Where(a => a.IsComplete).Select(a => a.Stage).ToHashSet(StringComparer.Ordinal);
            if (complete.Count == loaded.Order.Count)
            {
                return (PipelineRunState.Succeeded, null);
            }
            if (failure is not null && inFlight.Count == 0)
            {
                return (PipelineRunState.Failed, failure);
            }
            var now = time.GetUtcNow();
            foreach (var stage in loaded.Order)
            {
                if (failure is not null || inFlight.Count >= runner.Options.Parallelism)
                {
                    break;
                }
                if (complete.Contains(stage.Name) || inFlight.ContainsKey(stage.Name) || waitingUntil.GetValueOrDefault(stage.Name) > now
                    || !stage.Upstream.All(complete.Contains))
                {
                    continue;
                }
                progress?.Report(new PipelineProgress(runId, stage.Name, "running", 0, null, null));
                inFlight[stage.Name] = dispatcher.DispatchAsync(runId, stage.Name, cancellationToken);
            }
            var pause = Task.Delay(runner.Options.PollInterval, time, cancellationToken);
            var finished = await Task.WhenAny(inFlight.Values.Cast<Task>().Append(pause));
            if (finished == pause)
            {
                await pause;
                continue;
            }
            var outcome = await (Task<StageOutcome>)finished;
            inFlight.Remove(outcome.Stage);
            var attempt = outcome.Attempt;
            switch (outcome.Kind)
            {
                case StageOutcomeKind.Waiting:
                    waitingUntil[outcome.Stage] = time.GetUtcNow() + runner.Options.PollInterval;
                    progress?.Report(new PipelineProgress(runId, outcome.Stage, "waiting", attempt?.Attempt ?? 0, null, outcome.Claim?.ToString().ToLowerInvariant()));
                    break;
                case StageOutcomeKind.RunStopped:
                    return (PipelineRunState.Failed, failure ?? "the run was stopped by another process");
                case StageOutcomeKind.Failed or StageOutcomeKind.Alerted:
                    failure ??= outcome.Kind == StageOutcomeKind.Alerted ? $"alert: {outcome.Error}" : $"stage {outcome.Stage} failed: {outcome.Error}";
                    progress?.Report(new PipelineProgress(runId, outcome.Stage, outcome.Kind == StageOutcomeKind.Alerted ? "alert" : "failed",
                        attempt?.Attempt ?? 0, attempt?.Duration, outcome.Error));
                    break;
                default:
                    progress?.Report(new PipelineProgress(runId, outcome.Stage, outcome.Kind == StageOutcomeKind.Cached ? "cached" : "succeeded",
                        attempt?.Attempt ?? 0, attempt?.Duration, null));
                    break;
            }
        }
    }
}
