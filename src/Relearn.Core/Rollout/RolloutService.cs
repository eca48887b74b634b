using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Relearn.Core.Pipelines.Alerts;
using Relearn.Core.Registry;

namespace Relearn.Core.Rollout;

/// <summary>
/// Starts, judges, promotes and aborts staged rollouts. The state lives in <see cref="IRolloutStore"/>; the evidence is
/// read from the store too (request counters every replica adds to, and labels joined to each side's predictions), so
/// any replica, or a restarted one, judges the same rollout the same way, and the store lets only one decide it.
/// </summary>
public sealed class RolloutService(IRolloutStore store, IModelRegistryStore registry, AlertNotifier alerts, TimeProvider time, ILogger<RolloutService> logger)
{
    /// <summary>Starts a rollout of <paramref name="challenger"/> (default: the latest version) against the production holder.</summary>
    public async Task<RolloutState> StartAsync(string model, int? challenger, string mode, double share, RolloutSettings settings, string actor,
        CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(model, "model name");
        ArgumentNullException.ThrowIfNull(settings);
        if (mode is not (RolloutStage.Canary or RolloutStage.Shadow))
        {
            throw RelearnException.Invalid($"mode '{mode}' is not canary or shadow");
        }
        RolloutPolicyValidation.RequireShare(share, "share");
        RolloutPolicyValidation.RequireMetric(settings.Metric, "metric");
        var registered = await registry.GetModelAsync(model, cancellationToken) ?? throw RelearnException.NotFound($"model '{model}' does not exist");
        var version = challenger ?? registered.LatestVersion;
        var found = await registry.GetVersionAsync(model, version, cancellationToken)
            ?? throw RelearnException.NotFound(string.Create(CultureInfo.InvariantCulture, $"model '{model}' has no version {version}"));
        if (!found.IsServable)
        {
            throw RelearnException.Invalid(string.Create(CultureInfo.InvariantCulture, $"version {version} of '{model}' was registered from a source URI; relearn cannot serve it"));
        }
        if (!registered.Aliases.TryGetValue(RolloutStage.Production, out var champion))
        {
            throw RelearnException.Conflict($"model '{model}' has no production version to roll out against; promote its first version directly");
        }
        if (champion == version)
        {
            throw RelearnException.Conflict(string.Create(CultureInfo.InvariantCulture, $"version {version} of '{model}' is already in production"));
        }
        var started = await store.StartRolloutAsync(model, champion, version, mode, share, settings, actor, cancellationToken);
        logger.RolloutStarted(model, version, champion, mode, share);
        return started;
    }

    /// <summary>The model's live rollout with its evidence so far, and its past rollouts (newest first).</summary>
    public async Task<RolloutStatus> StatusAsync(string model, int history = 20, CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(model, "model name");
        var registered = await registry.GetModelAsync(model, cancellationToken) ?? throw RelearnException.NotFound($"model '{model}' does not exist");
        var all = await store.ListRolloutsAsync(model, history + 1, cancellationToken);
        var live = all.FirstOrDefault(r => r.IsLive);
        return new RolloutStatus(model, registered.Aliases, live, live is null ? null : await EvidenceAsync(live, cancellationToken),
            all.Where(r => !r.IsLive).Take(history).ToList());
    }

    /// <summary>Both sides' evidence so far: counters from the store, labelled metric from the predictions and their labels.</summary>
    public async Task<RolloutEvidence> EvidenceAsync(RolloutState rollout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var versions = rollout.Champion is { } c ? new[] { c, rollout.Challenger } : [rollout.Challenger];
        var labels = await store.ListRolloutLabelsAsync(rollout.Model, rollout.StartedAt, versions, cancellationToken);
        SideEvidence Side(int? version, SideStats stats)
        {
            long n = 0, correct = 0;
            foreach (var row in labels)
            {
                if (row.Version == version)
                {
                    n++;
                    correct += Agrees(row.Output, row.Label) ? 1 : 0;
                }
            }
            return new SideEvidence(version, stats.Requests, stats.Errors, stats.ErrorRate, stats.P99Ms, n, correct, n == 0 ? null : (double)correct / n);
        }
        var end = rollout.DecidedAt ?? time.GetUtcNow();
        return new RolloutEvidence(Side(rollout.Champion, rollout.Stats.Champion), Side(rollout.Challenger, rollout.Stats.Challenger),
            Math.Round((end - rollout.StartedAt).TotalSeconds, 3));
    }

