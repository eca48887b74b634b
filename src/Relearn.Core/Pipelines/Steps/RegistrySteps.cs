using System.Globalization;
using Relearn.Core.Registry;

namespace Relearn.Core.Pipelines.Steps;

/// <summary><c>register</c>: registers the model of a tracking <c>run</c> as the next version of <c>model</c>; outputs <c>version</c> (<c>name:N</c>).</summary>
public sealed class RegisterStep(ModelRegistry registry) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "register";

    /// <inheritdoc />
    public string Version => "1";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["run", "model"], [], ["version"]);

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = await registry.RegisterAsync(context.Arg("model"), context.Arg("run"), cancellationToken);
        var reference = string.Create(CultureInfo.InvariantCulture, $"{version.Name}:{version.Version}");
        context.Log.WriteLine($"registered {reference}");
        return new StepResult(new Dictionary<string, StageOutput> { ["version"] = StageOutput.Reference(reference) }, version.Metrics);
    }
}

/// <summary>
/// <c>promote</c>: moves <c>alias</c> (default <c>production</c>) to <c>version</c> (<c>name:N</c>) unless the challenger
/// scores worse than the holder (<c>force: true</c> skips the comparison). A refusal is an expected outcome, not a
/// failure: the stage succeeds, outputs <c>promoted</c> false and logs why. It never runs after a failed or alerting stage.
/// Outputs <c>promoted</c>, <c>holder</c> (<c>name:N</c> holding the alias afterwards) and <c>alias</c> (<c>name@alias</c>),
/// so stages after it rerun when the alias it moves changes, not only when the holder does.
/// </summary>
public sealed class PromoteStep(ModelRegistry registry) : IPipelineStep
{
    /// <inheritdoc />
    public string Name => "promote";

    /// <inheritdoc />
    public string Version => "2";

    /// <inheritdoc />
    public StepSignature Signature { get; } = new(["version"], ["alias", "force"], ["promoted", "holder", "alias"]);

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
        var result = await registry.PromoteAsync(reference.Name, version, alias, context.Flag("force", false), actor: $"pipeline:{context.RunId}",
            cancellationToken: cancellationToken);
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
