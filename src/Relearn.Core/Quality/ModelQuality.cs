using Relearn.Core.Models;
using Relearn.Core.Pipelines.Runs;
using Relearn.Core.Quality.Checks;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Registry;
using Relearn.Core.Storage;
using Relearn.Core.Tracking;

namespace Relearn.Core.Quality;

/// <summary>
/// Runs and records the quality checks of model versions — behavioural (the task's <see cref="IModelTask.Checks"/>),
/// non-functional (package, load, latency, allocations, throughput, finite outputs) — and computes the ML Test Score.
/// Used by <c>relearn models check|score</c>, the <c>check</c>, <c>score</c> and <c>register</c> steps and the promotion guard.
/// </summary>
public sealed partial class ModelQuality(ModelRegistry registry, ModelTaskCatalog tasks, IArtifactStore artifacts, QualityRecords records,
    ITrackingStore tracking, IModelRegistryStore registryStore, IPipelineStore pipelines)
{
    /// <summary>Kind of the quality run of a behavioural check.</summary>
    public const string CheckKindName = "check";

    /// <summary>Kind of the quality run of a non-functional measurement.</summary>
    public const string NfrKindName = "nfr";

    /// <summary>Sample inputs the non-functional checks use.</summary>
    public const int NfrInputs = 100;

    /// <summary>The records this service writes.</summary>
    public QualityRecords Records => records;

    /// <summary>
    /// Runs the task's behavioural checks and the non-functional checks on <paramref name="version"/> (its held-out split
    /// unless <paramref name="evaluationData"/> is given); records the report when <paramref name="record"/> is set.
    /// </summary>
    public async Task<CheckReport> CheckAsync(ModelVersion version, CheckThresholds thresholds, NonFunctionalThresholds nfr, byte[]? evaluationData = null,
        bool record = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var (task, checks) = Checkable(version);
        var data = evaluationData ?? await registry.ReadEvaluationSplitAsync(version, cancellationToken);
        var package = await artifacts.ReadBytesAsync(version.ModelDigest, cancellationToken);
        var (results, figures) = await Task.Run(() =>
        {
            // One load serves both halves: loading an embeddings model is most of a check's time.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var model = task.Load(package);
            var loadMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var behavioural = CheckRunner.Run(model, checks, checks.Tests(model.Manifest, data), thresholds);
            var measured = NonFunctionalChecks.Measure(model, package.LongLength, loadMs, checks.SampleInputs(data, NfrInputs));
            return (behavioural.Concat(NonFunctionalChecks.Judge(measured, nfr)).ToList(), measured);
        }, cancellationToken);
        var report = new CheckReport(version.Name, version.Version, results);
        if (record)
        {
            await records.RecordAsync(CheckKindName, version, report, Metrics(report, figures), report.Passed, cancellationToken);
        }
        return report;
    }

    /// <summary>Measures the non-functional figures of <paramref name="version"/> and records them (registration does this).</summary>
    public async Task<(NonFunctionalFigures Figures, CheckReport Report)> MeasureAsync(ModelVersion version, NonFunctionalThresholds thresholds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var (task, checks) = Checkable(version);
        var data = await registry.ReadEvaluationSplitAsync(version, cancellationToken);
        var package = await artifacts.ReadBytesAsync(version.ModelDigest, cancellationToken);
        var figures = await Task.Run(() => NonFunctionalChecks.Measure(task, package, checks.SampleInputs(data, NfrInputs)), cancellationToken);
        var report = new CheckReport(version.Name, version.Version, NonFunctionalChecks.Judge(figures, thresholds));
        await records.RecordAsync(NfrKindName, version, report, figures.ToMetrics(), report.Passed, cancellationToken);
        return (figures, report);
    }

    /// <summary>Whether relearn can check <paramref name="version"/>: a servable version of a task that supplies checks.</summary>
    public bool CanCheck(ModelVersion version) => version.IsServable && tasks.Find(version.Task)?.Checks is not null;

    private (IModelTask Task, IBehaviouralChecks Checks) Checkable(ModelVersion version)
    {
        var task = version.IsServable ? tasks.Find(version.Task) : null;
        if (task is null)
        {
            throw RelearnException.Invalid($"version {version.Version} of '{version.Name}' is not a model relearn can load, so it cannot be checked");
        }
        return (task, task.Checks ?? throw RelearnException.Invalid($"the '{version.Task}' task has no behavioural checks"));
    }

    /// <summary>Per-kind least pass rates, failures and the non-functional figures, for <c>alerts:</c> and run search.</summary>
    private static Dictionary<string, double> Metrics(CheckReport report, NonFunctionalFigures figures)
    {
        var metrics = new Dictionary<string, double>(figures.ToMetrics())
        {
            ["check_failures"] = report.Tests.Where(t => t.Kind != CheckRunner.KindName(CheckKind.Nfr)).Sum(t => t.Failures),
            ["checks_failed"] = report.Failed.Count(),
        };
        foreach (var kind in report.Tests.GroupBy(t => t.Kind))
        {
            metrics["min_pass_rate_" + kind.Key.ToLowerInvariant()] = kind.Min(t => t.PassRate);
        }
        return metrics;
    }
}