    /// <summary>Judges a live rollout and applies the verdict; null while it keeps collecting (or another replica decided it).</summary>
    public async Task<RolloutState?> JudgeAsync(RolloutState rollout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var evidence = await EvidenceAsync(rollout, cancellationToken);
        return RolloutGate.Judge(rollout.Settings, evidence) is { } verdict
            ? await DecideAsync(rollout, verdict, evidence, "rollout-gate", cancellationToken)
            : null;
    }

    /// <summary>Promotes the live rollout now, whatever the gate would say (a person's decision, audited as theirs).</summary>
    public async Task<RolloutState> PromoteAsync(string model, string actor, CancellationToken cancellationToken = default)
    {
        var rollout = await LiveAsync(model, cancellationToken);
        var evidence = await EvidenceAsync(rollout, cancellationToken);
        return await DecideAsync(rollout, new RolloutVerdict("promote", $"promoted by {actor}", "manual", 0, 0), evidence, actor, cancellationToken)
            ?? throw RelearnException.Conflict($"the rollout of '{model}' was decided meanwhile");
    }

    /// <summary>Rolls the live rollout back now: production untouched, the challenger's aliases removed.</summary>
    public async Task<RolloutState> AbortAsync(string model, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        var rollout = await LiveAsync(model, cancellationToken);
        var evidence = await EvidenceAsync(rollout, cancellationToken);
        return await DecideAsync(rollout, new RolloutVerdict("rollback", reason is { Length: > 0 } ? $"aborted by {actor}: {reason}" : $"aborted by {actor}", "manual", 0, 0),
            evidence, actor, cancellationToken)
            ?? throw RelearnException.Conflict($"the rollout of '{model}' was decided meanwhile");
    }

    private async Task<RolloutState> LiveAsync(string model, CancellationToken cancellationToken)
    {
        ModelReference.RequireName(model, "model name");
        return await store.GetLiveRolloutAsync(model, cancellationToken)
            ?? (await registry.GetModelAsync(model, cancellationToken) is null
                ? throw RelearnException.NotFound($"model '{model}' does not exist")
                : throw RelearnException.Conflict($"model '{model}' has no live rollout"));
    }

    private async Task<RolloutState?> DecideAsync(RolloutState rollout, RolloutVerdict verdict, RolloutEvidence evidence, string actor, CancellationToken cancellationToken)
    {
        var decided = await store.DecideRolloutAsync(rollout.Id, verdict.Decision, verdict.Reason, evidence, actor, cancellationToken);
        if (decided is null)
        {
            return null;
        }
        logger.RolloutDecided(rollout.Model, rollout.Challenger, verdict.Decision, verdict.Reason);
        if (verdict.Decision == "rollback")
        {
            // The alert never fails the decision: it is already in the store and the audit log.
            await alerts.NotifyAsync(new QualityAlert(rollout.Model, string.Create(CultureInfo.InvariantCulture, $"rollout-{rollout.Id}"), verdict.Criterion,
                verdict.Value, verdict.Threshold, time.GetUtcNow()), Uri.TryCreate(rollout.Settings.AlertWebhook, UriKind.Absolute, out var hook) ? hook : null, cancellationToken);
        }
        return decided;
    }

    /// <summary>Whether a prediction's class (<c>label</c> in its output) is the label fed back.</summary>
    internal static bool Agrees(string outputJson, string labelJson)
    {
        try
        {
            using var output = JsonDocument.Parse(outputJson);
            using var label = JsonDocument.Parse(labelJson);
            return output.RootElement.ValueKind == JsonValueKind.Object
                && output.RootElement.TryGetProperty("label", out var predicted)
                && Text(predicted) is { } p && p == Text(label.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };
}
