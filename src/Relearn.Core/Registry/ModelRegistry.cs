using System.Globalization;
using Relearn.Core.Datasets;
using Relearn.Core.Models;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Core.Registry;

/// <summary>
/// Registers versions from runs, moves aliases under promotion rules (a challenger that scores worse than the
/// alias holder on the same data is refused unless forced), rolls back, and answers lineage questions.
/// </summary>
public sealed class ModelRegistry(IModelRegistryStore store, ITrackingStore tracking, IDatasetCatalog datasets, IArtifactStore artifacts, ModelTaskCatalog tasks,
    IServiceProvider? services = null)
{
    /// <summary>The alias served and evaluated when none is named.</summary>
    public const string DefaultAlias = "production";

    /// <summary>Run artifact name of the model package.</summary>
    public const string ModelArtifact = "model";

    /// <summary>Run artifact name of the evaluation split used for promotion.</summary>
    public const string EvaluationArtifact = "eval-data.tsv";

    /// <summary>Registers the model of a finished run as the next version of <paramref name="name"/>.</summary>
    public async Task<ModelVersion> RegisterAsync(string name, string runId, CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(name, "model name");
        var run = await tracking.GetRunAsync(runId, cancellationToken) ?? throw RelearnException.NotFound($"run {runId} does not exist");
        if (run.Info.Status != RunStatus.Finished)
        {
            throw RelearnException.Conflict($"run {runId} is {run.Info.Status.ToString().ToLowerInvariant()}; only a finished run can be registered");
        }
        var model = run.Artifacts.FirstOrDefault(a => a.Path == ModelArtifact)
            ?? throw RelearnException.Invalid($"run {runId} has no model artifact");
        var task = run.Tags.TryGetValue("relearn.task", out var t) ? t : throw RelearnException.Invalid($"run {runId} has no relearn.task tag");
        var metrics = run.Metrics.Where(m => m.Key != "train_seconds").ToDictionary();
        var version = await store.CreateVersionAsync(name, task, runId, model.Digest, run.Info.DatasetVersion, metrics, cancellationToken);
        // Resolved late: an observer (the reference profiles) needs this registry to load the version.
        foreach (var observer in services?.GetService(typeof(IEnumerable<IModelVersionObserver>)) as IEnumerable<IModelVersionObserver> ?? [])
        {
            await observer.OnRegisteredAsync(version, cancellationToken);
        }
        return version;
    }

    /// <summary>
    /// The version a reference names: <c>name:3</c>, <c>name@alias</c>, or for a bare name the
    /// <c>production</c> holder, else the latest version.
    /// </summary>
    public async Task<ModelVersion> ResolveAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        var model = await store.GetModelAsync(reference.Name, cancellationToken)
            ?? throw RelearnException.NotFound($"model '{reference.Name}' does not exist");
        int version;
        if (reference.Version is { } v)
        {
            version = v;
        }
        else if (reference.Alias is { } alias)
        {
            version = model.Aliases.TryGetValue(alias, out var held) ? held : throw RelearnException.NotFound($"model '{reference.Name}' has no alias '{alias}'");
        }
        else
        {
            version = model.Aliases.TryGetValue(DefaultAlias, out var held) ? held : model.LatestVersion;
        }
        return await store.GetVersionAsync(reference.Name, version, cancellationToken)
            ?? throw RelearnException.NotFound(string.Create(CultureInfo.InvariantCulture, $"model '{reference.Name}' has no version {version}"));
    }

    /// <summary>Loads a version's model for scoring.</summary>
    public async Task<IServableModel> LoadAsync(ModelVersion version, CancellationToken cancellationToken = default) =>
        tasks.Get(version.Task).Load(await artifacts.ReadBytesAsync(version.ModelDigest, cancellationToken));

    /// <summary>Evaluates a version on canonical evaluation data of its task.</summary>
    public async Task<IReadOnlyDictionary<string, double>> EvaluateAsync(ModelVersion version, byte[] evaluationData, CancellationToken cancellationToken = default)
    {
        var model = await LoadAsync(version, cancellationToken);
        return await Task.Run(() => tasks.Get(version.Task).Evaluate(model, evaluationData), cancellationToken);
    }

    /// <summary>
    /// Points <paramref name="alias"/> at <paramref name="version"/> when it scores at least as well as the current
    /// holder on the same evaluation data (the challenger's held-out split unless <paramref name="evaluationData"/>
    /// is given), or when <paramref name="force"/> is set: a forced promotion evaluates nothing (loading and scoring
    /// two models took seconds), needs no task this build knows, and its audit reason says it was forced. A guarded
    /// promotion of a version relearn cannot score (registered from a source URI) is refused, even onto an empty
    /// alias: the guard would vouch for a model nobody evaluated.
    /// </summary>
    public async Task<PromotionResult> PromoteAsync(string name, int version, string alias = DefaultAlias, bool force = false,
        byte[]? evaluationData = null, string actor = "cli", CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(alias, "alias");
        var challenger = await ResolveAsync(new ModelReference(name, null, version), cancellationToken);
        var championVersion = await store.GetAliasAsync(name, alias, cancellationToken);
        var metric = Scorable(challenger)?.PrimaryMetric;
        if (championVersion == version)
        {
            return new PromotionResult(false, name, alias, version, championVersion, metric, null, null,
                string.Create(CultureInfo.InvariantCulture, $"{name}@{alias} is already version {version}"));
        }
        if (!force && CannotScore(challenger, $"version {version} of '{name}'", "a guarded promotion cannot evaluate it") is { } why)
        {
            return new PromotionResult(false, name, alias, version, championVersion, metric, null, null, why, PromotionRefusal.CannotScore);
        }

        double? challengerScore = null, championScore = null;
        if (championVersion is { } held && !force)
        {
            var champion = await ResolveAsync(new ModelReference(name, null, held), cancellationToken);
            if (CannotScore(champion, $"the current holder of {name}@{alias}, version {held},", $"version {version} cannot be compared with it") is { } holderWhy)
            {
                return new PromotionResult(false, name, alias, version, held, metric, null, null, holderWhy, PromotionRefusal.CannotScore);
            }
            var data = evaluationData ?? await ReadEvaluationSplitAsync(challenger, cancellationToken);
            challengerScore = (await EvaluateAsync(challenger, data, cancellationToken))[metric!];
            championScore = (await EvaluateAsync(champion, data, cancellationToken))[metric!];
            if (challengerScore < championScore)
            {
                return new PromotionResult(false, name, alias, version, held, metric, challengerScore, championScore,
                    string.Create(CultureInfo.InvariantCulture,
                        $"refused: version {version} scores {metric} {challengerScore:0.####} < {championScore:0.####} of version {held}"),
                    PromotionRefusal.ScoresWorse);
            }
        }

        var reason = championVersion is null ? "first holder of the alias"
            : force ? "forced: promoted without evaluation"
            : string.Create(CultureInfo.InvariantCulture, $"{metric} {challengerScore:0.####} vs {championScore:0.####}");
        await store.MoveAliasAsync(name, alias, championVersion, version, "promote", actor, reason, cancellationToken);
        return new PromotionResult(true, name, alias, version, championVersion, metric, challengerScore, championScore,
            string.Create(CultureInfo.InvariantCulture, $"{name}@{alias} -> version {version} ({reason})"));
    }

    /// <summary>The task that can load and score <paramref name="version"/>, or null when relearn cannot.</summary>
    private IModelTask? Scorable(ModelVersion version) => version.IsServable ? tasks.Find(version.Task) : null;

    /// <summary>Why <paramref name="version"/> cannot be evaluated (a refusal reason), or null when it can.</summary>
    private string? CannotScore(ModelVersion version, string which, string consequence) =>
        Scorable(version) is not null ? null
        : !version.IsServable
            ? $"refused: {which} was registered from a source URI{(version.Source is { Length: > 0 } source ? $" ({source})" : "")}, not trained by relearn: relearn cannot load or score it, so {consequence}"
            : $"refused: {which} is a '{version.Task}' model, a task this relearn does not know: it cannot load or score it, so {consequence}";

    /// <summary>Points the alias back at its previous holder (promotions push, rollbacks pop).</summary>
    public async Task<AliasChange> RollbackAsync(string name, string alias = DefaultAlias, string actor = "cli", CancellationToken cancellationToken = default)
    {
        ModelReference.RequireName(alias, "alias");
        _ = await store.GetModelAsync(name, cancellationToken) ?? throw RelearnException.NotFound($"model '{name}' does not exist");
        var holders = new List<int>();
        foreach (var change in await store.GetAliasHistoryAsync(name, alias, cancellationToken))
        {
            if (change.Action == "rollback")
            {
                if (holders.Count > 0)
                {
                    holders.RemoveAt(holders.Count - 1);
                }
            }
            else if (change.NewVersion is { } v)
            {
                holders.Add(v);
            }
        }
        if (holders.Count < 2)
        {
            throw RelearnException.Conflict($"{name}@{alias} has no previous version to roll back to");
        }
        var current = await store.GetAliasAsync(name, alias, cancellationToken);
        return await store.MoveAliasAsync(name, alias, current, holders[^2], "rollback", actor,
            string.Create(CultureInfo.InvariantCulture, $"back to version {holders[^2]}"), cancellationToken);
    }

    /// <summary>Version → run → dataset version, plus the aliases pointing at the version.</summary>
    public async Task<ModelLineage> GetLineageAsync(ModelReference reference, CancellationToken cancellationToken = default)
    {
        var version = await ResolveAsync(reference, cancellationToken);
        var model = (await store.GetModelAsync(version.Name, cancellationToken))!;
        var run = await tracking.GetRunAsync(version.RunId, cancellationToken);
        DatasetVersion? dataset = null;
        if (version.DatasetVersion?.Split(':') is [var dsName, var dsVersion] && int.TryParse(dsVersion, CultureInfo.InvariantCulture, out var dsNumber))
        {
            dataset = await datasets.GetAsync(dsName, dsNumber, cancellationToken);
        }
        var aliases = model.Aliases.Where(a => a.Value == version.Version).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        return new ModelLineage(version, aliases, run, dataset);
    }

    /// <summary>The held-out split the version's training run kept for evaluation (canonical data of its task).</summary>
    public async Task<byte[]> ReadEvaluationSplitAsync(ModelVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var run = await tracking.GetRunAsync(version.RunId, cancellationToken);
        var split = run?.Artifacts.FirstOrDefault(a => a.Path == EvaluationArtifact)
            ?? throw RelearnException.Invalid($"version {version.Version} has no evaluation split; pass evaluation data to compare");
        return await artifacts.ReadBytesAsync(split.Digest, cancellationToken);
    }
}
