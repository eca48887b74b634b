using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relearn.Core.Hosting;
using Relearn.Core.Monitoring;
using Relearn.Core.Monitoring.Drift;
using Relearn.Core.Monitoring.Feedback;
using Relearn.Core.Pipelines;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Registry;

namespace Relearn.Core.Rollout;

/// <summary>
/// Runs the retraining policies of the pipelines a server was started with (<c>relearn serve --pipeline NAME|FILE</c>).
/// Each pass checks every policy's triggers; when one fires, the model's retraining is claimed in the store (so of
/// several servers on one store only one retrains), the stored feedback labels are exported as a new dataset version and
/// added to the policy's feedback stage, the model's own pipeline runs with the policy's param overrides, and the version
/// it registered is rolled out as the policy says. No trigger is checked while the model has a live rollout, a
/// retraining is running, or the cool-down since the last retraining has not passed.
/// </summary>
public sealed class RetrainingLoop(PipelineCatalog catalog, PipelineExecutor executor, IRolloutStore store, IPredictionStore predictions,
    IModelRegistryStore registry, RolloutService rollouts, FeedbackDataset feedback, ModelMonitor monitor, RelearnLocation location, IOptions<RolloutOptions> options,
    TimeProvider time, ILogger<RetrainingLoop> logger) : IAsyncDisposable
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly Dictionary<string, DateTimeOffset> _driftCheckedAt = new(StringComparer.Ordinal);
    private IReadOnlyList<ActivePolicy>? _policies;

    /// <summary>A policy turned on, with the pipeline it retrains.</summary>
    /// <param name="Model">The model it retrains.</param>
    /// <param name="Source">Its pipeline.</param>
    /// <param name="Definition">The parsed pipeline.</param>
    /// <param name="Policy">The policy.</param>
    public sealed record ActivePolicy(string Model, PipelineSource Source, PipelineDefinition Definition, RetrainPolicy Policy);

    /// <summary>
    /// The policies turned on, read and validated once: a pipeline that is neither a file nor a built-in name, or has no
    /// <c>retrain:</c> block, is one line naming it. A command calls it before its host starts.
    /// </summary>
    public IReadOnlyList<ActivePolicy> Load()
    {
        if (_policies is not null)
        {
            return _policies;
        }
        var policies = new List<ActivePolicy>();
        foreach (var pipeline in options.Value.Pipelines)
        {
            var source = File.Exists(pipeline) ? PipelineSource.FromFile(pipeline) : catalog.Resolve(pipeline, null);
            var definition = source.Parse();
            if (definition.Retrain is not { } policy)
            {
                continue;
            }
            var model = Template.Resolve(policy.Model, definition.Params, (_, _) => throw RelearnException.Invalid($"pipeline {definition.Name}: retrain.model may not reference stage outputs"));
            policies.Add(new ActivePolicy(ModelReference.RequireName(model, "retrain.model"), source, definition, policy));
        }
        return _policies = policies;
    }

    /// <summary>One pass: checks every policy and starts the retraining of those whose trigger fired.</summary>
    public async Task PassAsync(CancellationToken cancellationToken = default)
    {
        _running.RemoveAll(t => t.IsCompleted);
        foreach (var active in Load())
        {
            if (await store.GetLiveRolloutAsync(active.Model, cancellationToken) is not null)
            {
                continue;
            }
            var last = await store.GetRetrainClaimAsync(active.Model, cancellationToken);
            var now = time.GetUtcNow();
            if (last is { FinishedAt: null } && now - last.ClaimedAt < options.Value.RetrainStaleAfter)
            {
                continue;
            }
            if (last?.FinishedAt is { } finished && now - finished < active.Policy.Cooldown)
            {
                continue;
            }
            var since = last?.ClaimedAt;
            if (await FiredAsync(active, since, cancellationToken) is not { } trigger)
            {
                continue;
            }
            if (!await store.TryClaimRetrainAsync(active.Model, _owner, trigger, options.Value.RetrainStaleAfter, cancellationToken))
            {
                continue;
            }
            logger.RetrainStarted(active.Model, trigger);
            _running.Add(Task.Run(() => RetrainAsync(active, trigger, _stopping.Token), CancellationToken.None));
        }
    }

    /// <summary>Retrainings this process runs now.</summary>
    public int Running => _running.Count(t => !t.IsCompleted);

    /// <summary>The first trigger of the policy that fires, described in one line, or null.</summary>
    private async Task<string?> FiredAsync(ActivePolicy active, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        foreach (var trigger in active.Policy.Triggers)
        {
            var fired = trigger.Kind switch
            {
                "labels" => await store.CountLabelsSinceAsync(active.Model, since ?? DateTimeOffset.UnixEpoch, cancellationToken) is var n && n >= trigger.Count
                    ? string.Create(CultureInfo.InvariantCulture, $"labels: {n} new labels (threshold {trigger.Count})") : null,
                "performance" => await PerformanceAsync(active.Model, trigger, since, cancellationToken),
                "schedule" => PipelineValidator.ParseCron(trigger.Cron!, "retrain cron").GetNextOccurrence((since ?? _started).UtcDateTime, TimeZoneInfo.Utc) is { } next
                    && next <= time.GetUtcNow().UtcDateTime ? $"schedule: {trigger.Cron} due at {next:O}" : null,
                "drift" => await DriftAsync(active.Model, trigger, cancellationToken),
                _ => null,
            };
            if (fired is not null)
            {
                return fired;
            }
        }
        return null;
    }

    /// <summary>Fires when the production version's accuracy over its last N labels is below its registered accuracy by more than the margin.</summary>
    private async Task<string?> PerformanceAsync(string model, RetrainTrigger trigger, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        if (await registry.GetAliasAsync(model, RolloutStage.Production, cancellationToken) is not { } production
            || await registry.GetVersionAsync(model, production, cancellationToken) is not { } version
            || !version.Metrics.TryGetValue(trigger.Metric!, out var reference))
        {
            return null;
        }
        var labelled = (await predictions.ListLabelledAsync(model, trigger.Window * 4, cancellationToken))
            .Where(l => l.Prediction.Version == production && (since is null || l.Label.ReceivedAt >= since))
            .Take(trigger.Window)
            .ToList();
        if (labelled.Count < trigger.Window)
        {
            return null;
        }
        var live = labelled.Count(l => RolloutService.Agrees(l.Prediction.OutputJson, l.Label.LabelJson)) / (double)labelled.Count;
        return live < reference - trigger.Margin
            ? string.Create(CultureInfo.InvariantCulture,
                $"performance: {trigger.Metric} {live:0.####} over the last {labelled.Count} labels of version {production} < reference {reference:0.####} - margin {trigger.Margin}")
            : null;
    }

    /// <summary>
    /// Fires when the share of drifted columns over the production version's last N predictions (against that version's
    /// reference profile, the drift analysis of <c>relearn monitor drift</c>) reaches the trigger's share. Fewer than N
    /// predictions, or a window the analysis calls "not enough data", never fires.
    /// </summary>
    private async Task<string?> DriftAsync(string model, RetrainTrigger trigger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A drift check reads the window and tests every column (text drift trains a classifier): not on every pass.
        if ((_driftCheckedAt.TryGetValue(model, out var checkedAt) && now - checkedAt < options.Value.DriftCheckInterval)
            || await registry.GetAliasAsync(model, RolloutStage.Production, cancellationToken) is not { } production)
        {
            return null;
        }
        _driftCheckedAt[model] = now;
        DriftReport report;
        try
        {
            report = await monitor.DriftAsync(new ModelReference(model, null, production), MonitorWindow.LastPredictions(trigger.Window), cancellationToken: cancellationToken);
        }
        catch (RelearnException e)
        {
            // A version without a usable reference profile (registered from a source URI, say) cannot drift; say so, keep the other triggers.
            logger.DriftTriggerUnchecked(model, e.Message);
            return null;
        }
        if (report.Verdict is not null || report.CurrentRows < trigger.Window || report.Share < trigger.Share)
        {
            return null;
        }
        var drifted = string.Join(", ", report.Columns.Where(c => c.Drift).Select(c => c.Column));
        return string.Create(CultureInfo.InvariantCulture,
            $"drift: share {report.Share:0.###} of columns drifted ({drifted}) over the last {report.CurrentRows} predictions of version {production} >= {trigger.Share}");
    }

    private async Task RetrainAsync(ActivePolicy active, string trigger, CancellationToken cancellationToken)
    {
        string? runId = null;
        string outcome;
        try
        {
            var source = active.Source;
            var overrides = new Dictionary<string, string>(active.Policy.Params, StringComparer.Ordinal);
            var note = "";
            if (active.Policy.FeedbackStage is { } stage)
            {
                var workspace = Path.Combine(location.Home, "retrain", active.Model, time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture));
                var export = await feedback.ExportAsync(active.Model, active.Policy.MaxFeedback, Path.Combine(workspace, "feedback"), cancellationToken);
                if (export is not null)
                {
                    source = RetrainWorkspace.WithExtraInput(source, active.Definition, overrides, stage, workspace, Path.GetRelativePath(workspace, export.Path));
                    note = $", feedback {export.Dataset.Id} ({export.Rows} labels)";
                }
            }
            var result = await executor.StartAsync(source, overrides, [], $"retrain: {trigger}{note}", cancellationToken: cancellationToken);
            runId = result.Run.Id;
            if (!result.Succeeded)
            {
                outcome = $"pipeline run {runId} {result.Run.State.ToString().ToLowerInvariant()}: {result.Run.Error}";
            }
            else if (RegisteredVersion(active.Definition, result) is not { } version)
            {
                outcome = $"pipeline run {runId} registered no version of {active.Model}";
            }
            else
            {
                var plan = active.Policy.Rollout;
                var rollout = await rollouts.StartAsync(active.Model, version, plan.Mode, plan.Share, plan.Settings, "retrain", cancellationToken);
                outcome = string.Create(CultureInfo.InvariantCulture, $"version {version} in {rollout.Mode} (rollout {rollout.Id}){note}");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = $"failed: {e.Message}";
        }
        catch (OperationCanceledException)
        {
            outcome = "interrupted: the server stopped";
        }
        logger.RetrainFinished(active.Model, outcome);
        try
        {
            await store.FinishRetrainAsync(active.Model, _owner, runId, outcome, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.RolloutPassFailed(e);
        }
    }

    /// <summary>The version the run's <c>register</c> stage made (its <c>version</c> output, <c>name:N</c>).</summary>
    private static int? RegisteredVersion(PipelineDefinition definition, PipelineRunResult result)
    {
        var registerStages = definition.Stages.Where(s => s.Step == "register").Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return result.Attempts.Where(a => registerStages.Contains(a.Stage) && a.IsComplete && a.Outputs.ContainsKey("version"))
            .Select(a => ModelReference.Parse(a.Outputs["version"].Value).Version)
            .LastOrDefault(v => v is not null);
    }

    /// <summary>Stops the retrainings this process runs (their runs end interrupted and their claims go stale).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Each retraining already logged how it ended.
        }
        _stopping.Dispose();
    }
}
