using System.Globalization;
using Relearn.Core.Quality;
using Relearn.Core.Quality.NonFunctional;
using Relearn.Core.Quality.Steps;
using Relearn.Core.Registry;

namespace Relearn.Core.Pipelines.Steps;

/// <summary>
/// <c>register</c>: registers the model of a tracking <c>run</c> as the next version of <c>model</c>; outputs <c>version</c>
/// (<c>name:N</c>). A version relearn can check is measured at registration (package size, load time, p50/p99 latency,
/// allocations, batch throughput; <c>nfr: false</c> skips it) into its model card; the non-functional thresholds
/// (<c>max_p99_ms</c>, …) are gates: the version stays registered, the stage fails naming the figure.
/// </summary>
public sealed class RegisterStep(ModelRegistry registry, ModelQuality quality) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "register";

    /// <inheritdoc />
    public string Version => "2";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["run", "model"], ["nfr", .. NonFunctionalThresholds.Names], ["version"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gates = CheckStep.Read(context, NonFunctionalThresholds.Read);
        var version = await registry.RegisterAsync(context.Arg("model"), context.Arg("run"), cancellationToken);
        var reference = string.Create(CultureInfo.InvariantCulture, $"{version.Name}:{version.Version}");
        context.Log.WriteLine($"registered {reference}");
        var metrics = new Dictionary<string, double>(version.Metrics);
        if (context.Flag("nfr", true) && quality.CanCheck(version))
        {
            var (figures, report) = await quality.MeasureAsync(version, gates, cancellationToken);
            await quality.AddToCardAsync(version, figures, report, cancellationToken);
            foreach (var (key, value) in figures.ToMetrics())
            {
                metrics[key] = value;
            }
            context.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"non-functional: package {figures.PackageBytes / 1048576.0:0.###} MiB, load {figures.LoadMs:0.#} ms, p50 {figures.P50Ms:0.###} ms, p99 {figures.P99Ms:0.###} ms, {figures.AllocatedBytesPerPrediction / 1024:0.#} KiB/prediction, {figures.BatchRowsPerSecond:0} rows/s"));
            if (!report.Passed)
            {
                throw RelearnException.Invalid($"stage {context.Stage.Name}: {reference} fails its non-functional gates: "
                    + string.Join("; ", report.Failed.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Value:0.###} (gate {t.Threshold:0.###})"))));
            }
        }
        return new StepResult(new Dictionary<string, StageOutput> { ["version"] = StageOutput.Reference(reference) }, metrics);
    }
}

/// <summary>
/// <c>promote</c>: moves <c>alias</c> (default <c>production</c>) to <c>version</c> (<c>name:N</c>) unless the challenger
/// scores worse than the holder (<c>force: true</c> skips the comparison). A refusal is an expected outcome, not a
/// failure: the stage succeeds, outputs <c>promoted</c> false and logs why. It never runs after a failed or alerting stage.
/// Outputs <c>promoted</c>, <c>holder</c> (<c>name:N</c> holding the alias afterwards) and <c>alias</c> (<c>name@alias</c>),
/// so stages after it rerun when the alias it moves changes, not only when the holder does.
/// </summary>
/// <remarks>
/// <c>min_test_score</c> refuses a version whose ML Test Score is below it (unless forced), naming the tests missing.
/// </remarks>
public sealed class PromoteStep(ModelRegistry registry, ModelQuality quality) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "promote";

    /// <inheritdoc />
    public string Version => "3";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["version"], ["alias", "force", "min_test_score"], ["promoted", "holder", "alias"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = ModelReference.Parse(context.Arg("version"));
        if (reference.Version is not { } version)
        {
            throw RelearnException.Invalid($"stage {context.Stage.Name}: version '{context.Arg("version")}' is not NAME:VERSION");
        }
        var alias = context.OptionalArg("alias") ?? ModelRegistry.DefaultAlias;
        var force = context.Flag("force", false);
        var minimum = context.OptionalArg("min_test_score") is null ? (double?)null : context.Number("min_test_score", 0);
        var result = !force && minimum is { } bar
                && await quality.GuardAsync(await registry.ResolveAsync(reference, cancellationToken), alias, bar, cancellationToken) is { } refused
            ? refused
            : await registry.PromoteAsync(reference.Name, version, alias, force, actor: $"pipeline:{context.RunId}", cancellationToken: cancellationToken);
        context.Log.WriteLine(result.Reason);
        var holder = result.Promoted ? version : result.Champion ?? version;
        return new StepResult(new Dictionary<string, StageOutput>
        {
            ["promoted"] = StageOutput.Reference(result.Promoted ? "true" : "false"),
            ["holder"] = StageOutput.Reference(string.Create(CultureInfo.InvariantCulture, $"{reference.Name}:{holder}")),
            ["alias"] = StageOutput.Reference($"{reference.Name}@{alias}"),
        }, new Dictionary<string, double>());
    }
}

/// <summary><c>export</c>: writes the export manifest of <c>version</c> (<c>name:N</c>) and points <c>exports/NAME/latest</c> at it.</summary>
public sealed class ExportStep(ModelRegistry registry, ModelExporter exporter) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "export";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["version"], [], ["manifest"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = await registry.ResolveAsync(ModelReference.Parse(context.Arg("version")), cancellationToken);
        var digest = await exporter.ExportAsync(version, cancellationToken);
        context.Log.WriteLine($"exported {version.Name}:{version.Version} as {digest}");
        return StepResult.Of(new Dictionary<string, StageOutput> { ["manifest"] = new(StageOutputKind.Artifact, digest, digest) });
    }
}
