using System.Globalization;
using Relearn.Core.Pipelines.Alerts;
using Relearn.Core.Pipelines.Caching;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines;

public sealed partial class PipelineRunner
{
    private async Task<StageOutcome> AttemptAsync(LoadedRun loaded, StageDefinition stage, CancellationToken cancellationToken)
    {
        var definition = loaded.Definition;
        var claim = await store.ClaimStageAsync(new StageClaim(loaded.Run.Id, stage.Name, stage.Upstream, Owner, Options.LeaseDuration,
            stage.ConcurrencyTag, stage.ConcurrencyTag is { } tag ? definition.ConcurrencyLimit(tag) : 0), cancellationToken);
        switch (claim.Status)
        {
            case ClaimStatus.Complete:
                return new StageOutcome(stage.Name, StageOutcomeKind.AlreadyComplete, Claim: claim.Status);
            case ClaimStatus.RunNotRunning:
                return new StageOutcome(stage.Name, StageOutcomeKind.RunStopped, Claim: claim.Status);
            case not ClaimStatus.Claimed:
                return new StageOutcome(stage.Name, StageOutcomeKind.Waiting, claim.Attempt, Claim: claim.Status);
        }
        var attempt = claim.Attempt!;
        using var leaseLost = new CancellationTokenSource();
        await using var heartbeat = new LeaseHeartbeat(time, Options.HeartbeatInterval,
            token => store.RenewStageAsync(attempt.Id, Owner, Options.LeaseDuration, token), leaseLost);
        using var log = new StringWriter(CultureInfo.InvariantCulture);
        FingerprintDetail? detail = null;
        StepResult? result = null;
        try
        {
            var upstream = await UpstreamOutputsAsync(loaded, stage, cancellationToken);
            await OutputFiles.RestoreAsync(artifacts, loaded.Run.ProjectFolder, upstream.Values.SelectMany(o => o.Values), cancellationToken);
            var step = steps.Get(stage.Step);
            detail = await StageFingerprint.ComputeAsync(stage, step, loaded.Run.Params, loaded.Run.ProjectFolder, upstream, cancellationToken);
            if (!loaded.Run.Forced.Contains(stage.Name) && !step.AlwaysRuns
                && await store.FindCachedStageAsync(detail.Fingerprint, cancellationToken) is { } hit && await ArtifactsExistAsync(hit, cancellationToken))
            {
                await OutputFiles.RestoreAsync(artifacts, loaded.Run.ProjectFolder, hit.Outputs.Values, cancellationToken);
                result = new StepResult(hit.Outputs, hit.Metrics);
                log.WriteLine($"cached: outputs of run {hit.RunId} attempt {hit.Attempt} (fingerprint {detail.Fingerprint[..12]})");
                return await FinishAsync(loaded, stage, attempt, StageState.Cached, detail, result, log, hit.RunId, cancellationToken);
            }
            string Resolve(string value) => Template.Resolve(value, loaded.Run.Params, (s, o) => upstream[s][o].Value);
            var context = new StepContext(loaded.Run.Id, definition.Name, stage, stage.Command.Select(Resolve).ToArray(),
                stage.With.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value)), stage.Env.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value)),
                stage.Inputs.Select(Resolve).ToArray(), loaded.Run.ProjectFolder, TextWriter.Synchronized(log));
            using var timeout = stage.Timeout is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseLost.Token, timeout.Token);
            try
            {
                result = await step.ExecuteAsync(context, linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"timed out after {stage.Timeout!.Value.TotalSeconds:0.###} s");
            }
            var breach = CheckAlerts(stage, loaded.Run.Params, result.Metrics);
            if (breach is not null)
            {
                log.WriteLine($"ALERT {breach.Value.Message}");
                var outcome = await FinishAsync(loaded, stage, attempt, StageState.Failed, detail, result, log, null, cancellationToken, breach.Value.Message);
                await NotifyAsync(loaded, stage, breach.Value, cancellationToken);
                return outcome with { Kind = StageOutcomeKind.Alerted };
            }
            return await FinishAsync(loaded, stage, attempt, StageState.Succeeded, detail, result, log, null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.WriteLine("cancelled");
            await FinishAsync(loaded, stage, attempt, StageState.Abandoned, detail, result, log, null, CancellationToken.None, "cancelled");
            throw;
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            logger.StageLeaseLost(loaded.Run.Id, stage.Name, attempt.Attempt);
            return new StageOutcome(stage.Name, StageOutcomeKind.Waiting, attempt, "lost its lease", ClaimStatus.Leased);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var error = e.Message.ReplaceLineEndings(" ");
            log.WriteLine($"error: {error}");
            logger.StageFailed(e is RelearnException ? null : e, loaded.Run.Id, stage.Name, attempt.Attempt, error);
            return await FinishAsync(loaded, stage, attempt, StageState.Failed, detail, result, log, null, CancellationToken.None, error);
        }
    }

    private async Task<StageOutcome> FinishAsync(LoadedRun loaded, StageDefinition stage, StageAttempt attempt, StageState state, FingerprintDetail? detail,
        StepResult? result, StringWriter log, string? cachedFrom, CancellationToken cancellationToken, string? error = null)
    {
        var logDigest = (await artifacts.PutTextAsync(log.ToString(), cancellationToken)).Digest;
        var metrics = (result?.Metrics ?? new Dictionary<string, double>()).Where(m => double.IsFinite(m.Value)).ToDictionary();
        var completion = new AttemptCompletion(state, detail?.Fingerprint, detail?.ToJson(), result?.Outputs ?? new Dictionary<string, StageOutput>(),
            metrics, error, logDigest, cachedFrom);
        if (!await store.CompleteStageAsync(attempt.Id, Owner, completion, cancellationToken))
        {
            logger.StageLeaseLost(loaded.Run.Id, stage.Name, attempt.Attempt);
            return new StageOutcome(stage.Name, StageOutcomeKind.Waiting, attempt, "lost its lease", ClaimStatus.Leased);
        }
        var kind = state switch
        {
            StageState.Succeeded => StageOutcomeKind.Succeeded,
            StageState.Cached => StageOutcomeKind.Cached,
            _ => StageOutcomeKind.Failed,
        };
        var ended = attempt with { State = state, EndedAt = time.GetUtcNow(), Fingerprint = detail?.Fingerprint, Outputs = completion.Outputs,
            Metrics = metrics, Error = error, LogDigest = logDigest, CachedFromRun = cachedFrom };
        return new StageOutcome(stage.Name, kind, ended, error);
    }

    /// <summary>An alert breach: the rule, the measured value and one line saying so.</summary>
    private readonly record struct AlertBreach(AlertRule Rule, double Value, double Threshold, string Message);

    private static AlertBreach? CheckAlerts(StageDefinition stage, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var rule in stage.Alerts)
        {
            if (!metrics.TryGetValue(rule.Metric, out var value))
            {
                throw RelearnException.Invalid($"stage {stage.Name}: alert on '{rule.Metric}' but the step reported no such metric (metrics: {string.Join(", ", metrics.Keys)})");
            }
            var below = rule.Below is not null;
            var threshold = double.Parse(Template.Resolve(below ? rule.Below! : rule.Above!, parameters, (_, _) => ""), CultureInfo.InvariantCulture);
            if (below ? value < threshold : value > threshold)
            {
                return new AlertBreach(rule, value, threshold, FormattableString.Invariant(
                    $"stage {stage.Name}: {rule.Metric} {value:0.####} is {(below ? "below" : "above")} the threshold {threshold:0.####}"));
            }
        }
        return null;
    }

    private async Task NotifyAsync(LoadedRun loaded, StageDefinition stage, AlertBreach breach, CancellationToken cancellationToken)
    {
        var hook = breach.Rule.Webhook is { } template ? Template.Resolve(template, loaded.Run.Params, (_, _) => "") : null;
        var webhook = !string.IsNullOrWhiteSpace(hook) && Uri.TryCreate(hook, UriKind.Absolute, out var uri) ? uri : Options.AlertWebhook;
        await alerts.NotifyAsync(new QualityAlert($"{loaded.Definition.Name}/{stage.Name}", loaded.Run.Id, breach.Rule.Metric, breach.Value, breach.Threshold,
            time.GetUtcNow(), breach.Rule.Below is not null ? "below" : "above"), webhook, cancellationToken);
    }
}
