using Relearn.Core.Pipelines.Caching;
using Relearn.Core.Pipelines.Definition;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Pipelines.Steps;
using Relearn.Core.Storage;

namespace Relearn.Core.Pipelines;

/// <summary>What <c>relearn pipeline run</c> would do to one stage, and why.</summary>
public sealed record StagePlan(string Stage, bool WillRun, string Reason, string? CachedFromRun);

/// <summary>
/// <c>relearn pipeline status</c>: for each stage in dependency order, whether a run now would execute it or reuse a
/// cached result, and why — forced, never ran, a param/input/upstream/definition change, or an upstream stage that will run.
/// Read-only: it computes fingerprints exactly as the runner does and looks them up.
/// </summary>
public sealed class PipelinePlanner(IPipelineStore store, IArtifactStore artifacts, PipelineStepCatalog steps)
{
    /// <summary>The plan for <paramref name="source"/> with <paramref name="overrides"/> and <paramref name="forced"/> stages.</summary>
    public async Task<IReadOnlyList<StagePlan>> PlanAsync(PipelineSource source, IReadOnlyDictionary<string, string> overrides, IReadOnlyCollection<string> forced,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var definition = source.Parse();
        var parameters = PipelineValidator.ResolveParams(definition, overrides);
        var order = PipelineValidator.Validate(definition, steps, source.ProjectFolder, parameters);
        var outputs = new Dictionary<string, IReadOnlyDictionary<string, StageOutput>>(StringComparer.Ordinal);
        var plans = new List<StagePlan>();
        foreach (var stage in order)
        {
            var plan = await PlanStageAsync(definition.Name, stage, parameters, source.ProjectFolder, forced, outputs, cancellationToken);
            plans.Add(plan.Plan);
            if (plan.Outputs is not null)
            {
                outputs[stage.Name] = plan.Outputs;
            }
        }
        return plans;
    }

    private async Task<(StagePlan Plan, IReadOnlyDictionary<string, StageOutput>? Outputs)> PlanStageAsync(string pipeline, StageDefinition stage,
        IReadOnlyDictionary<string, string> parameters, string projectFolder, IReadOnlyCollection<string> forced,
        Dictionary<string, IReadOnlyDictionary<string, StageOutput>> known, CancellationToken cancellationToken)
    {
        if (forced.Contains(stage.Name))
        {
            return (new StagePlan(stage.Name, true, "forced", null), null);
        }
        if (steps.Get(stage.Step).AlwaysRuns)
        {
            return (new StagePlan(stage.Name, true, $"step {stage.Step} always runs", null), null);
        }
        if (stage.Upstream.FirstOrDefault(u => !known.ContainsKey(u)) is { } running)
        {
            return (new StagePlan(stage.Name, true, $"upstream {running} will run", null), null);
        }
        var upstream = stage.Upstream.ToDictionary(u => u, u => known[u], StringComparer.Ordinal);
        var detail = await StageFingerprint.ComputeAsync(stage, steps.Get(stage.Step), parameters, projectFolder, upstream, cancellationToken);
        if (await store.FindCachedStageAsync(detail.Fingerprint, cancellationToken) is { } hit)
        {
            foreach (var output in hit.Outputs.Values.Where(o => o.Digest is not null))
            {
                if (!await artifacts.ExistsAsync(output.Digest!, cancellationToken))
                {
                    return (new StagePlan(stage.Name, true, $"cached output {output.Value} is gone from the artifact store", null), null);
                }
            }
            return (new StagePlan(stage.Name, false, "cached: nothing changed", hit.RunId), hit.Outputs);
        }
        var last = await store.GetLastCompletedStageAsync(pipeline, stage.Name, cancellationToken);
        if (FingerprintDetail.FromJson(last?.FingerprintDetail) is not { } previous)
        {
            return (new StagePlan(stage.Name, true, "never ran", null), null);
        }
        var changes = detail.ChangesSince(previous);
        return (new StagePlan(stage.Name, true, changes.Count > 0 ? string.Join("; ", changes) : "last result not reusable", null), null);
    }
}
